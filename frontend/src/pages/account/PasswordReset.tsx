import { type FormEvent, useState } from "react";
import { allauth, AllauthFailure, decodeKey } from "../../api/allauth";
import { useAuth } from "../../auth";
import { ErrorMessage, Field, Loading, Notice, PageTitle } from "../../components/ui";
import { setFlash } from "../../flash";
import { useAsync } from "../../hooks";
import { useI18n } from "../../i18n";
import { Link, navigate } from "../../router";

export default function PasswordReset({ rawKey }: { rawKey: string }) {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const key = decodeKey(rawKey);
  const valid = useAsync(() => allauth.checkPasswordResetKey(key), [key]);
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AllauthFailure | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setError(null);
    try {
      const outcome = await allauth.resetPassword(key, password);
      setFlash(t("auth.reset.done"));
      if (outcome.done) {
        await refresh();
        navigate("/", { replace: true });
      } else {
        navigate("/account/login", { replace: true });
      }
    } catch (err) {
      if (err instanceof AllauthFailure && err.status === 400) setFailure(err);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <PageTitle>{t("auth.reset.choose")}</PageTitle>
      {valid.loading ? (
        <Loading />
      ) : !valid.data ? (
        <Notice kind="error">
          {t("auth.reset.invalid")} <Link to="/account/password/reset">{t("auth.reset.title")}</Link>
        </Notice>
      ) : (
        <form onSubmit={submit} className="card stack" noValidate>
          <Field
            label={t("auth.newPassword")}
            type="password"
            name="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            hint={t("auth.passwordHint")}
            error={failure?.messageFor("password") ?? failure?.messageFor("key")}
          />
          {failure && !failure.messageFor("password") && !failure.messageFor("key") && <Notice kind="error">{failure.message}</Notice>}
          {error !== null && <ErrorMessage error={error} />}
          <button className="button" type="submit" disabled={busy}>
            {t("auth.reset.save")}
          </button>
        </form>
      )}
    </section>
  );
}
