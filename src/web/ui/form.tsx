import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import { useT } from '../shell/i18n.tsx';
import { errorText } from './status.tsx';

/**
 * Form parts with labels, hints and errors tied to their inputs (aria-describedby), so a screen
 * reader reads the error with the field, and every target is large enough for a thumb.
 */
export type FieldErrors = Partial<Record<string, string>>;

/** The server's error for one field of this form, if that is where it points. */
export function serverFieldErrors(error: unknown, fields: readonly string[]): FieldErrors {
  if (error instanceof ApiError && error.field && fields.includes(error.field)) return { [error.field]: error.message };
  return {};
}

/** Runs a submission, keeping "busy" and the last error for the form to show. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run, setError };
}

/** A failure of the whole form: shown at its top unless it belongs to one of the form's fields. */
export function FormError({ error, fields = [] }: { error: unknown; fields?: readonly string[] }) {
  const t = useT();
  if (error === undefined) return null;
  if (error instanceof ApiError && error.field && fields.includes(error.field)) return null;
  return (
    <div class="alert alert-error" role="alert">
      <p>{errorText(error, t)}</p>
    </div>
  );
}

interface FieldShellProps {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string;
  children: ComponentChildren;
}

function FieldShell({ id, label, hint, error, children }: FieldShellProps) {
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export interface TextFieldProps {
  name: string;
  label: ComponentChildren;
  value: string;
  onValue(value: string): void;
  hint?: ComponentChildren;
  error?: string;
  id?: string;
  type?: 'text' | 'password';
  autoComplete?: string;
  inputMode?: 'text' | 'numeric';
  maxLength?: number;
  autoCapitalize?: 'none' | 'characters';
  autoCorrect?: 'off';
  spellcheck?: boolean;
  autoFocus?: boolean;
  class?: string;
  /** Marks the input invalid when its error is shown elsewhere (the password strength line). */
  'aria-invalid'?: boolean;
  /** Replaces the hint and error ids that are otherwise linked. */
  'aria-describedby'?: string;
}

export function TextField({ name, label, value, onValue, hint, error, id = `field-${name}`, type = 'text', ...rest }: TextFieldProps) {
  const attributes = {
    id,
    name,
    value,
    onInput: (event: { currentTarget: HTMLInputElement }) => onValue(event.currentTarget.value),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
    ...rest,
  };
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      {type === 'password' ? <input type="password" {...attributes} /> : <input type="text" {...attributes} />}
    </FieldShell>
  );
}

/** Usernames: no capitals, no autocorrect, no spaces (see Username in core/users/schema.ts). */
export function UsernameField(props: Omit<TextFieldProps, 'type'>) {
  return <TextField autoCapitalize="none" autoCorrect="off" spellcheck={false} autoComplete="username" {...props} />;
}

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

export function SelectField(props: {
  name: string;
  label: ComponentChildren;
  value: string;
  onValue(value: string): void;
  options: readonly Option[];
  /** A first, empty choice ("none" or "choose…"). */
  placeholder?: string;
  hint?: ComponentChildren;
  error?: string;
  disabled?: boolean;
}) {
  const id = `field-${props.name}`;
  return (
    <FieldShell id={id} label={props.label} hint={props.hint} error={props.error}>
      <select
        id={id}
        name={props.name}
        value={props.value}
        disabled={props.disabled}
        onChange={(event) => props.onValue(event.currentTarget.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

function ChoiceGroup(props: {
  type: 'checkbox' | 'radio';
  name: string;
  legend: ComponentChildren;
  options: readonly Option[];
  isChecked(value: string): boolean;
  onToggle(value: string, checked: boolean): void;
  hint?: ComponentChildren;
  error?: string;
}) {
  const id = `field-${props.name}`;
  return (
    <fieldset class={props.error ? 'field choices field-invalid' : 'field choices'} aria-describedby={describedBy(id, props.hint, props.error)}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.options.map((o) => (
        <label class="choice" key={o.value}>
          <input
            type={props.type}
            name={props.name}
            value={o.value}
            checked={props.isChecked(o.value)}
            onChange={(event) => props.onToggle(o.value, event.currentTarget.checked)}
          />
          <span>
            <span class="choice-label">{o.label}</span>
            {o.hint && <span class="choice-hint">{o.hint}</span>}
          </span>
        </label>
      ))}
      {props.error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

export function CheckboxGroup(props: {
  name: string;
  legend: ComponentChildren;
  options: readonly Option[];
  values: readonly string[];
  onValues(values: string[]): void;
  hint?: ComponentChildren;
  error?: string;
}) {
  return (
    <ChoiceGroup
      type="checkbox"
      name={props.name}
      legend={props.legend}
      options={props.options}
      hint={props.hint}
      error={props.error}
      isChecked={(v) => props.values.includes(v)}
      onToggle={(v, checked) => {
        const rest = props.values.filter((x) => x !== v);
        // Keep the options' order, whatever order they were ticked in.
        const next = checked ? [...rest, v] : rest;
        props.onValues(props.options.map((o) => o.value).filter((x) => next.includes(x)));
      }}
    />
  );
}

export function RadioGroup(props: {
  name: string;
  legend: ComponentChildren;
  options: readonly Option[];
  value: string;
  onValue(value: string): void;
  hint?: ComponentChildren;
  error?: string;
}) {
  return (
    <ChoiceGroup
      type="radio"
      name={props.name}
      legend={props.legend}
      options={props.options}
      hint={props.hint}
      error={props.error}
      isChecked={(v) => props.value === v}
      onToggle={(v, checked) => checked && props.onValue(v)}
    />
  );
}

/** One yes/no choice: a box with its label (and an explanation) as one large target. */
export function CheckboxField(props: { name?: string; label: string; hint?: string; checked: boolean; onChecked(checked: boolean): void; inline?: boolean }) {
  return (
    <label class={props.inline ? 'choice choice-inline' : 'choice'}>
      <input type="checkbox" name={props.name} checked={props.checked} onChange={(e) => props.onChecked(e.currentTarget.checked)} />
      <span>
        <span class={props.inline ? undefined : 'choice-label'}>{props.label}</span>
        {props.hint && <span class="choice-hint">{props.hint}</span>}
      </span>
    </label>
  );
}

/** Six digits from an authenticator app; spaces (as some apps show "123 456") are dropped. */
export function CodeField(props: { name: string; label: string; value: string; onValue(value: string): void; error?: string; autoFocus?: boolean }) {
  return <TextField {...props} inputMode="numeric" autoComplete="one-time-code" maxLength={7} class="input-code" />;
}

export function sixDigits(code: string): string | null {
  const digits = code.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

export function SubmitButton({ busy, children, busyLabel }: { busy: boolean; children: ComponentChildren; busyLabel?: string }) {
  const t = useT();
  return (
    <button type="submit" class="button button-primary button-block" disabled={busy} aria-busy={busy}>
      {busy ? (busyLabel ?? t('app.saving')) : children}
    </button>
  );
}

/** Stops the browser's own validation bubbles (in the browser's language, not ours) and runs ours. */
export function onSubmit(handler: () => void) {
  return (event: Event) => {
    event.preventDefault();
    handler();
  };
}
