/** The public league directory: search by name, open a league, join it in one tap. */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { directoryQuery, invalidate, keys } from "../../api/queries";
import type { League } from "../../api/types";
import { ErrorMessage, Loading, PageTitle } from "../../components/ui";
import { setFlash } from "../../flash";
import { useDebounced } from "../../hooks";
import { useI18n } from "../../i18n";
import { Link, navigate } from "../../router";

function DirectoryRow({ league }: { league: League }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const join = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/leagues/{public_id}/join/", { params: { path: { public_id: league.id } } })),
    onSuccess: () => {
      setFlash(t("leagues.join.done", { name: league.name }));
      void invalidate(client, keys.leagues, keys.league(league.id));
      navigate(`/leagues/${league.id}`);
    },
  });
  const full = league.member_count >= league.max_members;
  return (
    <li className="directory-row">
      <div>
        <Link to={`/leagues/${league.id}`}>
          <strong>{league.name}</strong>
        </Link>
        <br />
        <span className="muted">
          {t("leagues.owner", { name: league.owner.name })} · {t("leagues.members", { count: league.member_count })}
        </span>
        {league.description && <p className="directory-description">{league.description}</p>}
      </div>
      {league.my_role ? (
        <span className="badge">{t("leagues.join.already")}</span>
      ) : full ? (
        <span className="badge badge-muted">{t("leagues.join.full")}</span>
      ) : (
        <button type="button" className="button button-small-secondary" disabled={join.isPending} onClick={() => join.mutate()}>
          {t("leagues.join.submit", { name: league.name })}
        </button>
      )}
      {join.error ? <ErrorMessage error={join.error} /> : null}
    </li>
  );
}

export default function Directory() {
  const { t } = useI18n();
  const [q, setQ] = useState("");
  const search = useDebounced(q.trim(), 250);
  const list = useInfiniteQuery(directoryQuery(search));
  const rows = list.data?.pages.flatMap((p) => p.results) ?? [];
  return (
    <section className="stack">
      <PageTitle>{t("leagues.directory")}</PageTitle>
      <p className="muted">{t("leagues.directoryIntro")}</p>
      <div className="field" role="search">
        <label htmlFor="directory-search">{t("leagues.directorySearch")}</label>
        <input id="directory-search" type="search" maxLength={60} autoComplete="off" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <section className="card" aria-label={t("leagues.directory")} aria-busy={list.isFetching}>
        {list.error ? (
          <ErrorMessage error={list.error} retry={() => void list.refetch()} />
        ) : list.isPending ? (
          <Loading />
        ) : rows.length === 0 ? (
          <p>{search ? t("leagues.directoryNone", { q: search }) : t("leagues.directoryEmpty")}</p>
        ) : (
          <ul className="list-plain">
            {rows.map((league) => (
              <DirectoryRow key={league.id} league={league} />
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <button type="button" className="button button-secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t("rankings.more")}
          </button>
        )}
      </section>
      <p>
        <Link to="/leagues">← {t("leagues.mine")}</Link>
      </p>
    </section>
  );
}
