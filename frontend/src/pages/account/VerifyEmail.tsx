import { useEffect, useState } from "react";
import { allauth, decodeKey } from "../../api/allauth";
import { useAuth } from "../../auth";
import { Loading, Notice, PageTitle } from "../../components/ui";
import { setFlash, takeNext } from "../../flash";
import { useI18n } from "../../i18n";
import { Link, navigate, safeNext } from "../../router";

type State = "working" | "done" | "login" | "invalid";

// One POST per key even when React mounts the page twice (development's strict mode).
const attempts = new Map<string, ReturnType<typeof allauth.verifyEmail>>();

export default function VerifyEmail({ rawKey }: { rawKey: string }) {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const [state, setState] = useState<State>("working");
  const key = decodeKey(rawKey);

  useEffect(() => {
    let live = true;
    let attempt = attempts.get(key);
    if (!attempt) {
      attempt = allauth.verifyEmail(key);
      attempts.set(key, attempt);
    }
    attempt.then(
      async (outcome) => {
        if (!live) return;
        if (outcome.done) {
          await refresh();
          setFlash(t("auth.verify.done"));
          navigate(safeNext(takeNext()), { replace: true });
        } else {
          setState("login");
        }
      },
      () => live && setState("invalid"),
    );
    return () => {
      live = false;
    };
  }, [key, refresh, t]);

  return (
    <section className="narrow">
      <PageTitle>{t("auth.verify.title")}</PageTitle>
      {state === "working" && <Loading />}
      {state === "login" && (
        <Notice kind="success">
          {t("auth.verify.loginNow")} <Link to="/account/login">{t("nav.login")}</Link>
        </Notice>
      )}
      {state === "invalid" && (
        <Notice kind="error">
          {t("auth.verify.invalid")} <Link to="/account/login">{t("nav.login")}</Link>
        </Notice>
      )}
    </section>
  );
}
