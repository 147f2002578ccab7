import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeApi, renderPage } from "../../test/render";
import Login from "./Login";
import Settings from "./Settings";
import Signup from "./Signup";
import VerifyEmail from "./VerifyEmail";

const A = "/_allauth/browser/v1";

describe("sign-up", () => {
  it("asks to check the email and remembers where the player was going", async () => {
    // A player in London: the new account takes the browser's zone, not Paris.
    const resolved = Intl.DateTimeFormat().resolvedOptions();
    vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockReturnValue({ ...resolved, timeZone: "Europe/London" });
    window.history.replaceState(null, "", "/account/signup?next=%2Fleagues%2Fjoin%2Fabc");
    const calls = fakeApi({
      [`POST ${A}/auth/signup`]: { status: 401, body: { status: 401, data: { flows: [{ id: "verify_email", is_pending: true }] } } },
    });
    renderPage(<Signup />, { me: null });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "new@paddock.test");
    await user.type(screen.getByLabelText("Display name"), "  Galop Gagnant ");
    await user.type(screen.getByLabelText("Password"), "a-long-passphrase-42");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByRole("heading", { name: "Check your email" })).toBeTruthy();
    expect(calls[0]?.body).toEqual({
      email: "new@paddock.test",
      password: "a-long-passphrase-42",
      display_name: "Galop Gagnant",
      time_zone: "Europe/London",
    });
    expect(window.localStorage.getItem("paddock.next")).toBe("/leagues/join/abc");
  });

  it("shows the server's word next to the field it is about", async () => {
    window.history.replaceState(null, "", "/account/signup");
    fakeApi({
      [`POST ${A}/auth/signup`]: {
        status: 400,
        body: { status: 400, errors: [{ message: "This password is too common.", code: "password_too_common", param: "password" }] },
      },
    });
    renderPage(<Signup />, { me: null });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "new@paddock.test");
    await user.type(screen.getByLabelText("Password"), "password");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByText("This password is too common.")).toBeTruthy();
    expect(screen.getByLabelText("Password").getAttribute("aria-invalid")).toBe("true");
  });

  it("says beside the name field when another player's name looks the same", async () => {
    window.history.replaceState(null, "", "/account/signup");
    fakeApi({
      [`POST ${A}/auth/signup`]: {
        status: 400,
        body: { status: 400, errors: [{ message: "Another player's name looks the same: choose another.", code: "name_confusable", param: "display_name" }] },
      },
    });
    renderPage(<Signup />, { me: null });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "new@paddock.test");
    await user.type(screen.getByLabelText("Display name"), "JEAN turf");
    await user.type(screen.getByLabelText("Password"), "a-long-passphrase-42");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByText("Another player's name looks the same: choose another.")).toBeTruthy();
    expect(screen.getByLabelText("Display name").getAttribute("aria-invalid")).toBe("true");
  });
});

describe("a refused sign-up", () => {
  it("takes the focus to the first input the server refused", async () => {
    window.history.replaceState(null, "", "/account/signup");
    fakeApi({
      [`POST ${A}/auth/signup`]: {
        status: 400,
        body: { status: 400, errors: [{ message: "This password is too common.", code: "password_too_common", param: "password" }] },
      },
    });
    renderPage(<Signup />, { me: null });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "new@paddock.test");
    await user.type(screen.getByLabelText("Display name"), "Newcomer");
    await user.type(screen.getByLabelText("Password"), "password");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Password")));
  });

  it("takes the focus to the summary when the refusal is about no input", async () => {
    window.history.replaceState(null, "", "/account/signup");
    fakeApi({ [`POST ${A}/auth/signup`]: { status: 400, body: { status: 400, errors: [{ message: "Sign-ups are closed for now.", code: "closed" }] } } });
    renderPage(<Signup />, { me: null });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "new@paddock.test");
    await user.type(screen.getByLabelText("Display name"), "Newcomer");
    await user.type(screen.getByLabelText("Password"), "a-long-passphrase-42");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    const message = await screen.findByText("Sign-ups are closed for now.");
    await waitFor(() => expect(document.activeElement?.classList.contains("form-summary")).toBe(true));
    expect(document.activeElement?.contains(message)).toBe(true);
  });
});

