/** /community/c/<slug> and /community/search: topics, searched and paged (state in the URL). */
import { useQuery } from "@tanstack/react-query";
import { categoriesQuery, topicsQuery } from "../../api/queries";
import { Pagination, TopicRow } from "../../components/community";
import { ErrorMessage, Loading, PageTitle } from "../../components/ui";
import { together } from "../../hooks";
import { useI18n } from "../../i18n";
import { Link, useLocationKey } from "../../router";
import { VisitorInvite } from "../../components/VisitorInvite";
import { SearchForm } from "./Community";
import { localized, PAGE_SIZE, pageCount, pageParam, withQuery } from "./communityLogic";

export default function Topics({ category }: { category?: string }) {
  const { t, lang } = useI18n();
  const key = useLocationKey();
  const query = new URLSearchParams(key.split("?")[1] ?? "");
  const q = (query.get("q") ?? "").trim();
  const page = pageParam(query.get("page"));
  const base = category ? `/community/c/${category}` : "/community/search";
  // The category's name and description, for a category's page.
  const categories = useQuery({ ...categoriesQuery, enabled: Boolean(category) });
  const topics = useQuery(topicsQuery({ ...(category ? { category } : {}), ...(q ? { q } : {}), page, pageSize: PAGE_SIZE }));
  const state = together(topics, ...(category ? [categories] : []));
  const data =
    topics.data && (!category || categories.data)
      ? { category: categories.data?.find((c) => c.slug === category) ?? null, topics: topics.data }
      : null;
  const name = data?.category ? localized(data.category, "name", lang) : category ? "" : t("community.allCategories");
  const pages = data ? pageCount(data.topics.count) : 1;

  return (
    <section className="stack">
      <nav aria-label={t("app.breadcrumb")} className="breadcrumb">
        <Link to="/community">{t("community.title")}</Link>
      </nav>
      <PageTitle title={name || t("community.title")}>{name || t("community.title")}</PageTitle>
      {data?.category && <p className="muted">{localized(data.category, "description", lang)}</p>}
      <div className="row">
        <Link to={withQuery("/community/ask", { category })} className="button">
          {t("community.ask")}
        </Link>
      </div>
      <VisitorInvite />
      <div className="card">
        <SearchForm key={`${category}-${q}`} initial={q} category={category} />
        {q && (
          <p className="row spread" style={{ marginTop: "0.5rem" }}>
            <strong aria-live="polite">{t("community.searchResults", { q })}</strong>
            <Link to={base}>{t("community.clearSearch")}</Link>
          </p>
        )}
      </div>
      {state.error ? (
        <ErrorMessage error={state.error} retry={state.retry} />
      ) : state.loading ? (
        <Loading />
      ) : data ? (
        <>
          {data.topics.results.length === 0 ? (
            <p className="card">{q ? t("community.noResults") : t("community.noTopics")}</p>
          ) : (
            <ul className="list-plain card topic-list">
              {data.topics.results.map((topic) => (
                <TopicRow key={topic.id} topic={topic} level={2} />
              ))}
            </ul>
          )}
          <Pagination page={page} pages={pages} hrefFor={(p) => withQuery(base, { q, page: p })} />
        </>
      ) : null}
    </section>
  );
}
