/** Operators schedule a community event from /community/events: its kind, title, time,
 * the category of its thread and when followers are reminded. Never in the past. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client";
import { missionKeys } from "../../api/communityMissions";
import { categoriesQuery } from "../../api/queries";
import { SelectField, TextAreaField } from "../../components/forms";
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
  function submit(event: FormEvent) {
    event.preventDefault();
    const instant = futureInstant(startsAt, Date.now());
    setPastError(instant === null);
    if (instant !== null) schedule.mutate(instant);
  }
  return (
    <details className="card">
      <summary>{t("events.form.title")}</summary>
      <form className="stack" onSubmit={submit} noValidate>
        <SelectField label={t("events.form.kind")} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="live_qa">{t("events.kind.live_qa")}</option>
          <option value="prediction_challenge">{t("events.kind.prediction_challenge")}</option>
        </SelectField>
        <Field label={t("events.form.name")} value={title} maxLength={120} required onChange={(e) => setTitle(e.target.value)} />
        <TextAreaField label={t("events.form.description")} value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
        <Field label={t("events.form.startsAt")} type="datetime-local" value={startsAt} required error={pastError ? t("events.form.past") : undefined} onChange={(e) => setStartsAt(e.target.value)} />
        <SelectField label={t("events.form.category")} value={category} required onChange={(e) => setCategory(e.target.value)}>
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
        {schedule.error && <p className="field-error">{errorText(schedule.error, t("app.error"))}</p>}
      </form>
    </details>
  );
}
