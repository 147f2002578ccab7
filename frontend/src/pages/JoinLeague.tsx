import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, unwrap } from "../api/client";
import { invalidate, invitePreviewQuery, keys } from "../api/queries";
import { useAuth } from "../auth";
import { ErrorMessage, Loading, Notice, PageTitle } from "../components/ui";
import { setFlash } from "../flash";
import { useI18n } from "../i18n";
import { Link, navigate } from "../router";

export default function JoinLeague({ code }: { code: string }) {
  const { t } = useI18n();
  const { status } = useAuth();
  const client = useQueryClient();
  // Asked once the visitor's session is known (the cache is emptied when it changes): members see "already a member".
  const preview = useQuery({ ...invitePreviewQuery(code), enabled: status !== "loading" });
  const join = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/leagues/join/{code}/", { params: { path: { code } } })),
    onSuccess: (joined) => {
      void invalidate(client, keys.leagues, keys.invitePreview(code));
      setFlash(t("leagues.join.done", { name: joined.league.name }));
      navigate(`/leagues/${joined.league.id}`, { replace: true });
    },
  });
  const here = `/leagues/join/${encodeURIComponent(code)}`;

  let body;
  if (status === "loading" || preview.isPending) body = <Loading />;
  else if (preview.error instanceof ApiError && preview.error.status === 404) body = <Notice kind="error">{t("leagues.join.invalid")}</Notice>;
  else if (preview.error || !preview.data) body = <ErrorMessage error={preview.error} retry={() => void preview.refetch()} />;
  else {
    const league = preview.data;
    body = (
      <div className="card stack">
        <h2>{league.name}</h2>
        <p className="muted">
          {t("leagues.owner", { name: league.owner_name })} · {t("leagues.members", { count: league.member_count })}
        </p>
        {league.description && <p>{league.description}</p>}
        {league.is_member ? (
          <>
            <p>{t("leagues.join.already")}</p>
            <Link to={`/leagues/${league.id}`} className="button">
              {t("leagues.open")}
            </Link>
          </>
        ) : league.is_full ? (
          <Notice kind="error">{t("leagues.join.full")}</Notice>
        ) : status === "anonymous" || league.requires_login ? (
          <div className="stack">
            <p>{t("auth.needed")}</p>
            <Link to={`/account/signup?next=${encodeURIComponent(here)}`} className="button button-block">
              {t("leagues.join.signup")}
            </Link>
            <Link to={`/account/login?next=${encodeURIComponent(here)}`} className="button button-secondary button-block">
              {t("leagues.join.login")}
            </Link>
          </div>
        ) : (
          <>
            {join.error && <ErrorMessage error={join.error} />}
            <button type="button" className="button button-block" disabled={join.isPending} onClick={() => join.mutate()}>
              {t("leagues.join.submit", { name: league.name })}
            </button>
          </>
        )}
      </div>
    );
  }
  return (
    <section className="narrow">
      <PageTitle>{t("leagues.join.title")}</PageTitle>
      {body}
    </section>
  );
}
