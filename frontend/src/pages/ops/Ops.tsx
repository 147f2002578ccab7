/** The operator console (staff): the race calendar, imports from files with their preview,
 * featuring a race, and each round's week board with the actions its state allows. It reads
 * and writes only through the operator API (docs/operator.md, "The console"). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { api, ApiError, unwrap } from "../../api/client";
import { djangoHeaders } from "../../api/csrf";
import type { components } from "../../api/schema";
import { useAuth } from "../../auth";
import { useI18n } from "../../i18n";
import { makeFormatter } from "../../i18n/format";
import { errorText, Loading, Notice, PageTitle } from "../../components/ui";
import {
  ACTION_LABELS,
  type Board,
  countsText,
  featurable,
  impactSentence,
  type ImportSummary,
  importSentence,
  needsSecondFactor,
  newInTop,
  points,
  reached,
  shiftDay,
  STEP_LABELS,
} from "./opsLogic";

const CONSOLE_LOCALE = "en-GB";

type Preview = components["schemas"]["ImportPreviewOutput"];
type Race = components["schemas"]["CalendarRaceOutput"];
/** Times in the operator's profile zone, the zone named, and in English like the rest of the
 * console (whatever language the operator plays in). */
function useWhen(): (iso: string | null | undefined, timeOnly?: boolean) => string {
  const { fmt } = useI18n();
  const english = useMemo(() => makeFormatter(CONSOLE_LOCALE, fmt.timeZone), [fmt.timeZone]);
  return (iso, timeOnly = false) => (iso ? (timeOnly ? english.time(iso) : english.dateTime(iso)) : "—");
}

/** 403 mfa_required: the operator API wants a session that passed the second factor. */
function SecondFactor() {
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>Second factor needed.</strong> The operator console only answers a session that passed your authenticator
        code.
      </p>
      <ul>
        <li>
          <a href="/admin/login/?next=/ops">Sign in again with your authenticator code</a>, then come back to the console.
        </li>
        <li>
          No authenticator yet? Set one up through <code>/_allauth/browser/v1/account/authenticators/totp</code> (
          <a href="/api/docs/">how</a>, and docs/operator.md, "The admin and its second factor").
        </li>
      </ul>
    </div>
  );
}

function Failure({ error }: { error: unknown }) {
  if (needsSecondFactor(error)) return <SecondFactor />;
  return <Notice kind="error">{errorText(error, "Something went wrong: try again.")}</Notice>;
}

