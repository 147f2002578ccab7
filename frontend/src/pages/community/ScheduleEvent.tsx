/** Operators schedule a community event from /community/events: its kind, title, time,
 * the category of its thread and when followers are reminded. Never in the past. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client";
import { missionKeys } from "../../api/communityMissions";
import { categoriesQuery } from "../../api/queries";
import { SelectField, serverErrors, TextAreaField } from "../../components/forms";
import { errorText, Field, Notice } from "../../components/ui";
import { useI18n } from "../../i18n";
import { localized } from "./communityLogic";

type Kind = "live_qa" | "prediction_challenge";

/** A `datetime-local` value (the browser's time) as an ISO instant, or null when empty or past. */
export function futureInstant(local: string, nowMs: number): string | null {
  const when = new Date(local);
  return local && !Number.isNaN(when.getTime()) && when.getTime() > nowMs ? when.toISOString() : null;
}

export function ScheduleEvent() {
  const { t, lang } = useI18n();
  const client = useQueryClient();
  const categories = useQuery(categoriesQuery);
  const [kind, setKind] = useState<Kind>("live_qa");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [startsAt, setStartsAt] = useState("");
  const [category, setCategory] = useState("");
  const [pastError, setPastError] = useState(false);
  const schedule = useMutation({
    mutationFn: (starts_at: string) =>
      unwrap(api.POST("/api/v1/community/events/", { body: { kind, title, description, starts_at, category, remind_minutes_before: 60 } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: missionKeys.events });
      setTitle("");
      setDescription("");
      setStartsAt("");
    },
  });
  // The server's refusal of an input is shown beside it; any other below the button.
  const server = serverErrors(schedule.error, ["kind", "title", "description", "starts_at", "category"]);
  function submit(event: FormEvent) {
    event.preventDefault();
    schedule.reset();
    const instant = futureInstant(startsAt, Date.now());
    setPastError(instant === null);
    if (instant !== null) schedule.mutate(instant);
  }
  return (
    <details className="card">
      <summary>{t("events.form.title")}</summary>
      <form className="stack" onSubmit={submit} noValidate>
        <SelectField label={t("events.form.kind")} name="kind" value={kind} error={server.field("kind")} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="live_qa">{t("events.kind.live_qa")}</option>
          <option value="prediction_challenge">{t("events.kind.prediction_challenge")}</option>
        </SelectField>
        <Field label={t("events.form.name")} name="title" value={title} error={server.field("title")} maxLength={120} required onChange={(e) => setTitle(e.target.value)} />
        <TextAreaField label={t("events.form.description")} name="description" value={description} error={server.field("description")} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
        <Field label={t("events.form.startsAt")} type="datetime-local" value={startsAt} name="starts_at" required error={pastError ? t("events.form.past") : server.field("starts_at")} onChange={(e) => setStartsAt(e.target.value)} />
        <SelectField label={t("events.form.category")} name="category" value={category} error={server.field("category")} required onChange={(e) => setCategory(e.target.value)}>
          <option value="">{t("events.form.chooseCategory")}</option>
          {(categories.data ?? []).map((c) => (
            <option key={c.slug} value={c.slug}>
              {localized(c, "name", lang)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={schedule.isPending}>
          {t("events.form.submit")}
        </button>
        {schedule.isSuccess && <Notice kind="success">{t("events.form.done")}</Notice>}
        {server.rest ? <p className="field-error">{errorText(server.rest, t("app.error"))}</p> : null}
      </form>
    </details>
  );
}
