import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { allauth, AllauthFailure } from "../../api/allauth";
import { serverErrors } from "../../components/forms";
import { ErrorMessage, Field, Notice, PageTitle } from "../../components/ui";
import { useI18n } from "../../i18n";

export default function PasswordRequest() {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const request = useMutation({
    mutationFn: async (address: string) => {
      await allauth.requestPasswordReset(address);
      return address;
    },
  });
  const sent = request.data ?? null;
  const failure = request.error instanceof AllauthFailure && request.error.status === 400 ? request.error : null;
  const server = serverErrors(failure, ["email"]);
  // A refusal about no input is shown like any other error.
  const error = failure ? (server.rest as AllauthFailure | null) : request.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    request.mutate(email.trim());
  }

  return (
    <section className="narrow">
      <PageTitle>{t("auth.reset.title")}</PageTitle>
      {sent ? (
        <Notice kind="success">{t("auth.reset.sent", { email: sent })}</Notice>
      ) : (
        <form onSubmit={submit} className="card stack" noValidate>
          <p>{t("auth.reset.intro")}</p>
          <Field label={t("auth.email")} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={server.field("email")} />
          {error && <ErrorMessage error={error} />}
          <button className="button" type="submit" disabled={request.isPending}>
            {t("auth.reset.submit")}
          </button>
        </form>
      )}
    </section>
  );
}
