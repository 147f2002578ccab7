import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { allauth, AllauthFailure, decodeKey } from "../../api/allauth";
import { keys } from "../../api/queries";
import { useAuth } from "../../auth";
import { serverErrors } from "../../components/forms";
import { ErrorMessage, Field, Loading, Notice, PageTitle } from "../../components/ui";
import { setFlash } from "../../flash";
import { useI18n } from "../../i18n";
import { Link, navigate } from "../../router";

export default function PasswordReset({ rawKey }: { rawKey: string }) {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const key = decodeKey(rawKey);
  // Whether the key still works, asked once per key (not again on a focus or a remount).
  const valid = useQuery({ queryKey: keys.passwordResetKey(key), queryFn: () => allauth.checkPasswordResetKey(key), staleTime: Infinity });
  const [password, setPassword] = useState("");
  const reset = useMutation({
    mutationFn: async (newPassword: string) => {
      const outcome = await allauth.resetPassword(key, newPassword);
      setFlash(t("auth.reset.done"));
      if (outcome.done) {
        await refresh();
        navigate("/", { replace: true });
      } else {
        navigate("/account/login", { replace: true });
      }
    },
  });
  const failure = reset.error instanceof AllauthFailure && reset.error.status === 400 ? reset.error : null;
  const error = failure ? null : reset.error;
  const server = serverErrors(failure, ["password", "key"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    reset.mutate(password);
  }

  return (
    <section className="narrow">
      <PageTitle>{t("auth.reset.choose")}</PageTitle>
      {valid.isPending ? (
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
            error={server.field("password") ?? server.field("key")}
          />
          {server.rest instanceof AllauthFailure && <Notice kind="error">{server.rest.message}</Notice>}
          {error && <ErrorMessage error={error} />}
          <button className="button" type="submit" disabled={reset.isPending}>
            {t("auth.reset.save")}
          </button>
        </form>
      )}
    </section>
  );
}
