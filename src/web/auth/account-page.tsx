import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/fieldlab.ts';
import { useLang, useT } from '../shell/i18n.tsx';
import { usePlace } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { CodeField, FormError, onSubmit, RadioGroup, serverFieldErrors, sixDigits, SubmitButton, TextField, useSubmit } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { ChangePasswordForm } from './password-page.tsx';

/** The secret in groups of four, as authenticator apps show it, easier to type by hand. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** Two-factor: a new secret as a QR code and as text; it is on once a code from the app is confirmed. */
function TotpSection() {
  const t = useT();
  const me = useMe();
  const shell = useShell();
  const [enrolment, setEnrolment] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState(false);
  const start = useSubmit();
  const confirm = useSubmit();

  const begin = () =>
    void start.run(async () => {
      setDone(false);
      setCode('');
      setPassword('');
      setEnrolment(await api.totpEnrol());
    });

  const submitCode = () => {
    const digits = sixDigits(code);
    if (!digits) {
      setCodeError(t('errors.code'));
      return;
    }
    setCodeError(undefined);
    void confirm.run(async () => {
      await api.totpConfirm(digits, me.user.totpEnabled ? password : undefined);
      setEnrolment(null);
      setDone(true);
      await shell.refresh();
    });
  };

  return (
    <section class="panel" id="totp" aria-labelledby="totp-heading">
      <h2 id="totp-heading" tabIndex={-1}>
        {t('totp.title')}
      </h2>
      <p>{t('totp.explain')}</p>
      <p class={me.user.totpEnabled ? 'status status-on' : 'status status-off'}>{me.user.totpEnabled ? t('totp.statusOn') : t('totp.statusOff')}</p>
      {done && <Notice tone="success">{t('totp.enabled')}</Notice>}
      {!enrolment && (
        <>
          <FormError error={start.error} />
          <button type="button" class={me.user.totpEnabled ? 'button button-block' : 'button button-primary button-block'} disabled={start.busy} onClick={begin}>
            {me.user.totpEnabled ? t('totp.newPhone') : t('totp.turnOn')}
          </button>
        </>
      )}
      {enrolment && (
        <ol class="steps">
          <li>{t('totp.stepApp')}</li>
          <li>
            {t('totp.stepScan')}
            <img class="qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`} alt={t('totp.qrAlt')} width={220} height={220} />
            <span class="hint">{t('totp.stepKey')}</span>
            <code class="secret" data-secret={enrolment.secret}>
              {groupSecret(enrolment.secret)}
            </code>
          </li>
          <li>
            <form class="form" noValidate onSubmit={onSubmit(submitCode)}>
              <FormError error={confirm.error} fields={['code', 'currentPassword']} />
              <CodeField name="code" label={t('totp.stepCode')} value={code} onValue={setCode} error={codeError ?? serverFieldErrors(confirm.error, ['code']).code} />
              {me.user.totpEnabled && (
                <TextField
                  name="currentPassword"
                  label={t('password.current')}
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onValue={setPassword}
                  error={serverFieldErrors(confirm.error, ['currentPassword']).currentPassword}
                />
              )}
              <SubmitButton busy={confirm.busy}>{t('totp.confirm')}</SubmitButton>
              <button type="button" class="button button-block" onClick={() => setEnrolment(null)}>
                {t('app.cancel')}
              </button>
            </form>
          </li>
        </ol>
      )}
    </section>
  );
}

export function AccountPage() {
  const { t, lang } = useLang();
  const me = useMe();
  const shell = useShell();
  const place = usePlace();
  const [passwordChanged, setPasswordChanged] = useState(false);

  // Arriving from the "turn on two-factor" banner: go straight to that section.
  useEffect(() => {
    if (place.hash !== 'totp') return;
    const section = document.getElementById('totp');
    section?.scrollIntoView();
    document.getElementById('totp-heading')?.focus();
  }, [place.hash]);

  return (
    <Page title={t('account.title')}>
      <section class="panel" aria-labelledby="account-who">
        <h2 id="account-who">{t('account.who')}</h2>
        <dl class="facts">
          <dt>{t('users.username')}</dt>
          <dd>{me.user.username}</dd>
          {me.user.displayName && (
            <>
              <dt>{t('users.displayName')}</dt>
              <dd>{me.user.displayName}</dd>
            </>
          )}
          {me.organisations.map((org) => (
            <Fragment key={org.id}>
              <dt>{org.name}</dt>
              <dd>{org.roles.map((r) => t(`roles.${r}.name`)).join(', ')}</dd>
            </Fragment>
          ))}
        </dl>
      </section>

      <section class="panel" aria-labelledby="account-lang">
        <h2 id="account-lang">{t('lang.label')}</h2>
        <RadioGroup
          name="account-lang"
          legend={t('account.langLegend')}
          value={lang}
          onValue={(v) => shell.chooseLang(v === 'en' ? 'en' : 'vi')}
          options={[
            { value: 'vi', label: 'Tiếng Việt' },
            { value: 'en', label: 'English' },
          ]}
        />
      </section>

      <TotpSection />

      <section class="panel" aria-labelledby="account-password">
        <h2 id="account-password">{t('password.change')}</h2>
        {passwordChanged && <Notice tone="success">{t('password.changed')}</Notice>}
        <ChangePasswordForm onChanged={() => setPasswordChanged(true)} />
      </section>
    </Page>
  );
}
