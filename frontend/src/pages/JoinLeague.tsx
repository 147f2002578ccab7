import { useState } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { useAuth } from "../auth";
import { ErrorMessage, Loading, Notice, PageTitle } from "../components/ui";
import { setFlash } from "../flash";
import { useAsync } from "../hooks";
import { useI18n } from "../i18n";
import { Link, navigate } from "../router";

export default function JoinLeague({ code }: { code: string }) {
  const { t } = useI18n();
  const { status } = useAuth();
  // Ask again once the visitor's session is known: members see "already a member".
  const preview = useAsync(
    () => (status === "loading" ? Promise.resolve(null) : unwrap(api.GET("/api/v1/leagues/join/{code}/", { params: { path: { code } } }))),
    [code, status],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const here = `/leagues/join/${encodeURIComponent(code)}`;

  async function join() {
    setBusy(true);
    setError(null);
    try {
      const joined = await unwrap(api.POST("/api/v1/leagues/join/{code}/", { params: { path: { code } } }));
      setFlash(t("leagues.join.done", { name: joined.league.name }));
      navigate(`/leagues/${joined.league.id}`, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  let body;
  if (status === "loading" || (preview.loading && !preview.data)) body = <Loading />;
  else if (preview.error instanceof ApiError && preview.error.status === 404) body = <Notice kind="error">{t("leagues.join.invalid")}</Notice>;
  else if (preview.error || !preview.data) body = <ErrorMessage error={preview.error} retry={preview.reload} />;
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
            {error !== null && <ErrorMessage error={error} />}
            <button type="button" className="button button-block" disabled={busy} onClick={() => void join()}>
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
