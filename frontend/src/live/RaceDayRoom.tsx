/** A league's race-day room for a round: from the lock to the debrief, members talk, see the
 * picks revealed at the lock and the round's status as it happens. The server says whether the
 * room is open: until it lets the player in, or when it refuses (before the lock, after the
 * debrief), nothing is shown. */
import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from "react";
import { useAuth } from "../auth";
import { useI18n } from "../i18n";
import { numbered } from "../i18n/format";
import type { MessageKey } from "../i18n/en";
import { liveErrorText } from "./liveErrors";
import { useLive, useLiveFrames } from "./LiveProvider";
import { ReportControl } from "./ReportControl";
import type { Frame } from "./socket";
import "./live.css";

type Message = { id: number; author: number; name: string; text: string; created_at: string };
type PickRow = { player: number; name: string; win: number; win_name: string; place: number; place_name: string };
type PointRow = { player: number; name: string; points: number; rank: number | null };

/** The room's messages; each of another member's can be reported. */
function Messages({ messages }: { messages: Message[] }) {
  const { me } = useAuth();
  return (
    <ol className="live-messages" aria-live="polite">
      {messages.map((m) => (
        <li key={m.id}>
          <strong>{m.name}</strong> <span className="live-text">{m.text}</span>
          {m.author !== me?.id && <ReportControl kind="room" message={m.id} author={m.name} />}
        </li>
      ))}
    </ol>
  );
}

function Standing({ picks, points }: { picks: PickRow[]; points: PointRow[] }) {
  const { t, fmt } = useI18n();
  return (
    <>
      {picks.length > 0 && (
        <details open>
          <summary>{t("live.room.picks")}</summary>
          <ul className="live-picks">
            {picks.map((p) => (
              <li key={p.player}>
                <strong>{p.name}</strong> {t("live.room.pick", { win: numbered(p.win, p.win_name), place: numbered(p.place, p.place_name) })}
              </li>
            ))}
          </ul>
        </details>
      )}
      {points.length > 0 && (
        <ol className="live-points">
          {points.map((p) => (
            <li key={p.player}>
              {p.name}: {t("live.room.points", { points: fmt.points(p.points) })}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** `children` (what goes with the room, such as the round's league view) are shown above it
 * while it is open. */
export function RaceDayRoom({ leagueId, roundId, children }: { leagueId: string; roundId: number; children?: ReactNode }) {
  const { t, fmt } = useI18n();
  const live = useLive();
  const [messages, setMessages] = useState<Message[]>([]);
  const [picks, setPicks] = useState<PickRow[]>([]);
  const [points, setPoints] = useState<PointRow[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState("");
  // Answers to this room's frames carry its refs: another room's errors are not its own.
  const sendRef = `room:${leagueId}:${roundId}`;

  useEffect(() => {
    live?.send({ type: "room.join", ref: `join:${leagueId}:${roundId}`, league: leagueId, round: roundId });
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
      } else if (frame.type === "ack" && frame.ref === sendRef) {
        setText("");
        setError(null);
      } else if ((frame.type === "error" && frame.ref === sendRef) || frame.type === "muted") {
        // A moderator's mute is told at once, in the words of the refusal it brings.
        setError(liveErrorText(frame.type === "muted" ? { ...frame, code: "muted" } : frame, t, fmt));
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [leagueId, roundId, t, fmt],
  );
  useLiveFrames(onFrame);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    live?.send({ type: "room.send", ref: sendRef, league: leagueId, round: roundId, text });
  };

  if (status === null) return null;
  return (
    <>
      {children}
      <section className="live-room card" aria-labelledby="live-room-title">
        <h2 id="live-room-title">{t("live.room.title")}</h2>
        <p className="muted">{t("live.room.status", { status: t(`live.status.${status}` as MessageKey) })}</p>
        <Standing picks={picks} points={points} />
        <Messages messages={messages} />
        <form onSubmit={submit} className="live-form">
          <label htmlFor="live-room-text" className="visually-hidden">
            {t("live.room.message")}
          </label>
          <input id="live-room-text" value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} placeholder={t("live.room.message")} />
          <button type="submit" className="button">{t("live.send")}</button>
        </form>
        {error && <p role="alert" className="error">{error}</p>}
      </section>
    </>
  );
}
