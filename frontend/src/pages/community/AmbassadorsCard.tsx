/** Operators: the candidate ambassadors (steady answers, high solved share) with a button to
 * grant the role, and the ambassadors with a button to take it back. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ambassadorsQuery, setAmbassador } from "../../api/communityMissions";
import { percent } from "../../api/communityRunning";
import { errorText, ErrorMessage, Loading } from "../../components/ui";
import { useI18n } from "../../i18n";
import { Link } from "../../router";

export function AmbassadorsCard() {
  const { t } = useI18n();
  const client = useQueryClient();
  const answer = useQuery(ambassadorsQuery);
  const change = useMutation({
    mutationFn: ({ id, on }: { id: number; on: boolean }) => setAmbassador(id, on),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["community"] }),
  });
  if (answer.isPending) return <Loading />;
  if (answer.error) return <ErrorMessage error={answer.error} retry={() => void answer.refetch()} />;
  const { candidates, ambassadors } = answer.data;
  return (
    <section className="card stack" aria-labelledby="dash-ambassadors">
      <h2 id="dash-ambassadors">{t("ambassadors.title")}</h2>
      <p className="hint">{t("ambassadors.intro")}</p>
      {candidates.length === 0 ? (
        <p className="muted">{t("ambassadors.noCandidates")}</p>
      ) : (
        <ul className="list-plain">
          {candidates.map((c) => (
            <li key={c.player_id} className="event-row">
              <Link to={`/community/players/${c.player_id}`}>{c.display_name || `#${c.player_id}`}</Link>
              <span className="muted">{t("ambassadors.figures", { answered: c.answered, share: percent(c.solved_share), weeks: c.active_weeks })}</span>
              <button type="button" className="button" disabled={change.isPending} onClick={() => change.mutate({ id: c.player_id, on: true })}>
                {t("ambassadors.grant", { name: c.display_name || `#${c.player_id}` })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {ambassadors.length > 0 && (
        <>
          <h3>{t("ambassadors.current")}</h3>
          <ul className="list-plain">
            {ambassadors.map((a) => (
              <li key={a.player_id} className="row spread">
                <Link to={`/community/players/${a.player_id}`}>{a.display_name}</Link>
                <button type="button" className="button button-secondary" disabled={change.isPending} onClick={() => change.mutate({ id: a.player_id, on: false })}>
                  {t("ambassadors.revoke", { name: a.display_name })}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {change.error && <p className="field-error">{errorText(change.error, t("app.error"))}</p>}
    </section>
  );
}
