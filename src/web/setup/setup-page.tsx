import { useState } from 'preact/hooks';
import { SetupRequest, type Me } from '../../core/users/schema.ts';
import { ApiError } from '../api/client.ts';
import { api } from '../api/fieldlab.ts';
import { ProvinceField } from '../organisations/provinces.tsx';
import { useLang } from '../shell/i18n.tsx';
import { FormError, onSubmit, RadioGroup, serverFieldErrors, SubmitButton, TextField, UsernameField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { NewPasswordField, PasswordAgainField, usePasswordVerdict, verdictText } from '../ui/password-field.tsx';

const FIELDS = ['networkName', 'organisationName', 'provinceId', 'username', 'password', 'passwordAgain'] as const;

/** First start: the network, its hub organisation and the first administrator (who is then logged in). */
export function SetupPage({ onDone }: { onDone(me: Me): void }) {
  const { t, lang, setLang } = useLang();
  const [form, setForm] = useState({ networkName: '', organisationName: '', provinceId: '', username: '', password: '', passwordAgain: '' });
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  const verdict = usePasswordVerdict(form.password, [form.username.trim().toLowerCase()]);
  const set = (field: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  const submit = () => {
    const shape = SetupRequest.shape;
    const errs: FieldErrors = {};
    if (!shape.networkName.safeParse(form.networkName).success) errs.networkName = t('errors.name', { min: 2, max: 120 });
    if (!shape.organisationName.safeParse(form.organisationName).success) errs.organisationName = t('errors.name', { min: 2, max: 120 });
    if (!shape.username.safeParse(form.username).success) errs.username = t('errors.username');
    if (!form.password) errs.password = t('errors.required');
    else if (verdict && !verdict.ok) errs.password = verdictText(verdict, form.password, t);
    if (form.password && form.passwordAgain !== form.password) errs.passwordAgain = t('errors.passwordsDiffer');
    setInvalid(errs);
    if (Object.keys(errs).length) return;
    void run(async () => {
      const me = await api.setup({
        networkName: form.networkName,
        organisationName: form.organisationName,
        provinceId: form.provinceId || null,
        username: form.username,
        password: form.password,
        lang,
      });
      onDone(me);
    });
  };

  const errs = { ...invalid, ...serverFieldErrors(error, FIELDS) };
  const alreadyDone = error instanceof ApiError && error.code === 'SETUP_DONE';

  return (
    <Page title={t('setup.title')}>
      <p class="lead">{t('setup.intro')}</p>
      <form class="form" noValidate onSubmit={onSubmit(submit)}>
        <FormError error={error} fields={FIELDS} />
        {alreadyDone && (
          <p>
            <a class="button button-primary" href="/login">
              {t('setup.toLogin')}
            </a>
          </p>
        )}
        <RadioGroup
          name="lang"
          legend={t('setup.lang')}
          value={lang}
          onValue={(v) => setLang(v === 'en' ? 'en' : 'vi')}
          options={[
            { value: 'vi', label: 'Tiếng Việt' },
            { value: 'en', label: 'English' },
          ]}
        />
        <h2>{t('setup.networkSection')}</h2>
        <TextField name="networkName" label={t('setup.networkName')} hint={t('setup.networkNameHint')} value={form.networkName} onValue={set('networkName')} error={errs.networkName} maxLength={120} />
        <TextField
          name="organisationName"
          label={t('setup.organisationName')}
          hint={t('setup.organisationNameHint')}
          value={form.organisationName}
          onValue={set('organisationName')}
          error={errs.organisationName}
          maxLength={120}
        />
        <ProvinceField value={form.provinceId} onValue={set('provinceId')} optional error={errs.provinceId} />
        <h2>{t('setup.adminSection')}</h2>
        <p class="hint">{t('setup.adminIntro')}</p>
        <UsernameField name="username" label={t('users.username')} hint={t('users.usernameHint')} value={form.username} onValue={set('username')} error={errs.username} maxLength={40} />
        <NewPasswordField name="password" label={t('password.new')} value={form.password} onValue={set('password')} verdict={verdict} error={errs.password} />
        <PasswordAgainField name="passwordAgain" value={form.passwordAgain} onValue={set('passwordAgain')} error={errs.passwordAgain} />
        <SubmitButton busy={busy}>{t('setup.submit')}</SubmitButton>
      </form>
    </Page>
  );
}
