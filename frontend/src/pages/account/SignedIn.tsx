/** The login and sign-up pages of a player already signed in: who they are, where to go on,
 * and how to log out to use another account (no form that would be ignored). */
import { useMutation } from "@tanstack/react-query";
import { type RefObject, useEffect, useRef, useState } from "react";
import type { Me } from "../../api/types";
import { useAuth } from "../../auth";
import { ErrorMessage, Notice } from "../../components/ui";
import { useI18n } from "../../i18n";
import { Link } from "../../router";

/** `ignored`: what the submit that found the session did not do (it takes the focus then). */
export function SignedIn({ me, next, ignored, onLoggedOut }: { me: Me; next: string; ignored?: string | null; onLoggedOut?: () => void }) {
  const { t } = useI18n();
  const { logout } = useAuth();
  const box = useRef<HTMLDivElement>(null);
  const out = useMutation({ mutationFn: logout, onSuccess: () => onLoggedOut?.() });

  useEffect(() => {
    // After a submit the form is gone: the focus goes to what replaced it, not to the page.
    if (ignored) box.current?.focus();
  }, [ignored]);

  return (
    <div ref={box} tabIndex={-1} className="card stack form-summary">
      {ignored && <Notice kind="error">{ignored}</Notice>}
      <p>{t("auth.signedIn.as", { name: me.display_name || me.email })}</p>
      <p>
        <Link to={next} className="button">
          {t("auth.signedIn.continue")}
        </Link>
      </p>
      <p>
        <button type="button" className="button button-secondary" disabled={out.isPending} onClick={() => out.mutate()}>
          {t("auth.signedIn.logout")}
        </button>
      </p>
      {out.error && <ErrorMessage error={out.error} />}
    </div>
  );
}

/** The login and sign-up pages' gate: the signed-in player (`me`, when the page shows
 * `SignedIn` instead of its form) unless this page's own submit is sending (`busy`) or has
 * signed them in (`done`: it goes on to `next`); `loggedOut` once they logged out from
 * `SignedIn` (`onLoggedOut`), and then the focus goes to the form's first input. */
export function useSignedInGate(
  form: RefObject<HTMLFormElement | null>,
  { busy, done, reset }: { busy: boolean; done: boolean; reset: () => void },
): { me: Me | null; loggedOut: boolean; onLoggedOut: () => void } {
  const { me, status } = useAuth();
  const [loggedOut, setLoggedOut] = useState(false);
  const signedIn = status === "authenticated" && me && !busy && !done ? me : null;
  const showsForm = status === "anonymous" || (status === "authenticated" && !signedIn);
  useEffect(() => {
    // Logged out to use another account: on to the form, once it is back.
    if (loggedOut && showsForm) form.current?.querySelector("input")?.focus();
  }, [form, loggedOut, showsForm]);
  function onLoggedOut() {
    reset();
    setLoggedOut(true);
  }
  return { me: signedIn, loggedOut, onLoggedOut };
}
