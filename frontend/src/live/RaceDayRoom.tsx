/** A league's race-day room for a round: from the lock to the debrief, members talk, see the
 * picks revealed at the lock and the round's status as it happens. The server says whether the
 * room is open: until it lets the player in, or when it refuses (before the lock, after the
 * debrief), nothing is shown. */
import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from "react";
import { useAuth } from "../auth";
import { statusNow } from "../components/race";
import { useNow } from "../hooks";
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
              {t("live.room.points", { name: p.name, points: fmt.points(p.points) })}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** The round's status: locked from its lock on, whatever the status the room was told. */
function RoundStatus({ status, locksAt }: { status: string; locksAt: string | null }) {
  const { t } = useI18n();
  const now = useNow(1000);
  return <p className="muted">{t("live.room.status", { status: t(`live.status.${statusNow(status, locksAt, now)}` as MessageKey) })}</p>;
}

/** What the room shows, as the server told it. `status` is null until the server lets the
 * player in. */
type Room = { messages: Message[]; picks: PickRow[]; points: PointRow[]; status: string | null; locksAt: string | null };

const NOT_IN: Room = { messages: [], picks: [], points: [], status: null, locksAt: null };

/** The room after one of its frames (`mine`: the frame is about this room), else unchanged. */
function roomAfter(room: Room, frame: Frame, mine: boolean): Room {
  if (frame.type === "room.joined" && mine) {
    const locksAt = typeof frame.locks_at === "string" ? frame.locks_at : null;
    return { messages: frame.history as Message[], picks: frame.picks as PickRow[], points: frame.points as PointRow[], status: String(frame.status), locksAt };
  }
  if (frame.type === "room.message" && mine) {
    const message = frame.message as Message;
    return room.messages.some((m) => m.id === message.id) ? room : { ...room, messages: [...room.messages, message] };
  }
  if (frame.type === "room.status" && mine) {
    const picks = frame.picks ? (frame.picks as PickRow[]) : room.picks;
    return { ...room, status: String(frame.status), picks, points: frame.points ? (frame.points as PointRow[]) : room.points };
  }
  if (frame.type === "message.hidden" && frame.kind === "room") {
    return { ...room, messages: room.messages.filter((m) => m.id !== frame.id) };
  }
  return room;
}

/** Join the room while shown: what it shows, the message being written, and the refusal of
 * the last one sent. */
function useRoom(leagueId: string, roundId: number) {
  const { t, fmt } = useI18n();
  const live = useLive();
  const [room, setRoom] = useState<Room>(NOT_IN);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState("");
  // Answers to this room's frames carry its refs: another room's errors are not its own.
  const sendRef = `room:${leagueId}:${roundId}`;

  useEffect(() => {
    live?.send({ type: "room.join", ref: `join:${leagueId}:${roundId}`, league: leagueId, round: roundId });
    return () => live?.send({ type: "room.leave" });
  }, [live, leagueId, roundId]);

  const onFrame = useCallback(
    (frame: Frame) => {
      setRoom((shown) => roomAfter(shown, frame, frame.league === leagueId && frame.round === roundId));
      if (frame.type === "room.joined" && frame.league === leagueId && frame.round === roundId) {
        setError(null);
      } else if (frame.type === "ack" && frame.ref === sendRef) {
        setText("");
        setError(null);
      } else if ((frame.type === "error" && frame.ref === sendRef) || frame.type === "muted") {
        // A moderator's mute is told at once, in the words of the refusal it brings.
        setError(liveErrorText(frame.type === "muted" ? { ...frame, code: "muted" } : frame, t, fmt));
      }
    },
    [leagueId, roundId, sendRef, t, fmt],
  );
  useLiveFrames(onFrame);

  const send = () => live?.send({ type: "room.send", ref: sendRef, league: leagueId, round: roundId, text });
  return { room, error, text, setText, send };
}

/** `children` (what goes with the room, such as the round's league view) are shown above it
 * while it is open. */
export function RaceDayRoom({ leagueId, roundId, children }: { leagueId: string; roundId: number; children?: ReactNode }) {
  const { t } = useI18n();
  const { room, error, text, setText, send } = useRoom(leagueId, roundId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  if (room.status === null) return null;
  return (
    <>
      {children}
      <section className="live-room card" aria-labelledby="live-room-title">
        <h2 id="live-room-title">{t("live.room.title")}</h2>
        <RoundStatus status={room.status} locksAt={room.locksAt} />
        <Standing picks={room.picks} points={room.points} />
        <Messages messages={room.messages} />
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
