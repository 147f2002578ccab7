/** /community: the categories, a search over every topic, what waits for an answer. */
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { categoriesQuery, myProfileQuery, topicsQuery } from "../../api/queries";
import { useAuth } from "../../auth";
import { TopicRow } from "../../components/community";
import { ErrorMessage, Loading, PageTitle } from "../../components/ui";
import { together } from "../../hooks";
import { useI18n } from "../../i18n";
import { Link, navigate } from "../../router";
import { VisitorInvite } from "../../components/VisitorInvite";
import { EventsCard } from "./Events";
import { localized, withQuery } from "./communityLogic";

/** The search box: sends the words to the topic list (all categories, or one). */
export function SearchForm({ initial = "", category }: { initial?: string; category?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    const words = q.trim();
    const base = category ? `/community/c/${category}` : "/community/search";
    navigate(withQuery(base, { q: words }));
  }
  return (
    <form role="search" aria-label={t("community.search")} className="search-row" onSubmit={submit}>
      <div className="field">
        <label htmlFor="community-q">{t("community.searchLabel")}</label>
        <input id="community-q" type="search" name="q" value={q} maxLength={200} onChange={(e) => setQ(e.target.value)} />
      </div>
      <button type="submit" className="button">
        {t("community.searchSubmit")}
      </button>
    </form>
  );
}

export function CommunityLinks() {
  const { t } = useI18n();
  const { me } = useAuth();
  // Which of the community's running the member sees (moderators, advisers).
  const roles = useQuery({ ...myProfileQuery, enabled: Boolean(me) }).data;
  return (
    <div className="row">
      <Link to="/community/ask" className="button">
        {t("community.ask")}
      </Link>
      <Link to="/community/me" className="button button-secondary">
        {t("community.myReputation")}
      </Link>
      <Link to="/community/top" className="button button-secondary">
        {t("community.topContributors")}
      </Link>
      {roles?.can_moderate && (
        <Link to="/community/moderation" className="button button-secondary">
          {t("moderation.link")}
        </Link>
      )}
      {roles?.can_watch_queue && (
        <Link to="/community/unanswered" className="button button-secondary">
          {t("community.queue.title")}
        </Link>
      )}
      {me?.is_staff && (
        <Link to="/community/dashboard" className="button button-secondary">
          {t("dashboard.link")}
        </Link>
      )}
    </div>
  );
}

export default function Community() {
  const { t, lang } = useI18n();
  const categories = useQuery(categoriesQuery);
  const unanswered = useQuery(topicsQuery({ unanswered: true, page: 1, pageSize: 5 }));
  const state = together(categories, unanswered);
  const data = categories.data && unanswered.data ? { categories: categories.data, unanswered: unanswered.data.results } : null;
  return (
    <section className="stack">
      <PageTitle>{t("community.title")}</PageTitle>
      <p>{t("community.intro")}</p>
      <CommunityLinks />
      <VisitorInvite />
      <EventsCard limit={3} />
      <div className="card">
        <SearchForm />
      </div>
      {state.error ? (
        <ErrorMessage error={state.error} retry={state.retry} />
      ) : state.loading ? (
        <Loading />
      ) : data ? (
        <>
          <section className="card" aria-labelledby="categories-title">
            <h2 id="categories-title">{t("community.categories")}</h2>
            <ul className="list-plain">
              {data.categories.map((c) => (
                <li key={c.slug}>
                  <Link to={`/community/c/${c.slug}`} className="list-link">
                    <span>
                      <strong>{localized(c, "name", lang)}</strong>
                      <br />
                      <span className="muted">{localized(c, "description", lang)}</span>
                    </span>
                    <span className="muted nowrap">{t("community.topicCount", { count: c.topic_count })}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
          {data.unanswered.length > 0 && (
            <section className="card" aria-labelledby="unanswered-title">
              <h2 id="unanswered-title">{t("community.unanswered")}</h2>
              <ul className="list-plain">
                {data.unanswered.map((topic) => (
                  <TopicRow key={topic.id} topic={topic} />
                ))}
              </ul>
            </section>
          )}
        </>
      ) : null}
    </section>
  );
}
