import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../api/client";
import { invalidate, keys, myLeaguesQuery } from "../api/queries";
import { serverErrors } from "../components/forms";
import { ErrorMessage, Field, Loading, PageTitle } from "../components/ui";
import { useI18n } from "../i18n";
import { Link, navigate } from "../router";

function CreateLeague() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: (leagueName: string) => unwrap(api.POST("/api/v1/leagues/", { body: { name: leagueName } })),
    onSuccess: (league) => {
      void invalidate(client, keys.leagues);
      navigate(`/leagues/${league.id}`);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(name.trim());
  }

  const errors = serverErrors(create.error, ["name"], { invalid_name: "name", name_confusable: "name" });
  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="create-league">
      <h2 id="create-league">{t("leagues.create")}</h2>
      <Field label={t("leagues.name")} name="name" required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} error={errors.field("name")} />
      {errors.rest ? <ErrorMessage error={errors.rest} /> : null}
      <button className="button" type="submit" disabled={create.isPending || !name.trim()}>
        {t("leagues.createSubmit")}
      </button>
    </form>
  );
}

/** An invitation code typed by hand (read aloud, copied from a message) goes to its join page. */
function JoinWithCode() {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = code.trim();
    if (!typed) {
      setError(t("leagues.joinCode.empty"));
      event.currentTarget.querySelector("input")?.focus();
      return;
    }
    navigate(`/leagues/join/${encodeURIComponent(typed)}`);
  }

  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="join-code" noValidate>
      <h2 id="join-code">{t("leagues.joinCode.title")}</h2>
      <Field
        label={t("leagues.joinCode.label")}
        hint={t("leagues.joinCode.hint")}
        name="code"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={code}
        onChange={(e) => {
          setCode(e.target.value);
          setError(undefined);
        }}
        error={error}
      />
      <button className="button" type="submit">
        {t("leagues.joinCode.submit")}
      </button>
    </form>
  );
}

export default function Leagues() {
  const { t } = useI18n();
  const { data, error, isPending, refetch } = useQuery(myLeaguesQuery);
  // The forms below the list wait for it: drawn before it, they would jump down as it came.
  if (isPending) {
    return (
      <section className="stack">
        <PageTitle>{t("leagues.title")}</PageTitle>
        <Loading />
      </section>
    );
  }
  return (
    <section className="stack">
      <PageTitle>{t("leagues.title")}</PageTitle>
      <section className="card" aria-labelledby="my-leagues">
        <h2 id="my-leagues">{t("leagues.mine")}</h2>
        {error ? (
          <ErrorMessage error={error} retry={() => void refetch()} />
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
      <JoinWithCode />
      <section className="card stack" aria-labelledby="directory-link">
        <h2 id="directory-link">{t("leagues.directory")}</h2>
        <p className="muted">{t("leagues.directoryIntro")}</p>
        <Link to="/leagues/directory" className="button button-secondary">
          {t("leagues.directoryOpen")}
        </Link>
      </section>
      <CreateLeague />
    </section>
  );
}
