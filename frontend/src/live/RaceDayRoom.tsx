/** A league's race-day room for a round: from the lock to the debrief, members talk, see the
 * picks revealed at the lock and the round's status as it happens. */
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useI18n } from "../i18n";
import { useLive, useLiveFrames } from "./LiveProvider";
import type { Frame } from "./socket";
import "./live.css";

type Message = { id: number; name: string; text: string; created_at: string };
type PickRow = { player: number; name: string; win: number; win_name: string; place: number; place_name: string };
type PointRow = { player: number; name: string; points: number; rank: number | null };

export function RaceDayRoom({ leagueId, roundId }: { leagueId: string; roundId: number }) {
  const { t } = useI18n();
  const live = useLive();
  const [messages, setMessages] = useState<Message[]>([]);
  const [picks, setPicks] = useState<PickRow[]>([]);
  const [points, setPoints] = useState<PointRow[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState("");

  useEffect(() => {
    live?.send({ type: "room.join", league: leagueId, round: roundId });
    return () => live?.send({ type: "room.leave" });
  }, [live, leagueId, roundId]);

  const mine = (frame: Frame) => frame.league === leagueId && frame.round === roundId;
  const onFrame = useCallback(
    (frame: Frame) => {
      if (frame.type === "room.joined" && mine(frame)) {
        setMessages(frame.history as Message[]);
        setPicks(frame.picks as PickRow[]);
        setPoints(frame.points as PointRow[]);
        setStatus(String(frame.status));
        setError(null);
      } else if (frame.type === "room.message" && mine(frame)) {
        const message = frame.message as Message;
        setMessages((list) => (list.some((m) => m.id === message.id) ? list : [...list, message]));
      } else if (frame.type === "room.status" && mine(frame)) {
        setStatus(String(frame.status));
        if (frame.picks) setPicks(frame.picks as PickRow[]);
        if (frame.points) setPoints(frame.points as PointRow[]);
      } else if (frame.type === "message.hidden" && frame.kind === "room") {
        setMessages((list) => list.filter((m) => m.id !== frame.id));
      } else if (frame.type === "ack" && frame.ref === "room") {
        setText("");
      } else if (frame.type === "error" && (frame.ref === "room" || frame.code === "room_closed")) {
        setError(String(frame.detail));
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [leagueId, roundId],
  );
  useLiveFrames(onFrame);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    live?.send({ type: "room.send", ref: "room", league: leagueId, round: roundId, text });
  };

  if (status === null) return error ? <p className="muted">{error}</p> : null;
  return (
    <section className="live-room card" aria-labelledby="live-room-title">
      <h2 id="live-room-title">{t("live.room.title")}</h2>
      <p className="muted">{t("live.room.status", { status: t(`live.status.${status}` as "live.status.locked") })}</p>
      {picks.length > 0 && (
        <details open>
          <summary>{t("live.room.picks")}</summary>
          <ul className="live-picks">
            {picks.map((p) => (
              <li key={p.player}>
                <strong>{p.name}</strong> {t("live.room.pick", { win: `${p.win}. ${p.win_name}`, place: `${p.place}. ${p.place_name}` })}
              </li>
            ))}
          </ul>
        </details>
      )}
      {points.length > 0 && (
        <ol className="live-points">
          {points.map((p) => (
            <li key={p.player}>
              {p.name}: {t("live.room.points", { points: (p.points / 100).toFixed(2) })}
            </li>
          ))}
        </ol>
      )}
      <ol className="live-messages" aria-live="polite">
        {messages.map((m) => (
          <li key={m.id}>
            <strong>{m.name}</strong> <span className="live-text">{m.text}</span>
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="live-form">
        <label htmlFor="live-room-text" className="visually-hidden">
          {t("live.room.message")}
        </label>
        <input id="live-room-text" value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} placeholder={t("live.room.message")} />
        <button type="submit" className="button">{t("live.send")}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
