import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { allauth, AllauthFailure, alreadySignedIn } from "../../api/allauth";
import { useAuth } from "../../auth";
import { serverErrors, useFocusOnFailure } from "../../components/forms";
import { ErrorMessage, Field, Loading, Notice, PageTitle } from "../../components/ui";
import { rememberNext } from "../../flash";
import { useI18n } from "../../i18n";
import { browserTimeZone } from "../../i18n/format";
import { Link, navigate, queryParam, safeNext } from "../../router";
import { SignedIn, useSignedInGate } from "./SignedIn";

export default function Signup() {
  const { t } = useI18n();
  const { refresh, status } = useAuth();
  const next = safeNext(queryParam("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const form = useRef<HTMLFormElement>(null);
  const signup = useMutation({
    mutationFn: async (account: { email: string; password: string; displayName: string }) => {
      // The email link opens a new page: remember where the player was going.
      rememberNext(next);
      try {
        const outcome = await allauth.signup(account.email, account.password, account.displayName, browserTimeZone());
        if (outcome.done) {
          await refresh();
          navigate(next, { replace: true });
          return null;
        }
        return account.email;
      } catch (error) {
        // Someone is signed in already (another tab): no account was made; ask who, to say so.
        if (alreadySignedIn(error)) await refresh();
        throw error;
      }
    },
  });
  const sentTo = signup.data ?? null;
  const failure = signup.error instanceof AllauthFailure && signup.error.status === 400 ? signup.error : null;
  const error = failure ? null : signup.error;
  useFocusOnFailure(form, signup.error);

  // Signed in already (but not by this page's submit): no form that would be ignored, but
  // who is signed in.
  const { me: signedIn, loggedOut, onLoggedOut } = useSignedInGate(form, {
    busy: signup.isPending,
    done: signup.isSuccess,
    reset: signup.reset,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    signup.mutate({ email: email.trim(), password, displayName: displayName.trim() });
  }

  if (sentTo) {
    return (
      <section className="narrow">
        <PageTitle>{t("auth.signup.sent.title")}</PageTitle>
        <Notice kind="success">{t("auth.signup.sent.body", { email: sentTo })}</Notice>
      </section>
    );
  }
  const suffix = next !== "/" ? `?next=${encodeURIComponent(next)}` : "";
  // The server's word on each input goes beside it; anything else at the top of the form.
  const server = serverErrors(failure, ["email", "display_name", "password"]);
  const general = server.rest instanceof AllauthFailure ? server.rest.message : null;
  return (
    <section className="narrow">
      <PageTitle>{t("auth.signup.title")}</PageTitle>
      {status === "loading" ? (
        <Loading />
      ) : signedIn ? (
        <SignedIn me={signedIn} next={next} ignored={alreadySignedIn(signup.error) ? t("auth.signedIn.signupIgnored") : null} onLoggedOut={onLoggedOut} />
      ) : (
        <>
          {loggedOut && <Notice kind="success">{t("auth.logout.done")}</Notice>}
          <p>{t("auth.signup.intro")}</p>
          <form ref={form} onSubmit={submit} className="card stack" noValidate>
            <div tabIndex={-1} className="form-summary">
              {general && <Notice kind="error">{general}</Notice>}
              {error && <ErrorMessage error={error} />}
            </div>
            <Field label={t("auth.email")} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={server.field("email")} />
            <Field
              label={t("settings.displayName")}
              name="display_name"
              autoComplete="nickname"
              required
              maxLength={40}
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              hint={t("auth.signup.nameHint")}
              error={server.field("display_name")}
            />
            <Field
              label={t("auth.password")}
              type="password"
              name="password"
              autoComplete="new-password"
              required
              minLength={8}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              hint={t("auth.passwordHint")}
              error={server.field("password")}
            />
            <p className="hint">{t("auth.signup.ageNote")}</p>
            <button className="button" type="submit" disabled={signup.isPending}>
              {t("auth.signup.submit")}
            </button>
          </form>
          <p className="center">
            {t("auth.signup.haveAccount")} <Link to={`/account/login${suffix}`}>{t("nav.login")}</Link>
          </p>
        </>
      )}
    </section>
  );
}
