import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { allauth, AllauthFailure, alreadySignedIn } from "../../api/allauth";
import { useAuth } from "../../auth";
import { serverErrors, useFocusOnFailure } from "../../components/forms";
import { ErrorMessage, Field, Loading, Notice, PageTitle } from "../../components/ui";
import { useI18n } from "../../i18n";
import { Link, navigate, queryParam, safeNext } from "../../router";
import { SignedIn, useSignedInGate } from "./SignedIn";

export default function Login() {
  const { t } = useI18n();
  const { refresh, status } = useAuth();
  const next = safeNext(queryParam("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useRef<HTMLFormElement>(null);
  const login = useMutation({
    mutationFn: async (credentials: { email: string; password: string }) => {
      try {
        const outcome = await allauth.login(credentials.email, credentials.password);
        if (outcome.done) {
          await refresh();
          navigate(next, { replace: true });
        }
        return outcome;
      } catch (error) {
        // Someone is signed in already (another tab, maybe another account): ask who, to say so.
        if (alreadySignedIn(error)) await refresh();
        throw error;
      }
    },
  });
  const refused = login.error instanceof AllauthFailure && login.error.status === 400;
  // An address the server refuses (malformed) is named beside it; a wrong password is the
  // one sentence above the inputs, which never says which of the two was wrong.
  const server = serverErrors(refused ? login.error : null, ["email"]);
  const outcome = login.data;
  let problem: string | null = null;
  if ((refused && server.rest) || (outcome && !outcome.done)) {
    problem = outcome?.pending.includes("verify_email") ? t("auth.login.unverified") : t("auth.login.failed");
  }
  const error = refused ? null : login.error;
  useFocusOnFailure(form, login.error ?? (outcome && !outcome.done ? outcome : null));

  // Signed in already (but not by this page's submit): no form that would be ignored, but
  // who is signed in.
  const { me: signedIn, loggedOut, onLoggedOut } = useSignedInGate(form, {
    busy: login.isPending,
    done: Boolean(outcome?.done),
    reset: login.reset,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  }

  const suffix = next !== "/" ? `?next=${encodeURIComponent(next)}` : "";
  return (
    <section className="narrow">
      <PageTitle>{t("auth.login.title")}</PageTitle>
      {status === "loading" ? (
        <Loading />
      ) : signedIn ? (
        <SignedIn me={signedIn} next={next} ignored={alreadySignedIn(login.error) ? t("auth.signedIn.loginIgnored") : null} onLoggedOut={onLoggedOut} />
      ) : (
        <>
          {loggedOut ? <Notice kind="success">{t("auth.logout.done")}</Notice> : next !== "/" && <Notice>{t("auth.needed")}</Notice>}
          <form ref={form} onSubmit={submit} className="card stack" noValidate>
            <div tabIndex={-1} className="form-summary">
              {problem && <Notice kind="error">{problem}</Notice>}
              {error && <ErrorMessage error={error} />}
            </div>
            <Field label={t("auth.email")} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={server.field("email")} />
            <Field label={t("auth.password")} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
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
        </>
      )}
    </section>
  );
}
