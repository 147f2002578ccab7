/**
 * /community/dashboard (operators): questions per category and week, the unanswered ones,
 * first-answer times, the most frequent subjects in titles, the helpers' solved shares; each
 * as a chart or a table, and each table as CSV.
 */
import { useQuery } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import { dashboardCsvUrl, dashboardQuery, type Dashboard as DashboardData } from "../../api/communityMissions";
import { percent } from "../../api/communityRunning";
import { useAuth } from "../../auth";
import { BarChart } from "../../components/charts";
import { ErrorMessage, Loading, Notice, PageTitle } from "../../components/ui";
import { useI18n } from "../../i18n";
import { Link } from "../../router";
import "../../styles/community.css";
import { AmbassadorsCard } from "./AmbassadorsCard";
import { LiveHelpCard } from "./LiveHelpCard";
import { AnswerTimes } from "./Unanswered";

const WEEKS = 8;

function Csv({ table }: { table: Parameters<typeof dashboardCsvUrl>[0] }) {
  const { t } = useI18n();
  return (
    <p>
      <a href={dashboardCsvUrl(table, WEEKS)} download>
        {t("dashboard.csv")}
      </a>
    </p>
  );
}

/** Per category over the period: questions, unanswered, and the shares the chart draws. */
export function categoryTotals(data: DashboardData): { category: string; questions: number; unanswered: number }[] {
  const totals = new Map<string, { questions: number; unanswered: number }>();
  for (const row of data.per_category) {
    const total = totals.get(row.category) ?? { questions: 0, unanswered: 0 };
    total.questions += row.questions;
    total.unanswered += row.unanswered;
    totals.set(row.category, total);
  }
  return [...totals].map(([category, v]) => ({ category, ...v }));
}

function Sections({ data }: { data: DashboardData }) {
  const { t } = useI18n();
  const categories = categoryTotals(data);
  const asked = categories.reduce((n, c) => n + c.questions, 0);
  const titled = data.subjects.reduce((n, s) => Math.max(n, s.questions), 0);
  return (
    <>
      <section className="card stack" aria-labelledby="dash-categories">
        <h2 id="dash-categories">{t("dashboard.perCategory")}</h2>
        <BarChart
          title={t("dashboard.perCategory")}
          series={[t("dashboard.questions"), t("dashboard.unansweredShare")]}
          bars={categories.map((c) => ({ label: c.category, values: [asked ? c.questions / asked : 0, c.questions ? c.unanswered / c.questions : 0] }))}
        />
        <table className="table dashboard-table">
          <thead>
            <tr>
              <th scope="col">{t("community.queue.week")}</th>
              <th scope="col">{t("dashboard.category")}</th>
              <th scope="col">{t("dashboard.questions")}</th>
              <th scope="col">{t("dashboard.unanswered")}</th>
            </tr>
          </thead>
          <tbody>
            {data.per_category
              .filter((r) => r.questions > 0)
              .map((r) => (
                <tr key={`${r.week}-${r.category}`}>
                  <th scope="row">{r.week}</th>
                  <td>{r.category}</td>
                  <td>{r.questions}</td>
                  <td>{r.unanswered}</td>
                </tr>
              ))}
          </tbody>
        </table>
        <Csv table="per_category" />
      </section>
      <section className="card stack" aria-labelledby="dash-times">
        <h2 id="dash-times">{t("community.queue.timesTitle")}</h2>
        <BarChart
          title={t("community.queue.timesTitle")}
          series={[t("dashboard.withinTarget"), t("community.queue.within24h")]}
          bars={data.answer_times.map((w) => ({ label: w.week, values: [w.within_target_share ?? 0, w.within_24h_share ?? 0] }))}
        />
        <AnswerTimes weeks={data.answer_times} />
        <Csv table="answer_times" />
      </section>
      <section className="card stack" aria-labelledby="dash-subjects">
        <h2 id="dash-subjects">{t("dashboard.subjects")}</h2>
        <BarChart title={t("dashboard.subjects")} series={[t("dashboard.subjectShare")]} bars={data.subjects.slice(0, 10).map((s) => ({ label: `${s.word} (${s.questions})`, values: [titled ? s.questions / titled : 0] }))} />
        <Csv table="subjects" />
      </section>
      <section className="card stack" aria-labelledby="dash-helpers">
        <h2 id="dash-helpers">{t("dashboard.helpers")}</h2>
        <table className="table dashboard-table">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.helper")}</th>
              <th scope="col">{t("dashboard.answered")}</th>
              <th scope="col">{t("dashboard.solved")}</th>
              <th scope="col">{t("dashboard.solvedShare")}</th>
            </tr>
          </thead>
          <tbody>
            {data.helpers.map((h) => (
              <tr key={h.player_id}>
                <th scope="row">
                  <Link to={`/community/players/${h.player_id}`}>{h.display_name || `#${h.player_id}`}</Link>
                </th>
                <td>{h.answered}</td>
                <td>{h.solved}</td>
                <td>{percent(h.solved_share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Csv table="helpers" />
      </section>
      <LiveHelpCard weeks={WEEKS} />
      <AmbassadorsCard />
    </>
  );
}

export default function Dashboard() {
  const { t } = useI18n();
  const { me } = useAuth();
  // Only operators read it: anyone else is told so without asking the server for a 403.
  const staff = Boolean(me?.is_staff);
  const dashboard = useQuery({ ...dashboardQuery(WEEKS), enabled: staff });
  const forbidden = !staff || (dashboard.error instanceof ApiError && dashboard.error.status === 403);
  return (
    <section className="stack">
      <nav aria-label={t("app.breadcrumb")} className="breadcrumb">
        <Link to="/community">{t("community.title")}</Link>
      </nav>
      <PageTitle>{t("dashboard.title")}</PageTitle>
      <p className="hint">{t("dashboard.intro")}</p>
      {forbidden ? (
        <Notice>{t("dashboard.forbidden")}</Notice>
      ) : dashboard.error ? (
        <ErrorMessage error={dashboard.error} retry={() => void dashboard.refetch()} />
      ) : dashboard.isPending ? (
        <Loading />
      ) : (
        <Sections data={dashboard.data} />
      )}
    </section>
  );
}
