/** Operators: the live help figures (time to first response, answered share, ratings) overall,
 * per week and per helper; and the moderators' search over room and help messages. */
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client";
import { percent } from "../../api/communityRunning";
import { BarChart } from "../../components/charts";
import { SelectField, serverErrors } from "../../components/forms";
import { ErrorMessage, Field, Loading } from "../../components/ui";
import { useI18n } from "../../i18n";
import { liveKeys } from "../../live/LiveProvider";

/** The figures of one group of live questions (see `GET /api/v1/live/operator/help-metrics/`). */
export type LiveHelpSummary = {
  asked: number;
  answered: number;
  answered_share: number | null;
  first_response_seconds: { median: number | null; p90: number | null };
  ratings: number;
  rating_average: number | null;
};
export type LiveHelpFigures = {
  since: string;
  overall: LiveHelpSummary;
  weeks: (LiveHelpSummary & { week: string })[];
  helpers: (LiveHelpSummary & { helper: number; name: string })[];
};

// The schema declares the answer loosely (a map of figures); this is its documented shape.
export const liveHelpFiguresQuery = (weeks: number) =>
  queryOptions({
    queryKey: [...liveKeys.all, "operator", "help-metrics", weeks] as const,
    queryFn: async ({ signal }) => (await unwrap(api.GET("/api/v1/live/operator/help-metrics/", { params: { query: { weeks } }, signal }))) as unknown as LiveHelpFigures,
  });

type Search = { kind: "room" | "help"; q: string; page: number };

const liveMessagesQuery = (search: Search) =>
  queryOptions({
    queryKey: [...liveKeys.all, "moderation", "messages", search] as const,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/live/moderation/messages/", { params: { query: { kind: search.kind, q: search.q, page: search.page } }, signal })),
    placeholderData: keepPreviousData,
  });

/** A wait in seconds, said in seconds under two minutes, else in minutes. */
function Wait({ seconds }: { seconds: number | null }) {
  const { t, fmt } = useI18n();
  if (seconds === null) return <>–</>;
  return <>{seconds < 120 ? t("dashboard.live.seconds", { n: fmt.number(Math.round(seconds)) }) : t("dashboard.live.minutes", { n: fmt.number(Math.round(seconds / 6) / 10) })}</>;
}

function SummaryCells({ row }: { row: LiveHelpSummary }) {
  const { fmt } = useI18n();
  return (
    <>
      <td>{row.asked}</td>
      <td>{percent(row.answered_share)}</td>
      <td>
        <Wait seconds={row.first_response_seconds.median} />
      </td>
      <td>
        <Wait seconds={row.first_response_seconds.p90} />
      </td>
      <td>{row.rating_average === null ? "–" : `${fmt.number(row.rating_average)} (${row.ratings})`}</td>
    </>
  );
}

function SummaryHead({ first }: { first: string }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t("dashboard.live.asked")}</th>
        <th scope="col">{t("dashboard.answeredShare")}</th>
        <th scope="col">{t("dashboard.live.median")}</th>
        <th scope="col">{t("dashboard.live.p90")}</th>
        <th scope="col">{t("dashboard.live.rating")}</th>
      </tr>
    </thead>
  );
}

function Figures({ data }: { data: LiveHelpFigures }) {
  const { t } = useI18n();
  return (
    <>
      <table className="table dashboard-table">
        <caption>{t("dashboard.live.perWeek")}</caption>
        <SummaryHead first={t("community.queue.week")} />
        <tbody>
          <tr>
            <th scope="row">{t("dashboard.live.overall")}</th>
            <SummaryCells row={data.overall} />
          </tr>
          {data.weeks.map((w) => (
            <tr key={w.week}>
              <th scope="row">{w.week}</th>
              <SummaryCells row={w} />
            </tr>
          ))}
        </tbody>
      </table>
      <BarChart title={t("dashboard.live.answeredChart")} series={[t("dashboard.answeredShare")]} bars={data.weeks.map((w) => ({ label: w.week, values: [w.answered_share ?? 0] }))} />
      {data.helpers.length === 0 ? (
        <p className="muted">{t("dashboard.live.noHelpers")}</p>
      ) : (
        <table className="table dashboard-table">
          <caption>{t("dashboard.live.perHelper")}</caption>
          <SummaryHead first={t("dashboard.helper")} />
          <tbody>
            {data.helpers.map((h) => (
              <tr key={h.helper}>
                <th scope="row">{h.name}</th>
                <SummaryCells row={h} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ModerationSearch() {
  const { t, fmt } = useI18n();
  const [form, setForm] = useState<Search>({ kind: "room", q: "", page: 1 });
  const [search, setSearch] = useState<Search | null>(null);
  const found = useQuery({ ...liveMessagesQuery(search ?? form), enabled: search !== null });
  const errors = serverErrors(found.error, ["q", "kind"]);
  function submit(event: FormEvent) {
    event.preventDefault();
    setSearch({ ...form, q: form.q.trim(), page: 1 });
  }
  const page = found.data;
  return (
    <form className="stack" role="search" aria-labelledby="dash-live-search" onSubmit={submit}>
      <h3 id="dash-live-search">{t("dashboard.live.search")}</h3>
      <div className="row">
        <Field label={t("dashboard.live.query")} name="q" type="search" maxLength={200} value={form.q} onChange={(e) => setForm({ ...form, q: e.target.value })} error={errors.field("q")} />
        <SelectField label={t("dashboard.live.kind")} name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value === "help" ? "help" : "room" })} error={errors.field("kind")}>
          <option value="room">{t("dashboard.live.rooms")}</option>
          <option value="help">{t("dashboard.live.help")}</option>
        </SelectField>
      </div>
      <button type="submit" className="button button-secondary">
        {t("dashboard.live.searchButton")}
      </button>
      {errors.rest ? <ErrorMessage error={errors.rest} /> : null}
      {search && found.isPending && <Loading />}
      {page && search && (
        <div aria-live="polite" className="stack">
          <p className="hint">{t("dashboard.live.found", { count: page.count })}</p>
          <ul className="list-plain">
            {page.results.map((m) => (
              <li key={`${m.where}-${m.id}`}>
                <strong>{m.name}</strong> <span className="muted">{m.where} · {fmt.dateTime(m.created_at)}</span>
                {m.is_hidden && <span className="muted"> · {t("dashboard.live.hidden")}</span>}
                <p>{m.text}</p>
              </li>
            ))}
          </ul>
          <div className="row">
            {page.previous && (
              <button type="button" className="button button-secondary" onClick={() => setSearch({ ...search, page: search.page - 1 })}>
                {t("dashboard.live.previous")}
              </button>
            )}
            {page.next && (
              <button type="button" className="button button-secondary" onClick={() => setSearch({ ...search, page: search.page + 1 })}>
                {t("dashboard.live.next")}
              </button>
            )}
          </div>
        </div>
      )}
    </form>
  );
}

export function LiveHelpCard({ weeks }: { weeks: number }) {
  const { t } = useI18n();
  const figures = useQuery(liveHelpFiguresQuery(weeks));
  return (
    <section className="card stack" aria-labelledby="dash-live">
      <h2 id="dash-live">{t("dashboard.live.title")}</h2>
      <p className="hint">{t("dashboard.live.intro")}</p>
      {figures.error ? <ErrorMessage error={figures.error} retry={() => void figures.refetch()} /> : figures.isPending ? <Loading /> : <Figures data={figures.data} />}
      <ModerationSearch />
    </section>
  );
}