async function uploadPreview(form: FormData): Promise<Preview> {
  const response = await fetch("/api/v1/operator/imports/preview/", {
    method: "POST",
    body: form,
    credentials: "same-origin",
    headers: djangoHeaders("POST", new Headers()),
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body as Preview;
}

function SummaryView({ summary, applied }: { summary: ImportSummary; applied: boolean }) {
  return (
    <div className={applied ? "notice notice-success" : "notice"} role="status">
      <p>{importSentence(summary, applied)}</p>
      {summary.table.length > 0 && (
        <ul>
          {summary.table.map((row) => (
            <li key={row.entity}>
              {row.entity}s: {countsText(row)}
            </li>
          ))}
        </ul>
      )}
      {summary.warnings.map((w) => (
        <p key={w}>Warning: {w}</p>
      ))}
      {summary.notes.map((n) => (
        <p key={n}>{n}</p>
      ))}
    </div>
  );
}

function ImpactView({ preview }: { preview: Preview }) {
  return (
    <>
      {preview.impact.map((impact) => (
        <div key={impact.round} className="card">
          <p>{impactSentence(impact)}</p>
          {impact.biggest.length > 0 && (
            <table>
              <caption>Biggest moves</caption>
              <thead>
                <tr>
                  <th scope="col">Player</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {impact.biggest.map((m) => (
                  <tr key={m.player_id}>
                    <td>{m.name}</td>
                    <td>{points(m.before)}</td>
                    <td>{points(m.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {impact.scored && (
            <p>
              New top 10: {impact.top_after.map((r) => `${r.rank}. ${r.name}`).join(", ")}
              {newInTop(impact).length > 0 && ` (new in it: ${newInTop(impact).join(", ")})`}
            </p>
          )}
        </div>
      ))}
    </>
  );
}

/** Upload files, read the preview, apply. `race` set: a result for that race. */
function ImportPanel({ race, onDone }: { race?: number; onDone: () => void }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [confirm, setConfirm] = useState(false);
  const previewing = useMutation({ mutationFn: uploadPreview, onSuccess: setPreview });
  const applying = useMutation({
    mutationFn: (token: string) =>
      unwrap(api.POST("/api/v1/operator/imports/apply/", { body: { token, confirm_reinstatement: confirm } })),
    onSuccess: () => {
      setPreview(null);
      onDone();
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    applying.reset();
    previewing.mutate(new FormData(event.currentTarget));
  };
  const kind = race ? "results" : "card";
  return (
    <section aria-label={race ? "Import the result" : "Import a card"}>
      <form onSubmit={submit}>
        <input type="hidden" name="kind" value={kind} />
        {race && <input type="hidden" name="race" value={String(race)} />}
        <label>
          Source
          <select name="source" defaultValue="pmu">
            <option value="pmu">PMU files</option>
            <option value="csv">Paddock CSV</option>
          </select>
        </label>
        {!race && (
          <label>
            Day of the card
            <input type="date" name="day" required />
          </label>
        )}
        <label>
          {race ? "Participants file (PMU) or result CSV" : "Programme file (PMU) or card CSV"}
          <input type="file" name="file" required />
        </label>
        {race ? (
          <label>
            Rapports file (PMU, none: provisional)
            <input type="file" name="rapports" />
          </label>
        ) : (
          <label>
            Participants files (PMU, participants_R1_C1.json…)
            <input type="file" name="participants" multiple />
          </label>
        )}
        <button type="submit" className="button" disabled={previewing.isPending}>
          Preview
        </button>
      </form>
      {previewing.error && <Failure error={previewing.error} />}
      {preview && (
        <div>
          <SummaryView summary={preview} applied={false} />
          <ImpactView preview={preview} />
          {preview.reinstated.length > 0 && (
            <label>
              <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> Reinstate{" "}
              {preview.reinstated.join(", ")} as runner
            </label>
          )}
          <button type="button" className="button" onClick={() => applying.mutate(preview.token)} disabled={applying.isPending}>
            Apply
          </button>
        </div>
      )}
      {applying.error && <Failure error={applying.error} />}
      {applying.data && <SummaryView summary={applying.data} applied />}
    </section>
  );
}

function FeatureButton({ race, season, onFeatured }: { race: Race; season: number | null; onFeatured: (round: number) => void }) {
  const feature = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/game/operator/rounds/", { body: { season: season ?? 0, race: race.id } })),
    onSuccess: (out) => onFeatured(out.round.id),
  });
  return (
    <>
      <button type="button" className="button button-secondary" disabled={!season || feature.isPending} onClick={() => feature.mutate()}>
        Feature {race.code}
      </button>
      {feature.data && (
        <span role="status">
          Featured as round {feature.data.round.number}
          {feature.data.warnings.map((w) => ` — ${w}`)}
        </span>
      )}
      {feature.error && <Failure error={feature.error} />}
    </>
  );
}

function Calendar({ season, onPick }: { season: number | null; onPick: (round: number) => void }) {
  // Today where the operator is (their profile's zone, else the browser's), not in UTC: a
  // race day's evening meetings are still on it.
  const { fmt } = useI18n();
  const when = useWhen();
  const [day, setDay] = useState(() => fmt.isoDay());
  const client = useQueryClient();
  const calendar = useQuery({
    queryKey: ["operator", "calendar", day],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/operator/calendar/", { params: { query: { day } }, signal })),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ["operator"] });
  return (
    <section aria-labelledby="calendar-title">
      <h2 id="calendar-title">Race calendar</h2>
      <div className="row">
        <button type="button" className="button button-secondary" onClick={() => setDay(shiftDay(day, -1))}>
          Previous day
        </button>
        <label>
          Day
          <input type="date" value={day} onChange={(e) => e.target.value && setDay(e.target.value)} />
        </label>
        <button type="button" className="button button-secondary" onClick={() => setDay(shiftDay(day, 1))}>
          Next day
        </button>
      </div>
      {calendar.isPending && <Loading />}
      {calendar.error && <Failure error={calendar.error} />}
      {calendar.data && calendar.data.meetings.length === 0 && <p>No meeting imported on {day}.</p>}
      {calendar.data?.meetings.map((m) => (
        <div key={m.id} className="table-wrap">
          <table>
            <caption>
              R{m.number} {m.racecourse} {m.country}
            </caption>
            <thead>
              <tr>
                <th scope="col">Race</th>
                <th scope="col">Post time</th>
                <th scope="col">Field</th>
                <th scope="col">Status</th>
                <th scope="col">Game</th>
              </tr>
            </thead>
            <tbody>
              {m.races.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.code} {r.name}
                    <br />
                    <small>
                      {r.discipline} {r.distance ? `${r.distance} m` : ""}
                    </small>
                  </td>
                  <td>{when(r.post_time, true)}</td>
                  <td>{r.starters}</td>
                  <td>
                    {r.status}
                    {r.featured && " · polled"}
                  </td>
                  <td>
                    {r.rounds.map((rnd) => (
                      <button key={rnd.id} type="button" className="button button-secondary" onClick={() => onPick(rnd.id)}>
                        Round {rnd.number} ({rnd.status})
                      </button>
                    ))}
                    {r.rounds.length === 0 &&
                      (featurable(r.status) ? (
                        <FeatureButton race={r} season={season} onFeatured={(id) => (refresh(), onPick(id))} />
                      ) : (
                        <small>Has a result: cannot be featured</small>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <h3>Import a day's card</h3>
      <ImportPanel onDone={refresh} />
    </section>
  );
}

function Actions({ board, refresh }: { board: Board; refresh: () => void }) {
  const id = board.round.id;
  const [reason, setReason] = useState("");
  const [importing, setImporting] = useState(false);
  const act = useMutation({
    mutationFn: async (action: string): Promise<string> => {
      if (action === "open") {
        await unwrap(api.POST("/api/v1/game/operator/rounds/{round_id}/open/", { params: { path: { round_id: id } } }));
        return `Round ${board.round.number} is open for picks.`;
      }
      if (action === "void") {
        await unwrap(api.POST("/api/v1/game/operator/rounds/{round_id}/void/", { params: { path: { round_id: id } }, body: { reason } }));
        return `Round ${board.round.number} is void: 0 points for everyone, standings recomputed.`;
      }
      await unwrap(api.POST("/api/v1/game/operator/rounds/{round_id}/settle/", { params: { path: { round_id: id } }, body: { force: false } }));
      return `Round ${board.round.number}'s settlement is queued.`;
    },
    onSuccess: refresh,
  });
  return (
    <div>
      {board.actions.length === 0 && <p className="hint">Nothing to do on this round now: its scores reflect its result, or its void.</p>}
      {board.actions.includes("open") && (
        <button type="button" className="button" disabled={act.isPending} onClick={() => act.mutate("open")}>
          {ACTION_LABELS.open}
        </button>
      )}
      {board.actions.includes("settle") && (
        <button type="button" className="button button-secondary" disabled={act.isPending} onClick={() => act.mutate("settle")}>
          {ACTION_LABELS.settle}
        </button>
      )}
      {board.actions.includes("void") && (
        <form onSubmit={(e) => (e.preventDefault(), act.mutate("void"))}>
          <label>
            Reason to void
            <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={200} />
          </label>
          <button type="submit" className="button button-secondary" disabled={act.isPending}>
            Void the round
          </button>
        </form>
      )}
      {board.actions.includes("import_result") && (
        <button type="button" className="button button-secondary" onClick={() => setImporting(!importing)}>
          {ACTION_LABELS.import_result}
        </button>
      )}
      {act.data && <Notice kind="success">{act.data}</Notice>}
      {act.error && <Failure error={act.error} />}
      {importing && <ImportPanel race={board.round.race} onDone={refresh} />}
    </div>
  );
}

function WeekBoard({ roundId, picked }: { roundId: number; picked: number }) {
  const client = useQueryClient();
  const when = useWhen();
  // Picked from a list further down: the board's heading takes the focus, and the view.
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef<number | null>(null);
  const board = useQuery({
    queryKey: ["operator", "board", roundId],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/operator/rounds/{round_id}/board/", { params: { path: { round_id: roundId } }, signal })),
    refetchInterval: 5000,
  });
  const loaded = board.data !== undefined;
  useEffect(() => {
    if (!loaded || shown.current === picked) return;
    shown.current = picked;
    heading.current?.focus();
  }, [loaded, picked]);
  if (board.isPending) return <Loading />;
  if (board.error) return <Failure error={board.error} />;
  const b = board.data;
  const refresh = () => void client.invalidateQueries({ queryKey: ["operator"] });
  return (
    <section aria-labelledby="board-title">
      <h2 id="board-title" ref={heading} tabIndex={-1}>
        Week board: round {b.round.number}, {b.round.race_code} {b.round.race_name}
      </h2>
      <p>
        Now: <strong data-testid="board-reached">{STEP_LABELS[reached(b.steps)]}</strong> · {b.picked} of {b.players} season
        players picked
      </p>
      <ol className="timeline">
        {b.steps.map((s) => (
          <li key={s.key} data-state={s.state}>
            <strong>{STEP_LABELS[s.key] ?? s.key}</strong> — {s.state}
            {s.at && ` · ${when(s.at)}`}
            {s.detail && <div>{s.detail}</div>}
            {s.key === "polling" && b.polling.featured && (
              <div>
                Last poll {when(b.polling.last_poll)}; next {when(b.polling.next_poll)}
              </div>
            )}
          </li>
        ))}
      </ol>
      {b.notes.length > 0 && (
        <Notice kind="info">
          <ul>
            {b.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </Notice>
      )}
      <Actions board={b} refresh={refresh} />
      {b.imports.length > 0 && (
        <details>
          <summary>The race's latest imports</summary>
          <ul>
            {b.imports.map((run) => (
              <li key={run.id}>
                {when(run.started_at)} {run.trigger} {run.kind}: {run.status} — {run.error || run.summary.split("\n")[0]}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

const LATEST_ROUNDS = 6;

/** The latest rounds, drafts included: the week board one click away, whatever day the
 * calendar shows. */
function LatestRounds({ current, onPick }: { current: number | null; onPick: (round: number) => void }) {
  const when = useWhen();
  const rounds = useQuery({
    queryKey: ["operator", "rounds", "latest"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/game/operator/rounds/", { params: { query: { page_size: LATEST_ROUNDS } }, signal })),
  });
  if (rounds.error) return <Failure error={rounds.error} />;
  if (!rounds.data || rounds.data.results.length === 0) return null;
  return (
    <section aria-labelledby="latest-rounds-title">
      <h2 id="latest-rounds-title">Latest rounds</h2>
      <ul className="list-plain">
        {rounds.data.results.map((r) => (
          <li key={r.id} className="row">
            <button type="button" className="button button-secondary" aria-current={r.id === current ? "true" : undefined} onClick={() => onPick(r.id)}>
              Round {r.number}: {r.race_code} {r.race_name}
            </button>
            <span>
              {r.status} · locks {when(r.locks_at)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function Ops() {
  const { me } = useAuth();
  const { t } = useI18n();
  const [roundId, setRoundId] = useState<number | null>(null);
  // Each pick, even of the round shown, brings its board into view.
  const [picked, setPicked] = useState(0);
  const pick = (id: number) => {
    setRoundId(id);
    setPicked((n) => n + 1);
  };
  const seasons = useQuery({
    queryKey: ["operator", "seasons"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/game/operator/seasons/", { signal })),
    enabled: Boolean(me?.is_staff),
  });
  // The console speaks English; who may not use it is told in their own language.
  if (!me?.is_staff) {
    return (
      <section className="stack">
        <PageTitle>{t("ops.title")}</PageTitle>
        <Notice kind="error">{t("ops.forbidden")}</Notice>
      </section>
    );
  }
  const active = seasons.data?.find((s) => s.status === "active") ?? null;
  return (
    <div className="ops">
      <PageTitle>Operator console</PageTitle>
      {seasons.error && <Failure error={seasons.error} />}
      {seasons.data && <p>{active ? `Featuring into ${active.name}.` : "No active season: activate one to feature races."}</p>}
      {roundId && <WeekBoard roundId={roundId} picked={picked} />}
      <LatestRounds current={roundId} onPick={pick} />
      <Calendar season={active?.id ?? null} onPick={pick} />
    </div>
  );
}
