import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
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
  });

  it("has English at hand, and loads another catalogue once", async () => {
    expect(hasCatalog("en")).toBe(true);
    await Promise.all([loadCatalog("fr"), loadCatalog("fr"), loadCatalog("en")]);
    expect(hasCatalog("fr")).toBe(true);
  });
});
