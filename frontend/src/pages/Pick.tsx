import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { invalidate, keys, roundsQuery, roundToPick } from "../api/queries";
import type { MyPick, PickInput, Round, Runner } from "../api/types";
import { isLocked, RaceFacts, RaceHeading, runnerName, Countdown, Silks } from "../components/race";
import { BetOffer, RoundThreadLink } from "../components/RoundLinks";
import { ErrorMessage, Loading, Notice, PageTitle } from "../components/ui";
import { useNow } from "../hooks";
import { useI18n } from "../i18n";
import { properName } from "../i18n/format";
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
  const label = t("pick.runnerLabel", { number: runner.number, name: properName(runner.name) });
  const jockey = properName(runner.jockey);
  const trainer = properName(runner.trainer);
  const chosen = KINDS.some((k) => sel[k] === runner.number);
  const kindLabel = { win: t("pick.win"), place: t("pick.place"), alternate: t("pick.alternate") };
  return (
    <li className={`runner${nr ? " is-nr" : ""}${chosen ? " is-selected" : ""}`}>
      <fieldset disabled={disabled || nr} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
        <legend className="visually-hidden">
          {label}
          {nr ? ` (${t("pick.nonRunner")})` : ""}
          {runner.disqualified ? ` (${t("results.disqualified")})` : ""}
        </legend>
        <div className="runner-top" aria-hidden="true">
          <span className="saddle">{runner.number}</span>
          <Silks src={runner.silks} />
          <div>
            <div className="runner-name">
              {properName(runner.name)}
              {runner.disqualified && (
                <>
                  {" "}
                  <span className="badge badge-warn">{t("results.disqualifiedShort")}</span>
                </>
              )}
            </div>
            <div className="runner-people">
              {runner.jockey && (
                <span>
                  {t("app.labelled", { label: trot ? t("pick.driver") : t("pick.jockey"), value: jockey })}
                </span>
              )}
              {runner.jockey && runner.trainer && " · "}
              {runner.trainer && (
                <span>
                  {t("app.labelled", { label: t("pick.trainer"), value: trainer })}
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
            runner.jockey && t("app.labelled", { label: trot ? t("pick.driver") : t("pick.jockey"), value: jockey }),
            runner.trainer && t("app.labelled", { label: t("pick.trainer"), value: trainer }),
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

const isLockRefusal = (error: unknown) => error instanceof ApiError && error.status === 409;

export function PickForm({ round }: { round: Round }) {
  const { t, fmt } = useI18n();
  const client = useQueryClient();
  const now = useNow(1000);
  const locked = isLocked(round, now);
  const saved = fromPick(round.my_pick);
  const [sel, setSel] = useState<Selection>(saved);
  // "Saved" speaks of the last submission: gone the moment the next one is sent.
  const [savedNotice, setSavedNotice] = useState(false);
  const save = useMutation({
    mutationFn: (pick: PickInput) =>
      unwrap(api.PUT("/api/v1/game/rounds/{round_id}/pick/", { params: { path: { round_id: round.id } }, body: pick })),
    onSuccess: (pick) => {
      // The answer is the stored pick: the round shows it at once; what depends on it is asked again.
      client.setQueryData(roundsQuery("current").queryKey, (rounds) =>
        rounds?.map((r) => (r.id === round.id ? { ...r, my_pick: pick as MyPick } : r)),
      );
      void invalidate(client, keys.round(round.id), keys.myPicks, keys.roundOffers(round.id), keys.leagueFamily);
    },
    onError: (error) => {
      // Locked by the server's clock: the round's state has changed.
      if (isLockRefusal(error)) void invalidate(client, keys.rounds);
    },
  });
  const busy = save.isPending;
  const lockedByServer = isLockRefusal(save.error);
  const trot = isTrot(round.race.discipline);
  const problem = selectionProblem(sel, round.runners);
  const closed = locked || lockedByServer;
  // An unchanged saved pick has nothing to send: it says so instead of a dead button.
  const unchanged = round.my_pick != null && sameSelection(sel, saved);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (problem || sel.win === null || sel.place === null) return;
    setSavedNotice(false);
    save.mutate({ win: sel.win, place: sel.place, alternate: sel.alternate }, { onSuccess: () => setSavedNotice(true) });
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
        <div className="sticky-bar">
          {/* What is chosen and what the server said scroll in their column if they must;
              the action keeps a column of its own, always whole on screen. */}
          <div className="sticky-info">
            <p aria-live="polite" className="sticky-summary">
              {t("pick.summary", {
                win: sel.win ? runnerName(round, sel.win) : "—",
                place: sel.place ? runnerName(round, sel.place) : "—",
              })}
              {sel.alternate ? ` · ${t("pick.summaryAlt", { alt: runnerName(round, sel.alternate) })}` : ""}
            </p>
            {sel.alternate !== null && (
              <button type="button" className="button-link" onClick={() => setSel((s) => choose(s, "alternate", null))}>
                {t("pick.clearAlternate")}
              </button>
            )}
            {savedNotice && unchanged && <Notice kind="success">{t("pick.saved")}</Notice>}
            {save.error && !lockedByServer && <ErrorMessage error={save.error} />}
            {problem && <p className="hint">{t(problem)}</p>}
          </div>
          <div className="sticky-action">
            {unchanged ? (
              !savedNotice && <p className="badge">✓ {t("pick.state.open")}</p>
            ) : (
              <button className="button" type="submit" disabled={busy || problem !== null}>
                {round.my_pick ? t("pick.update") : t("pick.confirm")}
              </button>
            )}
          </div>
        </div>
      </form>
      {/* The pick is confirmed: the hand-off, for eligible players only (the server decides). */}
      {round.my_pick && <BetOffer roundId={round.id} page="pick" />}
    </>
  );
}

function SavedPick({ round }: { round: Round }) {
  const { t } = useI18n();
  const pick = round.my_pick;
  const dq = t("results.disqualified");
  return (
    <div className="card">
      <h2>{t("home.myPick")}</h2>
      {pick ? (
        <p>
          {t("pick.summary", { win: runnerName(round, pick.win, dq), place: runnerName(round, pick.place, dq) })}
          {pick.alternate ? ` · ${t("pick.summaryAlt", { alt: runnerName(round, pick.alternate, dq) })}` : ""}
        </p>
      ) : (
        <p>{t("pick.lockedNoPick")}</p>
      )}
      <Link to="/results">{t("nav.results")}</Link>
    </div>
  );
}

/** The other rounds open for picks, each a link to its own page. */
export function OtherRounds({ rounds, current }: { rounds: Round[]; current: number }) {
  const { t, fmt } = useI18n();
  const others = rounds.filter((r) => r.id !== current);
  if (others.length === 0) return null;
  return (
    <nav className="card" aria-labelledby="other-rounds" style={{ marginTop: "1rem" }}>
      <h2 id="other-rounds">{t("rounds.others")}</h2>
      <ul className="list-plain">
        {others.map((r) => (
          <li key={r.id}>
            <Link to={`/rounds/${r.id}`} className="list-link">
              <span>
                {r.race.racecourse} · {r.race.name}
              </span>
              <span className="muted">{fmt.dateTime(r.race.post_time)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A round open for picks: its card, its thread and the form. */
export function PickRound({ round }: { round: Round }) {
  return (
    <>
      <div className="card" style={{ marginBottom: "1rem" }}>
        <RaceHeading race={round.race} />
        <RaceFacts race={round.race} runners={round.runners} />
        <RoundThreadLink roundId={round.id} page="pick" />
      </div>
      <PickForm key={round.id} round={round} />
    </>
  );
}

export default function Pick() {
  const { t } = useI18n();
  const rounds = useQuery(roundsQuery("current"));
  const round = rounds.data ? roundToPick(rounds.data) : null;
  return (
    <section>
      <PageTitle>{t("pick.title")}</PageTitle>
      {rounds.isPending ? (
        <Loading />
      ) : rounds.error ? (
        <ErrorMessage error={rounds.error} retry={() => void rounds.refetch()} />
      ) : !round ? (
        <p className="card">{t("home.noRound")}</p>
      ) : (
        <>
          <PickRound round={round} />
          <OtherRounds rounds={rounds.data ?? []} current={round.id} />
        </>
      )}
    </section>
  );
}
