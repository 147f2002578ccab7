import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { allauth, AllauthFailure } from "../../api/allauth";
import { useAuth } from "../../auth";
import { serverErrors } from "../../components/forms";
import { ErrorMessage, Field, Notice, PageTitle } from "../../components/ui";
import { useI18n } from "../../i18n";
import { Link, navigate, queryParam, safeNext } from "../../router";

export default function Login() {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const next = safeNext(queryParam("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation({
    mutationFn: async (credentials: { email: string; password: string }) => {
      const outcome = await allauth.login(credentials.email, credentials.password);
      if (outcome.done) {
        await refresh();
        navigate(next, { replace: true });
      }
      return outcome;
    },
  });
  const refused = login.error instanceof AllauthFailure && login.error.status === 400;
  // An address the server refuses (malformed) is named beside it; a wrong password is the
  // one sentence below, which never says which of the two was wrong.
  const server = serverErrors(refused ? login.error : null, ["email"]);
  const outcome = login.data;
  let problem: string | null = null;
  if ((refused && server.rest) || (outcome && !outcome.done)) {
    problem = outcome?.pending.includes("verify_email") ? t("auth.login.unverified") : t("auth.login.failed");
  }
  const error = refused ? null : login.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  }

  const suffix = next !== "/" ? `?next=${encodeURIComponent(next)}` : "";
  return (
    <section className="narrow">
      <PageTitle>{t("auth.login.title")}</PageTitle>
      {next !== "/" && <Notice>{t("auth.needed")}</Notice>}
      <form onSubmit={submit} className="card stack" noValidate>
        <Field label={t("auth.email")} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={server.field("email")} />
        <Field label={t("auth.password")} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {problem && <Notice kind="error">{problem}</Notice>}
        {error && <ErrorMessage error={error} />}
        <button className="button" type="submit" disabled={login.isPending}>
          {t("auth.login.submit")}
        </button>
        <p>
          <Link to="/account/password/reset">{t("auth.login.forgot")}</Link>
        </p>
      </form>
      <p className="center">
        {t("auth.login.noAccount")} <Link to={`/account/signup${suffix}`}>{t("nav.signup")}</Link>
      </p>
    </section>
  );
}
