/**
 * The home page of a visitor without an account: this week's races with their countdown,
 * the top of the season's table and the community's latest answers, read from the public
 * endpoints (display names only), each leading to sign-up.
 */
import { useQuery } from "@tanstack/react-query";
import { recentAnswersQuery, showcaseQuery } from "../api/queries";
import type { RecentAnswer, Showcase, ShowcaseRound } from "../api/types";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { Countdown, disciplineLabel } from "./race";
import { Loading } from "./ui";

function signupFor(next: string): string {
  return `/account/signup?next=${encodeURIComponent(next)}`;
}

function FeaturedRound({ round }: { round: ShowcaseRound }) {
  const { t, fmt } = useI18n();
  const open = round.status === "open";
  return (
    <article className="card stack showcase-race" aria-labelledby={`showcase-round-${round.id}`}>
      <p className="muted">
        {round.race.racecourse} · {disciplineLabel(round.race.discipline, t)}
        {round.race.distance ? ` · ${fmt.meters(round.race.distance)}` : ""}
      </p>
      <h3 id={`showcase-round-${round.id}`}>{round.race.name}</h3>
      <p>
        <time dateTime={round.race.post_time}>{fmt.dateTime(round.race.post_time)}</time> · {t("race.runners", { count: round.runner_count })}
      </p>
      {open ? (
        <p className="showcase-countdown">
          {t("home.locksIn")} <Countdown until={round.locks_at} />
        </p>
      ) : (
        <p>
          <span className="badge badge-muted">{t("rounds.awaiting")}</span> {t("rounds.expected", { time: fmt.time(round.result_expected_at) })}
        </p>
      )}
      {open && (
        <Link to={signupFor(`/rounds/${round.id}`)} className="button button-block">
          {t("visitor.pick")}
        </Link>
      )}
    </article>
  );
}

function TopOfSeason({ showcase }: { showcase: Showcase }) {
  const { t, fmt } = useI18n();
  if (!showcase.season || showcase.top.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby="visitor-top">
      <h2 id="visitor-top">{t("visitor.top", { season: showcase.season.name })}</h2>
      <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t("visitor.top", { season: showcase.season.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("rankings.rank")}</th>
            <th scope="col">{t("rankings.player")}</th>
            <th scope="col" className="num">
              {t("rankings.points")}
            </th>
          </tr>
        </thead>
        <tbody>
          {showcase.top.map((row) => (
            <tr key={`${row.rank}-${row.display_name}`}>
              <td>{fmt.ordinal(row.rank)}</td>
              <th scope="row">{row.display_name}</th>
              <td className="num">{fmt.points(row.points)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <p className="muted">{t("visitor.topHint")}</p>
    </section>
  );
}

function Answers({ answers }: { answers: RecentAnswer[] }) {
  const { t, fmt, lang } = useI18n();
  if (answers.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby="visitor-answers">
      <h2 id="visitor-answers">{t("visitor.answers")}</h2>
      <ul className="list-plain stack">
        {answers.map((a) => (
          <li key={a.topic}>
            <Link to={`/community/topics/${a.topic}`}>
              <strong>{a.title}</strong>
            </Link>
            <p className="muted">
              {lang === "fr" && a.category.name_fr ? a.category.name_fr : a.category.name_en} · {t("visitor.answeredBy", { name: a.answered_by })} ·{" "}
              <time dateTime={a.answered_at}>{fmt.date(a.answered_at)}</time>
              {a.accepted ? ` · ${t("community.answered")}` : ""}
            </p>
            <p>{a.excerpt}</p>
          </li>
        ))}
      </ul>
      <Link to="/community">{t("visitor.community")}</Link>
    </section>
  );
}

export function VisitorHome() {
  const { t } = useI18n();
  const showcase = useQuery(showcaseQuery);
  // The answers are a bonus: the page stands without them.
  const answers = useQuery(recentAnswersQuery);
  return (
    <div className="stack visitor-home">
      <div className="card stack visitor-hero">
        <p className="visitor-lead">{t("home.welcome")}</p>
        <p className="muted">{t("app.noMoney")}</p>
        <div className="row">
          <Link to="/account/signup" className="button">
            {t("nav.signup")}
          </Link>
          <Link to="/account/login" className="button button-secondary">
            {t("nav.login")}
          </Link>
        </div>
      </div>
      {showcase.isPending ? (
        <Loading />
      ) : showcase.data ? (
        <>
          <section className="stack" aria-labelledby="visitor-races">
            <h2 id="visitor-races">{t("visitor.races")}</h2>
            {showcase.data.rounds.length === 0 ? <p className="card">{t("home.noRound")}</p> : null}
            <div className="grid-2">
              {showcase.data.rounds.map((round) => (
                <FeaturedRound key={round.id} round={round} />
              ))}
            </div>
          </section>
          <TopOfSeason showcase={showcase.data} />
        </>
      ) : null}
      {answers.data && <Answers answers={answers.data} />}
    </div>
  );
}
