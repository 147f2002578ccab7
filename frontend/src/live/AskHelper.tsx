/** "Ask a helper", from any page: the question, the wait, the one-to-one chat, the rating
 * and the consent to publish; for helpers, their inbox too. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type KeyboardEvent, useCallback, useRef, useState } from "react";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";
import { useAuth } from "../auth";
import { useI18n } from "../i18n";
import { useLocationKey } from "../router";
import { HelperInbox } from "./HelperInbox";
import { liveErrorText } from "./liveErrors";
import { liveKeys, useLive, useLiveFrames } from "./LiveProvider";
import { ReportControl } from "./ReportControl";
import type { Frame } from "./socket";
import "./live.css";

type Help = components["schemas"]["HelpOutput"];
const isOpen = (status?: string) => status === "waiting" || status === "taken";

export const helpQueries = {
  mine: { queryKey: [...liveKeys.all, "mine"], queryFn: () => unwrap(api.GET("/api/v1/live/help/")) },
  detail: (id: number) => ({
    queryKey: [...liveKeys.all, "help", id],
    queryFn: () => unwrap(api.GET("/api/v1/live/help/{request_id}/", { params: { path: { request_id: id } } })),
  }),
};

/** A message sent in a conversation: the text is kept until the server took it, and its
 * refusal (muted, too fast, closed…) is said in the player's language. */
function useHelpSend(requestId: number) {
  const { t, fmt } = useI18n();
  const live = useLive();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const ref = `help-${requestId}`;
  const onFrame = useCallback(
    (frame: Frame) => {
      if (frame.ref !== ref) return;
      if (frame.type === "ack") {
        setText("");
        setError(null);
      } else if (frame.type === "error") {
        setError(liveErrorText(frame, t, fmt));
      }
    },
    [ref, t, fmt],
  );
  useLiveFrames(onFrame);
  const send = (event: FormEvent) => {
    event.preventDefault();
    live?.send({ type: "help.send", ref, request: requestId, text });
  };
  return { text, setText, error, send };
}

function Conversation({ help, me }: { help: Help; me: number }) {
  const { t, fmt } = useI18n();
  const client = useQueryClient();
  const { data } = useQuery(helpQueries.detail(help.id));
  const { text, setText, error, send } = useHelpSend(help.id);
  const refresh = () => client.invalidateQueries({ queryKey: liveKeys.all });
  const path = { params: { path: { request_id: help.id } } };
  const close = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/live/help/{request_id}/close/", path)), onSuccess: refresh });
  const publish = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/live/help/{request_id}/publish/", path)), onSuccess: refresh });
  const rate = useMutation({
    mutationFn: (rating: number) => unwrap(api.POST("/api/v1/live/help/{request_id}/rate/", { ...path, body: { rating } })),
    onSuccess: refresh,
  });
  const asker = help.asker === me;
  return (
    <div>
      <p className="live-text">
        <strong>{help.asker_name}</strong>: {help.question}
      </p>
      <p className="muted">
        {help.status === "waiting" ? t("live.help.waiting") : help.helper_name ? t("live.help.with", { name: help.helper_name }) : null}
      </p>
      <ol className="live-messages" aria-live="polite">
        {(data?.messages ?? []).map((m) => (
          <li key={m.id}>
            <strong>{m.name}</strong> <span className="live-text">{m.text}</span>
            {m.author !== me && <ReportControl kind="help" message={m.id} author={m.name} />}
          </li>
        ))}
      </ol>
      {help.status === "taken" && (
        <form onSubmit={send} className="live-form">
          <label htmlFor={`live-help-text-${help.id}`} className="visually-hidden">
            {t("live.help.message")}
          </label>
          <input id={`live-help-text-${help.id}`} value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} />
          <button type="submit" className="button">{t("live.send")}</button>
        </form>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      {isOpen(help.status) && (
        <button type="button" className="link-button" onClick={() => close.mutate()}>
          {help.status === "waiting" ? t("live.help.cancel") : t("live.help.end")}
        </button>
      )}
      {asker && help.helper && help.rating === null && help.status !== "waiting" && (
        <fieldset className="live-rating">
          <legend>{t("live.help.rate")}</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <button key={n} type="button" className="button-small-secondary" onClick={() => rate.mutate(n)} aria-label={t("live.help.stars", { count: n })}>
              {n}
            </button>
          ))}
        </fieldset>
      )}
      {help.status === "closed" && help.helper && !help.published_topic && !(asker ? help.asker_consents : help.helper_consents) && (
        <button type="button" className="link-button" onClick={() => publish.mutate()}>
          {t("live.help.publish")}
        </button>
      )}
      {help.status === "expired" && <p>{t("live.help.expired")}</p>}
      {[close, publish, rate].map((m, i) => m.error && <p key={i} role="alert" className="error">{liveErrorText(m.error, t, fmt)}</p>)}
    </div>
  );
}

function AskForm() {
  const { t, fmt } = useI18n();
  const client = useQueryClient();
  const location = useLocationKey();
  const [question, setQuestion] = useState("");
  const ask = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/live/help/", { body: { question, page: location.slice(0, 200) } })),
    onSuccess: () => {
      setQuestion("");
      void client.invalidateQueries({ queryKey: liveKeys.all });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        ask.mutate();
      }}
    >
      <label htmlFor="live-help-question">{t("live.help.question")}</label>
      <textarea id="live-help-question" value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={1000} rows={3} />
      <button type="submit" className="button" disabled={ask.isPending}>
        {t("live.help.ask")}
      </button>
      {ask.error && <p role="alert" className="error">{liveErrorText(ask.error, t, fmt)}</p>}
    </form>
  );
}

export function AskHelper() {
  const { t } = useI18n();
  const { me, status } = useAuth();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const closeOnEscape = (e: KeyboardEvent) => {
    if (e.key !== "Escape") return;
    setOpen(false);
    toggle.current?.focus();
  };
  const mine = useQuery({ ...helpQueries.mine, enabled: status === "authenticated" });
  if (status !== "authenticated" || !me) return null;
  const rows = mine.data?.results ?? [];
  const current = rows.filter((h) => isOpen(h.status) || (h.status === "closed" && h.helper && (h.rating === null || !h.published_topic)));
  const asking = current.some((h) => h.asker === me.id && isOpen(h.status));
  return (
    <>
      <button
        ref={toggle}
        type="button"
        className="button live-help-toggle"
        aria-expanded={open}
        aria-controls="live-help-panel"
        onClick={() => setOpen(!open)}
      >
        <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9.6 9.2a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.5M12 16.8v.2" />
        </svg>
        <span className="live-help-label">{t("live.help.toggle")}</span>
      </button>
      {open && (
        <section id="live-help-panel" className="live-help" aria-label={t("live.help.title")} onKeyDown={closeOnEscape}>
          <h2>{t("live.help.title")}</h2>
          {current.slice(0, 3).map((h) => (
            <Conversation key={h.id} help={h} me={me.id} />
          ))}
          {!asking && <AskForm />}
          <HelperInbox />
        </section>
      )}
    </>
  );
}
