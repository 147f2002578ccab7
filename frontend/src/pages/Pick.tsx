import { type FormEvent, useState } from "react";
import { currentRounds, roundToPick, savePick } from "../api/game";
import { ApiError } from "../api/client";
import type { MyPick, Round, Runner } from "../api/types";
import { isLocked, RaceFacts, RaceHeading, runnerName, Countdown } from "../components/race";
import { BetOffer, RoundThreadLink } from "../components/RoundLinks";
import { ErrorMessage, Loading, Notice, PageTitle } from "../components/ui";
import { useAsync, useNow } from "../hooks";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { choose, fromPick, type Kind, sameSelection, type Selection, selectionProblem } from "./pickLogic";

const KINDS: Kind[] = ["win", "place", "alternate"];

function isTrot(discipline: string): boolean {
  return /ATTELE|TROT/i.test(discipline);
}

function RunnerCard({
  runner,
  sel,
  onChoose,
  disabled,
  trot,
}: {
  runner: Runner;
  sel: Selection;
  onChoose: (kind: Kind, n: number) => void;
  disabled: boolean;
  trot: boolean;
}) {
  const { t, fmt } = useI18n();
  const nr = runner.non_runner;
  const label = t("pick.runnerLabel", { number: runner.number, name: runner.name });
  const chosen = KINDS.some((k) => sel[k] === runner.number);
  const kindLabel = { win: t("pick.win"), place: t("pick.place"), alternate: t("pick.alternate") };
  return (
    <li className={`runner${nr ? " is-nr" : ""}${chosen ? " is-selected" : ""}`}>
      <fieldset disabled={disabled || nr} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
        <legend className="visually-hidden">
          {label}
          {nr ? ` (${t("pick.nonRunner")})` : ""}
        </legend>
        <div className="runner-top" aria-hidden="true">
          <span className="saddle">{runner.number}</span>
          <div>
            <div className="runner-name">{runner.name}</div>
            <div className="runner-people">
              {runner.jockey && (
                <span>
                  {t("app.labelled", { label: trot ? t("pick.driver") : t("pick.jockey"), value: runner.jockey })}
                </span>
              )}
              {runner.jockey && runner.trainer && " · "}
              {runner.trainer && (
                <span>
                  {t("app.labelled", { label: t("pick.trainer"), value: runner.trainer })}
                </span>
              )}
            </div>
          </div>
          <div className="runner-odds">
            {nr ? (
              <span className="badge badge-muted">{t("pick.nonRunner")}</span>
            ) : runner.odds ? (
              <>
                <small>{t("pick.odds")}</small>
                {fmt.odds(runner.odds)}
              </>
            ) : null}
          </div>
        </div>
        {/* The same facts for screen readers, read once with the choices. */}
        <p className="visually-hidden">
          {[
            runner.jockey && t("app.labelled", { label: trot ? t("pick.driver") : t("pick.jockey"), value: runner.jockey }),
            runner.trainer && t("app.labelled", { label: t("pick.trainer"), value: runner.trainer }),
            runner.odds && t("app.labelled", { label: t("pick.odds"), value: fmt.odds(runner.odds) }),
          ]
            .filter(Boolean)
            .join(", ")}
        </p>
        {!nr && (
          <div className="runner-choices">
            {KINDS.map((kind) => (
              <label className="choice" key={kind}>
                <input
                  type="radio"
                  name={kind}
                  value={runner.number}
                  checked={sel[kind] === runner.number}
                  disabled={kind === "alternate" && sel.win === runner.number}
                  onChange={() => onChoose(kind, runner.number)}
                  aria-label={t("app.labelled", { label: kindLabel[kind], value: label })}
                />
                <span aria-hidden="true">{kindLabel[kind]}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
    </li>
  );
}

function PickForm({ round, onSaved }: { round: Round; onSaved: (pick: MyPick) => void }) {
  const { t, fmt } = useI18n();
  const now = useNow(1000);
  const locked = isLocked(round, now);
  const saved = fromPick(round.my_pick);
  const [sel, setSel] = useState<Selection>(saved);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [lockedByServer, setLockedByServer] = useState(false);
  const trot = isTrot(round.race.discipline);
  const problem = selectionProblem(sel, round.runners);
  const closed = locked || lockedByServer;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (problem || sel.win === null || sel.place === null) return;
    setBusy(true);
    setMessage(null);
    setError(null);
    try {
      const pick = await savePick(round.id, { win: sel.win, place: sel.place, alternate: sel.alternate });
      onSaved(pick as MyPick);
      setMessage(t("pick.saved"));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setLockedByServer(true);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (closed) {
    return (
      <>
        <Notice kind="error">{t("pick.locked", { time: fmt.time(round.locks_at) })}</Notice>
        <SavedPick round={round} />
      </>
    );
  }

  return (
    <>
      <form onSubmit={submit} aria-describedby="pick-intro">
        <p id="pick-intro">{t("pick.intro")}</p>
        <p>
          {t("home.locksIn")} <Countdown until={round.locks_at} />
        </p>
        <ul className="runner-list">
          {round.runners.map((runner) => (
            <RunnerCard key={runner.number} runner={runner} sel={sel} disabled={busy} trot={trot} onChoose={(kind, n) => setSel((s) => choose(s, kind, n))} />
          ))}
        </ul>
        <div className="sticky-bar stack">
          <p aria-live="polite">
            {t("pick.summary", {
              win: sel.win ? runnerName(round, sel.win) : "—",
              place: sel.place ? runnerName(round, sel.place) : "—",
            })}
            {sel.alternate ? ` · ${t("pick.summaryAlt", { alt: runnerName(round, sel.alternate) })}` : ""}
          </p>
          {sel.alternate !== null && (
            <button type="button" className="button button-secondary" onClick={() => setSel((s) => choose(s, "alternate", null))}>
              {t("app.labelled", { label: t("pick.alternate"), value: t("pick.none") })}
            </button>
          )}
          {message && <Notice kind="success">{message}</Notice>}
          {error !== null && <ErrorMessage error={error} />}
          {problem && <p className="hint">{t(problem)}</p>}
          <button className="button button-block" type="submit" disabled={busy || problem !== null || (round.my_pick != null && sameSelection(sel, saved))}>
            {round.my_pick ? t("pick.update") : t("pick.confirm")}
          </button>
        </div>
      </form>
      {/* The pick is confirmed: the hand-off, for eligible players only (the server decides). */}
      {round.my_pick && <BetOffer roundId={round.id} page="pick" refresh={round.my_pick.updated_at} />}
    </>
  );
}

function SavedPick({ round }: { round: Round }) {
  const { t } = useI18n();
  const pick = round.my_pick;
  return (
    <div className="card">
      <h2>{t("home.myPick")}</h2>
      {pick ? (
        <p>
          {t("pick.summary", { win: runnerName(round, pick.win), place: runnerName(round, pick.place) })}
          {pick.alternate ? ` · ${t("pick.summaryAlt", { alt: runnerName(round, pick.alternate) })}` : ""}
        </p>
      ) : (
        <p>{t("pick.lockedNoPick")}</p>
      )}
      <Link to="/results">{t("nav.results")}</Link>
    </div>
  );
}

export default function Pick() {
  const { t } = useI18n();
  const { data, error, loading, reload, setData } = useAsync(currentRounds, []);
  const round = data ? roundToPick(data) : null;
  return (
    <section>
      <PageTitle>{t("pick.title")}</PageTitle>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <ErrorMessage error={error} retry={reload} />
      ) : !round ? (
        <p className="card">{t("home.noRound")}</p>
      ) : (
        <>
          <div className="card" style={{ marginBottom: "1rem" }}>
            <RaceHeading race={round.race} />
            <RaceFacts race={round.race} runners={round.runners} />
            <RoundThreadLink roundId={round.id} page="pick" />
          </div>
          <PickForm
            key={round.id}
            round={round}
            onSaved={(pick) => data && setData(data.map((r) => (r.id === round.id ? { ...r, my_pick: pick } : r)))}
          />
        </>
      )}
    </section>
  );
}
