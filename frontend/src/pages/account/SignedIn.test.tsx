import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { type ReactNode, useState } from "react";
import { describe, expect, it } from "vitest";
import { allauth, AllauthFailure } from "../../api/allauth";
import type { Me } from "../../api/types";
import { type Auth, AuthContext } from "../../auth";
import { fakeApi, ME, renderPage } from "../../test/render";
import Login from "./Login";
import Signup from "./Signup";

const A = "/_allauth/browser/v1";
const ALREADY = { status: 409, body: { status: 409, errors: [{ message: "The user is already authenticated.", code: "conflict" }] } };

/** The player the page knows follows the server's session, as with the app's AuthProvider:
 * the page opened signed out, `refresh` asks the server (signed in as `signedInAs` since,
 * from another tab), `logout` ends that session. */
function Session({ signedInAs, children }: { signedInAs: Me; children: ReactNode }) {
  const [session, setSession] = useState<Me | null>(signedInAs);
  const [me, setMe] = useState<Me | null>(null);
  const auth: Auth = {
    status: me ? "authenticated" : "anonymous",
    me,
    refresh: async () => {
      setMe(session);
      return session;
    },
    updateMe: async () => me as Me,
    logout: async () => {
      setSession(null);
      setMe(null);
    },
    forget: () => setMe(null),
  };
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

describe("allauth's login", () => {
  it("never takes a 409 (someone already signed in) for a login of the typed account", async () => {
    fakeApi({ [`POST ${A}/auth/login`]: ALREADY });
    const failure = await allauth.login("other@paddock.test", "not-even-checked").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AllauthFailure);
    expect((failure as AllauthFailure).status).toBe(409);
  });
});

describe("the login page of a signed-in player", () => {
  it("says who is signed in, with a way on and a way out, and no form that would be ignored", async () => {
    window.history.replaceState(null, "", "/account/login?next=%2Fpick");
    const calls = fakeApi({});
    const { auth } = renderPage(<Login />);
    expect(screen.getByText("You are signed in as Camille.")).toBeTruthy();
    expect(screen.queryByLabelText("Password")).toBeNull();
    expect(screen.getByRole("link", { name: "Continue" }).getAttribute("href")).toBe("/pick");
    await userEvent.setup().click(screen.getByRole("button", { name: "Log out to use another account" }));
    expect(auth.logout).toHaveBeenCalled();
    expect(calls).toHaveLength(0);
  });

  it("in French too", () => {
    window.history.replaceState(null, "", "/account/login");
    fakeApi({});
    renderPage(<Login />, { lang: "fr" });
    expect(screen.getByText("Vous êtes connecté en tant que Camille.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Continuer" }).getAttribute("href")).toBe("/");
  });

  it("after a submit the server answered 409: stays, says the typed account was not checked and who is signed in", async () => {
    window.history.replaceState(null, "", "/account/login");
    fakeApi({ [`POST ${A}/auth/login`]: ALREADY });
    // Signed in as Camille in another tab since this page opened.
    renderPage(
      <Session signedInAs={ME}>
        <Login />
      </Session>,
      { me: null },
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "someone-else@paddock.test");
    await user.type(screen.getByLabelText("Password"), "whatever-was-typed");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    const notice = await screen.findByText("You were already signed in: the email address and password you typed were not checked.");
    expect(screen.getByText("You are signed in as Camille.")).toBeTruthy();
    expect(window.location.pathname).toBe("/account/login");
    // The form is gone: the focus is on what replaced it, not lost on the page.
    await waitFor(() => expect(document.activeElement?.contains(notice)).toBe(true));

    // Logging out brings the form back, to log in with the other account.
    await user.click(screen.getByRole("button", { name: "Log out to use another account" }));
    expect(await screen.findByText("You are logged out.")).toBeTruthy();
    expect(screen.queryByText(/already signed in/)).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Email address")));
  });
});

describe("the sign-up page of a signed-in player", () => {
  it("says who is signed in instead of the form", () => {
    window.history.replaceState(null, "", "/account/signup?next=%2Fleagues%2Fjoin%2Fabc");
    fakeApi({});
    renderPage(<Signup />);
    expect(screen.getByText("You are signed in as Camille.")).toBeTruthy();
    expect(screen.queryByLabelText("Display name")).toBeNull();
    expect(screen.getByRole("link", { name: "Continue" }).getAttribute("href")).toBe("/leagues/join/abc");
  });

  it("after a submit the server answered 409: says no account was made and who is signed in", async () => {
    window.history.replaceState(null, "", "/account/signup");
    fakeApi({ [`POST ${A}/auth/signup`]: ALREADY });
    renderPage(
      <Session signedInAs={ME}>
        <Signup />
      </Session>,
      { me: null },
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "new@paddock.test");
    await user.type(screen.getByLabelText("Display name"), "Newcomer");
    await user.type(screen.getByLabelText("Password"), "a-long-passphrase-42");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByText("You were already signed in: no account was created.")).toBeTruthy();
    expect(screen.getByText("You are signed in as Camille.")).toBeTruthy();
  });
});
