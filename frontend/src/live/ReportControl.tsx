/** Report another member's live message (a race-day room's or a live help conversation's) to
 * the moderators: a reason in a few words, behind a disclosure button, as the community's
 * reports are made. */
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { type Feedback, FeedbackLine } from "../components/community";
import { FormActions, serverErrors, TextAreaField } from "../components/forms";
import { useI18n } from "../i18n";
import { liveErrorText } from "./liveErrors";

/** The server's longest reason (backend/live/apis/moderation.py ReportInput). */
export const REASON_MAX = 200;
const FIELDS = ["reason"] as const;
// An empty reason comes back without `fields`: it is about the reason all the same.
const BY_CODE = { empty: "reason" };

export function ReportControl({ kind, message, author }: { kind: "room" | "help"; message: number; author: string }) {
  const { t, fmt } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const id = `live-report-${kind}-${message}`;

  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);

  const report = useMutation({
    mutationFn: (text: string) => unwrap(api.POST("/api/v1/live/reports/", { body: { kind, message, reason: text } })),
    onMutate: () => setFeedback(null),
    onSuccess: () => {
      setFeedback({ kind: "success", text: t("live.report.done") });
      setOpen(false);
      setReason("");
      opener.current?.focus();
    },
    onError: (error) => {
      // A refusal of the reason is shown beside it, anything else on the line below the button.
      const rest = serverErrors(error, FIELDS, BY_CODE).rest;
      setFeedback(rest ? { kind: "error", text: liveErrorText(rest, t, fmt) } : null);
    },
  });
  // The server's refusal of the reason: an empty one in the player's words, others as they come.
  const emptyRefused = report.error instanceof ApiError && report.error.code === "empty";
  const reasonError = problem ?? (emptyRefused ? t("live.err.empty_reason") : serverErrors(report.error, FIELDS).field("reason"));

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = reason.trim();
    setProblem(text ? null : t("live.err.empty_reason"));
    if (text) report.mutate(text);
  }

  return (
    <span className="flag">
      <button ref={opener} type="button" className="link-button live-report" aria-expanded={open} aria-controls={id} aria-label={t("live.report.label", { name: author })} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">⚑</span> {t("live.report.open")}
      </button>
      <FeedbackLine feedback={feedback} />
      {open && (
        <form id={id} className="flag-form stack" onSubmit={submit} aria-label={t("live.report.title")}>
          <TextAreaField
            ref={field}
            label={t("live.report.reason")}
            name="reason"
            rows={2}
            maxLength={REASON_MAX}
            value={reason}
            error={reasonError}
            onChange={(e) => setReason(e.target.value)}
          />
          <FormActions submit={t("live.report.submit")} busy={report.isPending} onCancel={() => setOpen(false)} />
        </form>
      )}
    </span>
  );
}
