import { type FormEvent, type InputHTMLAttributes, type ReactNode, useId } from 'react';
import type { Problem } from '../errors';

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  /** The field's error, from BAD_USER_INPUT's `fields` (or the form's own checks). */
  error?: string;
  hint?: ReactNode;
};

/** A labelled input whose error is announced with it (aria-describedby) and marked invalid. */
export function Field({ label, error, hint, id, ...input }: FieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

type CodeFieldProps = Omit<FieldProps, 'label' | 'onChange' | 'value'> & {
  value: string;
  onChange: (value: string) => void;
  /** Also takes a recovery code (letters and dashes), so the phone's keyboard is not digits only. */
  acceptsRecovery?: boolean;
  label?: string;
};

/** A second-factor code: an authenticator app's six digits, or (`acceptsRecovery`) a recovery code too. */
export function CodeField({ value, onChange, acceptsRecovery = false, label, ...rest }: CodeFieldProps) {
  return (
    <Field
      label={label ?? 'Authentication code'}
      name="code"
      inputMode={acceptsRecovery ? 'text' : 'numeric'}
      autoComplete="one-time-code"
      required
      value={value}
      onChange={(e) => onChange(e.target.value)}
      {...rest}
    />
  );
}

/** The form-level message: an error is announced at once (role=alert), a success politely. */
export function Notice({ problem, success }: { problem?: Problem | null; success?: ReactNode }) {
  if (problem) {
    return (
      <p className="notice notice-error" role="alert">
        {problem.message}
      </p>
    );
  }
  if (success) {
    return (
      <p className="notice notice-success" role="status">
        {success}
      </p>
    );
  }
  return null;
}

/** A submit button that stays named as it is while busy (screen readers and tests rely on the name). */
export function Submit({
  busy,
  children,
  variant,
}: {
  busy: boolean;
  children: string;
  variant?: 'danger' | 'secondary';
}) {
  return (
    <button type="submit" className={variant ? `button button-${variant}` : 'button'} disabled={busy} aria-busy={busy}>
      {children}
    </button>
  );
}

export const submitted = (handler: () => void) => (event: FormEvent) => {
  event.preventDefault();
  handler();
};