describe("login", () => {
  it("takes the focus to the sentence that says why it failed", async () => {
    window.history.replaceState(null, "", "/account/login");
    fakeApi({ [`POST ${A}/auth/login`]: { status: 400, body: { status: 400, errors: [{ message: "x", code: "invalid" }] } } });
    renderPage(<Login />, { me: null });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "me@paddock.test");
    await user.type(screen.getByLabelText("Password"), "nope-nope");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    const message = await screen.findByText("The email address or the password is wrong.");
    await waitFor(() => expect(document.activeElement?.contains(message)).toBe(true));
    expect(document.activeElement).not.toBe(document.body);

    // A second failure takes it there again (after the player went back to the password).
    await user.type(screen.getByLabelText("Password"), "-again");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe("The email address or the password is wrong."));
  });

  it("takes the focus to the address the server refused", async () => {
    window.history.replaceState(null, "", "/account/login");
    fakeApi({
      [`POST ${A}/auth/login`]: { status: 400, body: { status: 400, errors: [{ message: "Enter a valid email address.", code: "invalid", param: "email" }] } },
    });
    renderPage(<Login />, { me: null });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "me@paddock");
    await user.type(screen.getByLabelText("Password"), "nope-nope");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Email address")));
  });

  it("goes back to the page that asked for it", async () => {
    window.history.replaceState(null, "", "/account/login?next=%2Fpick");
    fakeApi({ [`POST ${A}/auth/login`]: { status: 200, body: { status: 200, meta: { is_authenticated: true } } } });
    const { auth } = renderPage(<Login />, { me: null });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "me@paddock.test");
    await user.type(screen.getByLabelText("Password"), "secret-secret");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() => expect(window.location.pathname).toBe("/pick"));
    expect(auth.refresh).toHaveBeenCalled();
  });

  it("never follows a next link to another site", async () => {
    window.history.replaceState(null, "", "/account/login?next=%2F%2Fevil.example");
    fakeApi({ [`POST ${A}/auth/login`]: { status: 200, body: { status: 200 } } });
    renderPage(<Login />, { me: null });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "me@paddock.test");
    await user.type(screen.getByLabelText("Password"), "secret-secret");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() => expect(window.location.pathname).toBe("/"));
  });

  it("shows the server's refusal of the address beside it", async () => {
    window.history.replaceState(null, "", "/account/login");
    fakeApi({
      [`POST ${A}/auth/login`]: { status: 400, body: { status: 400, errors: [{ message: "Enter a valid email address.", code: "invalid", param: "email" }] } },
    });
    renderPage(<Login />, { me: null });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email address"), "me@paddock");
    await user.type(screen.getByLabelText("Password"), "nope-nope");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    const email = screen.getByLabelText("Email address");
    const message = await screen.findByText("Enter a valid email address.");
    expect(message.id).toBe(`${email.id}-error`);
    expect(email.getAttribute("aria-invalid")).toBe("true");
  });

  it("says the credentials are wrong in the player's language", async () => {
    window.history.replaceState(null, "", "/account/login");
    fakeApi({ [`POST ${A}/auth/login`]: { status: 400, body: { status: 400, errors: [{ message: "x", code: "invalid" }] } } });
    renderPage(<Login />, { me: null, lang: "fr" });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Adresse e-mail"), "me@paddock.test");
    await user.type(screen.getByLabelText("Mot de passe"), "nope-nope");
    await user.click(screen.getByRole("button", { name: "Se connecter" }));
    expect(await screen.findByText("L’adresse e-mail ou le mot de passe est incorrect.")).toBeTruthy();
  });
});

describe("email verification", () => {
  it("posts the key of the link decoded, then goes where the player was going", async () => {
    window.localStorage.setItem("paddock.next", "/leagues/join/abc");
    const calls = fakeApi({ [`POST ${A}/auth/email/verify`]: { status: 200, body: { status: 200 } } });
    renderPage(<VerifyEmail rawKey="MQ%3A1vXyZ%3Aabc-def" />, { me: null });
    await waitFor(() => expect(window.location.pathname).toBe("/leagues/join/abc"));
    expect(calls[0]?.body).toEqual({ key: "MQ:1vXyZ:abc-def" });
  });

  it("says a bad link is bad", async () => {
    fakeApi({ [`POST ${A}/auth/email/verify`]: { status: 400, body: { status: 400, errors: [{ message: "Invalid", code: "invalid", param: "key" }] } } });
    renderPage(<VerifyEmail rawKey="bad-key" />, { me: null });
    expect(await screen.findByText(/This link is invalid or has expired./)).toBeTruthy();
  });
});

describe("the profile settings", () => {
  it("send the date of birth and the country, which betting offers depend on", async () => {
    fakeApi({});
    const { auth } = renderPage(<Settings />, { lang: "fr" });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Date de naissance"), "1990-05-17");
    const country = screen.getByLabelText("Pays") as HTMLSelectElement;
    expect(country.value).toBe("FR");
    expect(country.selectedOptions[0]?.textContent).toBe("France");
    await user.selectOptions(country, "GB");
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    await waitFor(() => expect(auth.updateMe).toHaveBeenCalled());
    expect(auth.updateMe).toHaveBeenCalledWith(expect.objectContaining({ date_of_birth: "1990-05-17", country: "GB" }));
  });
});
