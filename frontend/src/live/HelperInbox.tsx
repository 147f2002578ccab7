/** For helpers: be available or away, and the live questions waiting for someone. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { useI18n } from "../i18n";
import { liveErrorText } from "./liveErrors";
import { liveKeys } from "./LiveProvider";

export function HelperInbox() {
  const { t, fmt } = useI18n();
  const client = useQueryClient();
  const helper = useQuery({ queryKey: [...liveKeys.all, "helper"], queryFn: () => unwrap(api.GET("/api/v1/live/helper/")) });
  const inbox = useQuery({
    queryKey: [...liveKeys.all, "inbox"],
    queryFn: () => unwrap(api.GET("/api/v1/live/help/inbox/")),
    enabled: helper.data?.eligible === true,
  });
  const refresh = () => client.invalidateQueries({ queryKey: liveKeys.all });
  const set = useMutation({
    mutationFn: (available: boolean) => unwrap(api.PUT("/api/v1/live/helper/", { body: { opted_in: available, available } })),
    onSuccess: refresh,
  });
  const take = useMutation({
    mutationFn: (id: number) => unwrap(api.POST("/api/v1/live/help/{request_id}/take/", { params: { path: { request_id: id } } })),
    onSuccess: refresh,
  });
  if (!helper.data?.eligible) return null;
  return (
    <div className="live-inbox">
      <h3>{t("live.inbox.title")}</h3>
      <label>
        <input type="checkbox" checked={helper.data.available} onChange={(e) => set.mutate(e.target.checked)} /> {t("live.inbox.available")}
      </label>
      {(inbox.data ?? []).length === 0 ? (
        <p className="muted">{t("live.inbox.empty")}</p>
      ) : (
        <ul>
          {(inbox.data ?? []).map((q) => (
            <li key={q.id}>
              <span className="live-text">{q.question}</span>{" "}
              <button type="button" className="button-small-secondary" onClick={() => take.mutate(q.id)}>
                {t("live.inbox.take")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {take.error && <p role="alert" className="error">{liveErrorText(take.error, t, fmt)}</p>}
    </div>
  );
}
