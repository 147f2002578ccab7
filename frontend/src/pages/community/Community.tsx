/** /community: the categories, a search over every topic, what waits for an answer. */
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client";
import { TopicRow } from "../../components/community";
import { ErrorMessage, Loading, PageTitle } from "../../components/ui";
import { useAsync } from "../../hooks";
import { useI18n } from "../../i18n";
import { Link, navigate } from "../../router";
import { localized, withQuery } from "./communityLogic";

async function load() {
  const [categories, unanswered] = await Promise.all([
    unwrap(api.GET("/api/v1/community/categories/")),
    unwrap(api.GET("/api/v1/community/topics/", { params: { query: { unanswered: true, page_size: 5 } } })),
  ]);
  return { categories, unanswered: unanswered.results };
}

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
    </div>
  );
}

export default function Community() {
  const { t, lang } = useI18n();
  const { data, error, loading, reload } = useAsync(load, []);
  return (
    <section className="stack">
      <PageTitle>{t("community.title")}</PageTitle>
      <p>{t("community.intro")}</p>
      <CommunityLinks />
      <div className="card">
        <SearchForm />
      </div>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <ErrorMessage error={error} retry={reload} />
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
