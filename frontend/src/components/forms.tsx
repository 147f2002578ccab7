/** Form fields beyond the plain input of ui.tsx: text areas, selects, switches, and the
 * server's refusal of a form split field by field (lazy pages only). */
import { AllauthFailure } from "../api/allauth";
import { ApiError } from "../api/client";
import { useI18n } from "../i18n";
import { type InputHTMLAttributes, type ReactNode, type Ref, type RefObject, type SelectHTMLAttributes, type TextareaHTMLAttributes, useEffect, useId } from "react";

type Described = { label: string; hint?: string | undefined; error?: string | undefined; extra?: ReactNode };

function describedBy(id: string, hint: unknown, error: unknown, extra: unknown): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`, extra && `${id}-extra`].filter(Boolean).join(" ") || undefined;
}

function Help({ id, hint, error, extra }: { id: string; hint?: string | undefined; error?: string | undefined; extra?: ReactNode }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {extra && (
        <p id={`${id}-extra`} className="hint">
          {extra}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}

/** A labelled text area with its hint, an optional line (a character count) and its error. */
export function TextAreaField({ label, hint, error, extra, id, ...area }: Described & TextareaHTMLAttributes<HTMLTextAreaElement> & { ref?: Ref<HTMLTextAreaElement> }) {
  const auto = useId();
  const fieldId = id ?? auto;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <textarea id={fieldId} aria-describedby={describedBy(fieldId, hint, error, extra)} aria-invalid={error ? true : undefined} {...area} />
      <Help id={fieldId} hint={hint} error={error} extra={extra} />
    </div>
  );
}

/** A form's buttons: submit, and Cancel beside it; both wait while the request runs. */
export function FormActions({ submit, busy, onCancel }: { submit: string; busy: boolean; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <div className="row">
      <button type="submit" className="button" disabled={busy}>
        {submit}
      </button>
      <button type="button" className="button button-secondary" disabled={busy} onClick={onCancel}>
        {t("app.cancel")}
      </button>
    </div>
  );
}

export function SelectField({ label, hint, error, id, children, ...select }: Described & SelectHTMLAttributes<HTMLSelectElement> & { ref?: Ref<HTMLSelectElement> }) {
  const auto = useId();
  const fieldId = id ?? auto;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <select id={fieldId} aria-describedby={describedBy(fieldId, hint, error, null)} aria-invalid={error ? true : undefined} {...select}>
        {children}
      </select>
      <Help id={fieldId} hint={hint} error={error} />
    </div>
  );
}

/** An on/off setting: a real checkbox (keyboard, screen readers) drawn as a switch. */
export function Toggle({ label, hint, id, ...input }: { label: string; hint?: string | undefined } & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const auto = useId();
  const fieldId = id ?? auto;
  return (
    <div className="toggle">
      <input id={fieldId} type="checkbox" role="switch" aria-describedby={hint ? `${fieldId}-hint` : undefined} {...input} />
      <div>
        <label htmlFor={fieldId}>{label}</label>
        {hint && (
          <p id={`${fieldId}-hint`} className="hint">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

export type ServerErrors = {
  /** The server's message for one input, to show beside it (`error=` of a field). */
  field: (name: string) => string | undefined;
  /** The error no field of the form shows (to show above the button), else null. */
  rest: unknown;
};

/**
 * The server's refusal of a form, field by field: the API's `fields` (or allauth's `param`)
 * for the inputs the form has (`names`); whatever no input can show stays in `rest`.
 * Extra `byCode` maps an error code the API answers without `fields` to the input it is about.
 */
export function serverErrors(error: unknown, names: readonly string[], byCode: Record<string, string> = {}): ServerErrors {
  const messages: Record<string, string> = {};
  if (error instanceof ApiError) {
    for (const name of names) {
      const message = error.fields[name]?.[0];
      if (message) messages[name] = message;
    }
    const about = byCode[error.code];
    if (about && names.includes(about) && !messages[about]) messages[about] = error.message;
  } else if (error instanceof AllauthFailure) {
    for (const name of names) {
      const message = error.messageFor(name);
      if (message) messages[name] = message;
    }
  }
  const shown = Object.keys(messages).length > 0;
  return { field: (name) => messages[name], rest: error && !shown ? error : null };
}

/**
 * After a refused submit the focus goes to what says why: the form's summary (a `.form-summary`
 * with tabIndex -1) when it says something, else the form's first invalid input. `failure` is
 * the refusal (an error, the outcome of the form's own checks; null or undefined when none):
 * each new one moves the focus once it is on screen. (Focusing in the submit handler is too
 * early: the summary is still empty there, so hidden, and the focus stays where it was, or
 * falls to the page when the button it was on is disabled while sending.)
 */
export function useFocusOnFailure(form: RefObject<HTMLElement | null>, failure: unknown): void {
  useEffect(() => {
    const root = form.current;
    if (!failure || !root) return;
    const summary = root.querySelector<HTMLElement>(".form-summary");
    const target = summary?.textContent?.trim() ? summary : root.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
  }, [form, failure]);
}
