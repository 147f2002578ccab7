import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { InviteCode } from "../api/types";
import { I18nContext, makeI18n } from "../i18n";
import { renderPage } from "../test/render";
import { withAppStyles, withoutAppStyles } from "../test/styles";
import { Invite } from "./Invite";
import { FormActions } from "./forms";
import { Movement } from "./Movement";
import { round, runner } from "../test/fixtures";
import { Countdown, RaceFacts } from "./race";

const INVITE = {
  id: 1,
  code: "Zk3_-aB9",
  share: {
    link: "https://paddock.example/leagues/join/Zk3_-aB9",
    whatsapp: "https://wa.me/?text=x",
    telegram: "https://t.me/share/url?url=x",
    facebook: "https://www.facebook.com/sharer/sharer.php?u=x",
    x: "https://twitter.com/intent/tweet?text=x",
    email: "mailto:?subject=x",
    sms: "sms:?&body=x",
  },
  created_at: "",
  expires_at: null,
  max_uses: null,
  uses: 0,
  revoked_at: null,
  is_usable: true,
} as InviteCode;

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("Countdown", () => {
  it("ticks down to the lock and then says it is over", () => {
    vi.useFakeTimers();
    const now = new Date("2026-06-14T10:00:00Z");
    vi.setSystemTime(now);
    render(
      <I18nContext.Provider value={makeI18n("en", "Europe/Paris")}>
        <Countdown until="2026-06-15T11:02:03Z" />
      </I18nContext.Provider>,
    );
    expect(screen.getByRole("timer").textContent).toBe("1 d 01 h 02 min 03 s");
    act(() => {
      vi.advanceTimersByTime(2000);
    });
    expect(screen.getByRole("timer").textContent).toBe("1 d 01 h 02 min 01 s");
    act(() => {
      vi.setSystemTime(new Date("2026-06-15T11:02:04Z"));
      vi.advanceTimersByTime(1000);
    });
    expect(screen.queryByRole("timer")).toBeNull();
    expect(screen.getByText("Locked")).toBeTruthy();
  });
});

describe("RaceFacts", () => {
  it("names each fact once: the field's size under a label of its own", () => {
    const { container } = render(
      <I18nContext.Provider value={makeI18n("en", "Europe/Paris")}>
        <RaceFacts race={round().race} runners={[runner(1, "ONE"), runner(2, "TWO")]} />
      </I18nContext.Provider>,
    );
    const terms = [...container.querySelectorAll("dt")].map((dt) => dt.textContent);
    expect(terms).toContain("Field");
    expect(container.querySelector("dl")?.textContent?.match(/2 runners/g)).toHaveLength(1);
  });
});

describe("Invite", () => {
  it("copies the link with the clipboard API", async () => {
    const writeText = vi.fn(async () => undefined);
    const user = userEvent.setup();
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    renderPage(<Invite invite={INVITE} leagueName="Les amis" />);
    await user.click(screen.getByRole("button", { name: "Copy the link" }));
    expect(writeText).toHaveBeenCalledWith(INVITE.share.link);
    expect(await screen.findByText("Link copied.")).toBeTruthy();
  });

  it("offers the phone's share sheet when there is one", async () => {
    const share = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "share", { value: share, configurable: true });
    renderPage(<Invite invite={INVITE} leagueName="Les amis" />);
    await userEvent.setup().click(screen.getByRole("button", { name: "Share…" }));
    expect(share).toHaveBeenCalledWith(expect.objectContaining({ url: INVITE.share.link, title: "Les amis" }));
    Object.defineProperty(navigator, "share", { value: undefined, configurable: true });
  });

  it("falls back to share links per app without the Web Share API", () => {
    renderPage(<Invite invite={INVITE} leagueName="Les amis" />);
    expect(screen.queryByRole("button", { name: "Share…" })).toBeNull();
    expect(screen.getByRole("link", { name: "WhatsApp" }).getAttribute("href")).toBe(INVITE.share.whatsapp);
    expect(screen.getByRole("link", { name: "SMS" }).getAttribute("href")).toBe(INVITE.share.sms);
    expect((screen.getByLabelText("Invitation link") as HTMLInputElement).value).toBe(INVITE.share.link);
  });
});

describe("Invite's share links", () => {
  afterEach(() => withoutAppStyles());

  it("are each a tap target of 44 by 44 px at least, by their padding and not a bigger text", () => {
    withAppStyles();
    renderPage(<Invite invite={INVITE} leagueName="Les amis" />);
    const links = within(screen.getByRole("list", { name: "Share…" })).getAllByRole("link");
    expect(links.map((a) => a.textContent)).toEqual(["WhatsApp", "Telegram", "SMS", "E-mail", "X", "Facebook"]);
    for (const link of links) {
      const style = getComputedStyle(link);
      expect(style.display, link.textContent ?? "").toBe("inline-flex");
      expect(style.minHeight).toBe("44px");
      expect(style.minWidth).toBe("44px");
      expect(style.paddingLeft).toBe("0.75rem");
      // The text stays the size of the text around it.
      expect(style.fontSize).toBe(getComputedStyle(link.parentElement as HTMLElement).fontSize);
    }
  });
});

describe("Movement", () => {
  it("says in words what the arrow shows", () => {
    renderPage(
      <>
        <Movement rank={2} movement={3} />
        <Movement rank={5} previous={2} />
        <Movement rank={4} previous={null} />
      </>,
    );
    expect(screen.getByText("Up 3")).toBeTruthy();
    expect(screen.getByText("Down 3")).toBeTruthy();
    expect(screen.getByText("New")).toBeTruthy();
  });
});

describe("FormActions", () => {
  it("submits its form, cancels, and holds both buttons while the request runs", async () => {
    const onSubmit = vi.fn((e: React.FormEvent) => e.preventDefault());
    const onCancel = vi.fn();
    const { rerender } = renderPage(
      <form onSubmit={onSubmit}>
        <FormActions submit="Send" busy={false} onCancel={onCancel} />
      </form>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Send" }));
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect([onSubmit.mock.calls.length, onCancel.mock.calls.length]).toEqual([1, 1]);
    rerender(
      <form onSubmit={onSubmit}>
        <FormActions submit="Send" busy onCancel={onCancel} />
      </form>,
    );
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Cancel" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
