/** Small building blocks shared by the pages: headings, states, form fields. */
import { type InputHTMLAttributes, type ReactNode, type Ref, useEffect, useId, useRef } from "react";
import { ApiError } from "../api/client";
import { AllauthFailure } from "../api/allauth";
import { useI18n } from "../i18n";
import { consumeNavigated } from "../router";

/** The page's one h1: names the document and takes the focus after a navigation. */
export function PageTitle({ children, title }: { children: ReactNode; title?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    const text = title ?? ref.current?.textContent ?? "";
    document.title = text ? `${text} · ${t("app.name")}` : t("app.name");
    // Screen-reader and keyboard users land on the new page's title, not on the old link.
    if (consumeNavigated()) ref.current?.focus();
  }, [title, t]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {t("app.loading")}
    </p>
  );
}

/** A failure in words a player understands, the server's message when it has one. */
export function errorText(error: unknown, fallback: string): string {
  if (error instanceof ApiError && error.status < 500 && error.message && !error.message.startsWith("HTTP")) {
    return error.message;
  }
  if (error instanceof AllauthFailure && error.message && !error.message.startsWith("HTTP")) {
    return error.message;
  }
  return fallback;
}

export function ErrorMessage({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorText(error, t("app.error"))}</p>
      {retry && (
        <button type="button" className="button button-secondary" onClick={retry}>
          {t("app.retry")}
        </button>
      )}
    </div>
  );
}

export function Notice({ children, kind = "info" }: { children: ReactNode; kind?: "info" | "success" | "error" }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  ref?: Ref<HTMLInputElement>;
  label: string;
  hint?: string;
  error?: string | undefined;
};

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field({ label, hint, error, id, ...input }: FieldProps) {
  const auto = useId();
  const fieldId = id ?? auto;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <input
        id={fieldId}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        aria-invalid={error ? true : undefined}
        {...input}
      />
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
