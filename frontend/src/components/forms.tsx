/** Form fields beyond the plain input of ui.tsx: text areas, selects, switches (lazy pages only). */
import { type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from "react";

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
export function TextAreaField({ label, hint, error, extra, id, ...area }: Described & TextareaHTMLAttributes<HTMLTextAreaElement>) {
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
