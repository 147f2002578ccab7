import { type FormEvent, useState } from "react";
import { allauth, AllauthFailure } from "../../api/allauth";
import { ErrorMessage, Field, Notice, PageTitle } from "../../components/ui";
import { useI18n } from "../../i18n";

export default function PasswordRequest() {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AllauthFailure | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setError(null);
    try {
      await allauth.requestPasswordReset(email.trim());
      setSent(email.trim());
    } catch (err) {
      if (err instanceof AllauthFailure && err.status === 400) setFailure(err);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <PageTitle>{t("auth.reset.title")}</PageTitle>
      {sent ? (
        <Notice kind="success">{t("auth.reset.sent", { email: sent })}</Notice>
      ) : (
        <form onSubmit={submit} className="card stack" noValidate>
          <p>{t("auth.reset.intro")}</p>
          <Field label={t("auth.email")} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={failure?.messageFor("email")} />
          {error !== null && <ErrorMessage error={error} />}
          <button className="button" type="submit" disabled={busy}>
            {t("auth.reset.submit")}
          </button>
        </form>
      )}
    </section>
  );
}
