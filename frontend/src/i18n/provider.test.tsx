import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { djangoHeaders } from "../api/csrf";
import { type Auth, AuthContext } from "../auth";
import { ME } from "../test/render";
import { I18nProvider, useI18n } from "./index";
import { hasCatalog, loadCatalog } from "./translate";

function Probe() {
  const { t, lang } = useI18n();
  return <p data-lang={lang}>{t("app.skip")}</p>;
}

function withPlayer(language: string): Auth {
  const me = { ...ME, language: language as typeof ME.language };
  return { status: "authenticated", me, refresh: vi.fn(), updateMe: vi.fn(), logout: vi.fn(), forget: vi.fn() };
}

describe("the language of the app", () => {
  it("is the profile's, with its catalogue, and the document says so", async () => {
    render(
      <AuthContext.Provider value={withPlayer("fr")}>
        <I18nProvider>
          <Probe />
        </I18nProvider>
      </AuthContext.Provider>,
    );
    expect((await screen.findByText("Aller au contenu")).dataset.lang).toBe("fr");
    expect(document.documentElement.lang).toBe("fr");
    // The server writes its messages in it too, whatever the browser prefers.
    expect(djangoHeaders("GET", new Headers()).get("Accept-Language")).toBe("fr");
  });

  it("is saved in the profile once: a choice here asks the server, a saved profile does not again", async () => {
    const auth = withPlayer("en");
    function Switch() {
      const { setLang } = useI18n();
      return (
        <>
          <button onClick={() => void setLang("fr")}>here</button>
          <button onClick={() => void setLang("fr", { saved: true })}>saved</button>
        </>
      );
    }
    render(
      <AuthContext.Provider value={auth}>
        <I18nProvider>
          <Switch />
        </I18nProvider>
      </AuthContext.Provider>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "saved" }));
    await waitFor(() => expect(localStorage.getItem("paddock.lang")).toBe("fr"));
    expect(auth.updateMe).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "here" }));
    await waitFor(() => expect(auth.updateMe).toHaveBeenCalledWith({ language: "fr" }));
  });

  it("has English at hand, and loads another catalogue once", async () => {
    expect(hasCatalog("en")).toBe(true);
    await Promise.all([loadCatalog("fr"), loadCatalog("fr"), loadCatalog("en")]);
    expect(hasCatalog("fr")).toBe(true);
  });
});
