import { useState } from 'preact/hooks';
import type { Me } from '../../core/users/schema.ts';
import { ApiError } from '../api/client.ts';
import { api } from '../api/fieldlab.ts';
import { useT } from '../shell/i18n.tsx';
import { CheckboxField, CodeField, FormError, onSubmit, serverFieldErrors, sixDigits, SubmitButton, TextField, UsernameField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';

/**
 * Username and password; then, for people with two-factor, a second step for the 6-digit code
 * (the server answers TOTP_REQUIRED to the first step, and the password is sent again with the code).
 */
export function LoginPage({ onSignedIn }: { onSignedIn(me: Me): void }) {
  const t = useT();
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run, setError } = useSubmit();

  const submitPassword = () => {
    const errs: FieldErrors = {};
    if (!username.trim()) errs.username = t('errors.required');
    if (!password) errs.password = t('errors.required');
    setInvalid(errs);
    if (Object.keys(errs).length) return;
    void run(async () => {
      try {
        onSignedIn(await api.login({ username, password }));
      } catch (err) {
        if (err instanceof ApiError && err.code === 'TOTP_REQUIRED') {
          setCode('');
          setStep('code');
          return;
        }
        throw err;
      }
    });
  };

  const submitCode = () => {
    const digits = sixDigits(code);
    if (!digits) {
      setInvalid({ totp: t('errors.code') });
      return;
    }
    setInvalid({});
    void run(async () => onSignedIn(await api.login({ username, password, totp: digits })));
  };

  const errs = { ...invalid, ...serverFieldErrors(error, ['username', 'password', 'totp']) };

  if (step === 'code') {
    return (
      <Page title={t('login.codeTitle')}>
        <p>{t('login.codeText')}</p>
        <form class="form" noValidate onSubmit={onSubmit(submitCode)}>
          <FormError error={error} fields={['totp']} />
          <CodeField name="totp" label={t('login.code')} value={code} onValue={setCode} error={errs.totp} autoFocus />
          <SubmitButton busy={busy} busyLabel={t('login.checking')}>
            {t('login.confirmCode')}
          </SubmitButton>
          <button
            type="button"
            class="button button-block"
            onClick={() => {
              setStep('password');
              setPassword('');
              setError(undefined);
              setInvalid({});
            }}
          >
            {t('app.back')}
          </button>
        </form>
      </Page>
    );
  }

  return (
    <Page title={t('login.title')}>
      <p class="lead">{t('login.intro')}</p>
      <form class="form" noValidate onSubmit={onSubmit(submitPassword)}>
        <FormError error={error} fields={['username', 'password']} />
        <UsernameField name="username" label={t('login.username')} value={username} onValue={setUsername} error={errs.username} />
        <TextField
          name="password"
          label={t('login.password')}
          value={password}
          onValue={setPassword}
          error={errs.password}
          type={showPassword ? 'text' : 'password'}
          autoComplete="current-password"
          autoCapitalize="none"
          autoCorrect="off"
          spellcheck={false}
        />
        <CheckboxField inline label={t('password.show')} checked={showPassword} onChecked={setShowPassword} />
        <SubmitButton busy={busy} busyLabel={t('login.checking')}>
          {t('login.submit')}
        </SubmitButton>
      </form>
      <p class="hint">{t('login.forgot')}</p>
    </Page>
  );
}
