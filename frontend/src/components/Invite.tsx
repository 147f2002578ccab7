/** Invite friends: copy the link, the phone's share sheet, or a share link per app. */
import { useRef, useState } from "react";
import type { InviteCode } from "../api/types";
import { useI18n } from "../i18n";

type ShareNavigator = Navigator & { share?: (data: ShareData) => Promise<void>; canShare?: (data: ShareData) => boolean };

export async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // denied (insecure context, no permission): fall back to selecting the text
  }
  if (input) {
    input.focus();
    input.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
  return false;
}

export function Invite({ invite, leagueName }: { invite: InviteCode; leagueName: string }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const nav = navigator as ShareNavigator;
  const link = invite.share.link;
  const text = t("leagues.inviteText", { name: leagueName });
  const data: ShareData = { title: leagueName, text, url: link };
  const canShare = typeof nav.share === "function" && (!nav.canShare || nav.canShare(data));

  async function copy() {
    setCopied(await copyText(link, input.current));
  }

  async function share() {
    try {
      await nav.share?.(data);
    } catch {
      // the player closed the sheet: nothing to do
    }
  }

  const apps: [string, string][] = [
    ["WhatsApp", invite.share.whatsapp],
    ["Telegram", invite.share.telegram],
    ["SMS", invite.share.sms],
    ["E-mail", invite.share.email],
    ["X", invite.share.x],
    ["Facebook", invite.share.facebook],
  ];
  return (
    <section className="card stack" aria-labelledby="invite-title">
      <h2 id="invite-title">{t("leagues.invite")}</h2>
      <div className="field">
        <label htmlFor="invite-link">{t("leagues.inviteLink")}</label>
        <div className="copy-row">
          <input id="invite-link" ref={input} readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="button" onClick={() => void copy()}>
            {t("leagues.copy")}
          </button>
        </div>
        <p role="status" className="hint">
          {copied ? t("leagues.copied") : ""}
        </p>
      </div>
      {canShare && (
        <button type="button" className="button button-secondary" onClick={() => void share()}>
          {t("leagues.share")}
        </button>
      )}
      <ul className="row list-plain share-links" aria-label={t("leagues.share")}>
        {apps
          .filter(([, href]) => href)
          .map(([name, href]) => (
            <li key={name}>
              <a href={href} target="_blank" rel="noopener noreferrer">
                {name}
              </a>
            </li>
          ))}
      </ul>
    </section>
  );
}
