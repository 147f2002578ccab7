import { type FormEvent, useState } from "react";
import { allauth, AllauthFailure } from "../../api/allauth";
import { useAuth } from "../../auth";
import { ErrorMessage, Field, Notice, PageTitle } from "../../components/ui";
import { useI18n } from "../../i18n";
import { Link, navigate, queryParam, safeNext } from "../../router";

export default function Login() {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const next = safeNext(queryParam("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setError(null);
    try {
      const outcome = await allauth.login(email.trim(), password);
      if (outcome.done) {
        await refresh();
        navigate(next, { replace: true });
        return;
      }
      setProblem(outcome.pending.includes("verify_email") ? t("auth.login.unverified") : t("auth.login.failed"));
    } catch (err) {
      if (err instanceof AllauthFailure && err.status === 400) setProblem(t("auth.login.failed"));
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const suffix = next !== "/" ? `?next=${encodeURIComponent(next)}` : "";
  return (
    <section className="narrow">
      <PageTitle>{t("auth.login.title")}</PageTitle>
      {next !== "/" && <Notice>{t("auth.needed")}</Notice>}
      <form onSubmit={submit} className="card stack" noValidate>
        <Field label={t("auth.email")} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label={t("auth.password")} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {problem && <Notice kind="error">{problem}</Notice>}
        {error !== null && <ErrorMessage error={error} />}
        <button className="button" type="submit" disabled={busy}>
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
