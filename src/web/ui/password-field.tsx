import { useEffect, useState } from 'preact/hooks';
import type { PasswordVerdict } from '../../core/auth/password-policy.ts';
import { useT } from '../shell/i18n.tsx';
import { CheckboxField, TextField } from './form.tsx';

type Policy = typeof import('../../core/auth/password-policy.ts');

/**
 * The server's own password policy (core/auth/password-policy.ts), loaded only when a page asks
 * for a new password: its list of common passwords is large and most visits never need it.
 */
let loading: Promise<Policy> | undefined;
let loaded: Policy | undefined;

function usePolicy(): Policy | undefined {
  const [policy, setPolicy] = useState<Policy | undefined>(loaded);
  useEffect(() => {
    if (policy) return;
    loading ??= import('../../core/auth/password-policy.ts').then((m) => (loaded = m));
    loading.then(setPolicy, () => {
      loading = undefined; // Try again next time (the phone may have been offline).
    });
  }, [policy]);
  return policy;
}

/** The policy's verdict, or null while it loads or when nothing is typed (the server still checks). */
export function usePasswordVerdict(password: string, context: readonly string[]): PasswordVerdict | null {
  const policy = usePolicy();
  if (!policy || password === '') return null;
  return policy.checkPasswordStrength(password, context);
}

export function verdictText(verdict: PasswordVerdict, password: string, t: ReturnType<typeof useT>): string {
  if (verdict.ok) return t('password.strong');
  // A verdict exists only once the policy has loaded.
  const { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } = loaded!;
  if (verdict.reason === 'too_short') return t('password.tooShort', { min: MIN_PASSWORD_LENGTH, missing: MIN_PASSWORD_LENGTH - [...password].length });
  if (verdict.reason === 'too_long') return t('password.tooLong', { max: MAX_PASSWORD_LENGTH });
  return t('password.tooWeak');
}

/** A new password, with its strength shown as it is typed and a switch to see what was typed. */
export function NewPasswordField(props: {
  name: string;
  label: string;
  value: string;
  onValue(value: string): void;
  verdict: PasswordVerdict | null;
  error?: string;
  hint?: string;
  /** For a temporary password that an administrator reads out: shown from the start. */
  visible?: boolean;
}) {
  const t = useT();
  const [visible, setVisible] = useState(props.visible ?? false);
  const level = props.verdict === null ? 0 : props.verdict.ok ? 3 : props.verdict.reason === 'too_weak' ? 2 : 1;
  const id = `field-${props.name}`;
  const strength = props.verdict ? verdictText(props.verdict, props.value, t) : t('password.empty');
  // When the error is the strength verdict itself, the line under the bar already says it.
  const error = props.error === strength ? undefined : props.error;
  return (
    <div class="password">
      <TextField
        name={props.name}
        label={props.label}
        hint={props.hint ?? t('password.hint')}
        value={props.value}
        onValue={props.onValue}
        type={visible ? 'text' : 'password'}
        autoComplete="new-password"
        autoCapitalize="none"
        autoCorrect="off"
        spellcheck={false}
        error={error}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={`${id}-hint ${id}-strength${error ? ` ${id}-error` : ''}`}
      />
      <div class={`strength strength-${level}${props.error === strength ? ' strength-refused' : ''}`} id={`${id}-strength`} aria-live="polite">
        <div class="strength-bar" aria-hidden="true">
          <span />
        </div>
        <p class="strength-text" role={props.error === strength ? 'alert' : undefined}>
          {strength}
        </p>
      </div>
      <CheckboxField inline label={t('password.show')} checked={visible} onChecked={setVisible} />
    </div>
  );
}

/** The new password once more, to catch a slip of the thumb. */
export function PasswordAgainField(props: { name: string; value: string; onValue(value: string): void; error?: string }) {
  const t = useT();
  return <TextField {...props} label={t('password.again')} type="password" autoComplete="new-password" />;
}
