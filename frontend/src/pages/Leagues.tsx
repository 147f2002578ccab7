import { type FormEvent, useState } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { rowsOf } from "../api/types";
import { ErrorMessage, Field, Loading, PageTitle } from "../components/ui";
import { useAsync } from "../hooks";
import { useI18n } from "../i18n";
import { Link, navigate } from "../router";

function CreateLeague() {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const league = await unwrap(api.POST("/api/v1/leagues/", { body: { name: name.trim() } }));
      navigate(`/leagues/${league.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fieldError = error instanceof ApiError ? error.fields.name?.[0] : undefined;
  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="create-league">
      <h2 id="create-league">{t("leagues.create")}</h2>
      <Field label={t("leagues.name")} name="name" required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} error={fieldError} />
      {error !== null && !fieldError && <ErrorMessage error={error} />}
      <button className="button" type="submit" disabled={busy || !name.trim()}>
        {t("leagues.createSubmit")}
      </button>
    </form>
  );
}

export default function Leagues() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync(async () => rowsOf(await unwrap(api.GET("/api/v1/leagues/"))), []);
  return (
    <section className="stack">
      <PageTitle>{t("leagues.title")}</PageTitle>
      <section className="card" aria-labelledby="my-leagues">
        <h2 id="my-leagues">{t("leagues.mine")}</h2>
        {loading && !data ? (
          <Loading />
        ) : error ? (
          <ErrorMessage error={error} retry={reload} />
        ) : !data?.length ? (
          <p>{t("leagues.none")}</p>
        ) : (
          <ul className="list-plain">
            {data.map((league) => (
              <li key={league.id}>
                <Link to={`/leagues/${league.id}`} className="list-link">
                  <span>
                    <strong>{league.name}</strong>
                    <br />
                    <span className="muted">{t("leagues.owner", { name: league.owner.name })}</span>
                  </span>
                  <span className="muted">{t("leagues.members", { count: league.member_count })}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <CreateLeague />
    </section>
  );
}
