import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import { api } from '../api/fieldlab.ts';
import { useT } from '../shell/i18n.tsx';
import { usePlace } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { FormError, onSubmit, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { NewPasswordField, PasswordAgainField, usePasswordVerdict, verdictText } from '../ui/password-field.tsx';

const FIELDS = ['currentPassword', 'newPassword', 'newPasswordAgain'];

/** The server names the new password "password" in its errors; on this form it is "newPassword". */
function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || !error.field) return {};
  if (error.field === 'password') return { newPassword: error.message };
  return FIELDS.includes(error.field) ? { [error.field]: error.message } : {};
}

export function ChangePasswordForm({ onChanged, currentLabel }: { onChanged(): Promise<void> | void; currentLabel?: string }) {
  const t = useT();
  const me = useMe();
  const [form, setForm] = useState({ currentPassword: '', newPassword: '', newPasswordAgain: '' });
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  const verdict = usePasswordVerdict(form.newPassword, [me.user.username]);
  const set = (field: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  const submit = () => {
    const errs: FieldErrors = {};
    if (!form.currentPassword) errs.currentPassword = t('errors.required');
    if (!form.newPassword) errs.newPassword = t('errors.required');
    else if (verdict && !verdict.ok) errs.newPassword = verdictText(verdict, form.newPassword, t);
    if (form.newPassword && form.newPasswordAgain !== form.newPassword) errs.newPasswordAgain = t('errors.passwordsDiffer');
    setInvalid(errs);
    if (Object.keys(errs).length) return;
    void run(async () => {
      await api.changePassword({ currentPassword: form.currentPassword, newPassword: form.newPassword });
      setForm({ currentPassword: '', newPassword: '', newPasswordAgain: '' });
      await onChanged();
    });
  };

  const errs = { ...invalid, ...fieldErrorsOf(error) };
  return (
    <form class="form" noValidate onSubmit={onSubmit(submit)}>
      <FormError error={error} fields={[...FIELDS, 'password']} />
      <TextField
        name="currentPassword"
        label={currentLabel ?? t('password.current')}
        type="password"
        autoComplete="current-password"
        value={form.currentPassword}
        onValue={set('currentPassword')}
        error={errs.currentPassword}
      />
      <NewPasswordField name="newPassword" label={t('password.new')} value={form.newPassword} onValue={set('newPassword')} verdict={verdict} error={errs.newPassword} />
      <PasswordAgainField name="newPasswordAgain" value={form.newPasswordAgain} onValue={set('newPasswordAgain')} error={errs.newPasswordAgain} />
      <SubmitButton busy={busy}>{t('password.change')}</SubmitButton>
    </form>
  );
}

/** After an administrator created the account or reset its password: nothing else until the person picks their own. */
export function ForcedPasswordChangePage() {
  const t = useT();
  const shell = useShell();
  const place = usePlace();
  return (
    <Page title={t('password.forcedTitle')}>
      <p class="lead">{t('password.forcedText')}</p>
      <ChangePasswordForm
        currentLabel={t('password.temporary')}
        onChanged={async () => {
          await shell.refresh();
          shell.flash({ path: place.path, tone: 'success', text: (tr) => tr('password.changed') });
        }}
      />
    </Page>
  );
}
