import { useState } from 'preact/hooks';
import type { Role } from '../../core/auth/roles.ts';
import type { Lang } from '../../core/i18n/index.ts';
import { EditUser, type User } from '../../core/users/schema.ts';
import { api } from '../api/fieldlab.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { CheckboxGroup, FormError, onSubmit, RadioGroup, serverFieldErrors, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { HandOver } from './hand-over.tsx';
import { roleOptions } from './roles.ts';

const FIELDS = ['displayName', 'lang', 'roles'];

function ProfileForm({ orgId, user, onSaved }: { orgId: string; user: User; onSaved(user: User): void }) {
  const { t } = useLang();
  const [displayName, setDisplayName] = useState(user.displayName ?? '');
  const [lang, setLang] = useState<Lang>(user.lang);
  const [roles, setRoles] = useState<Role[]>(user.roles.filter((r) => r.orgId === orgId).map((r) => r.role));
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useSubmit();

  const submit = () => {
    const errs: FieldErrors = {};
    if (displayName.trim() && !EditUser.shape.displayName.safeParse(displayName).success) errs.displayName = t('errors.name', { min: 1, max: 80 });
    if (roles.length === 0) errs.roles = t('errors.rolesKeepOne');
    setInvalid(errs);
    setSaved(false);
    if (Object.keys(errs).length) return;
    void run(async () => {
      onSaved(await api.editUser(orgId, user.id, { displayName: displayName.trim() || null, lang, roles }));
      setSaved(true);
    });
  };
  const errs = { ...invalid, ...serverFieldErrors(error, FIELDS) };

  return (
    <form class="form" noValidate onSubmit={onSubmit(submit)}>
      {saved && <Notice tone="success">{t('app.saved')}</Notice>}
      <FormError error={error} fields={FIELDS} />
      <TextField name="displayName" label={t('users.displayNameOptional')} hint={t('users.displayNameHint')} value={displayName} onValue={setDisplayName} error={errs.displayName} maxLength={80} />
      <CheckboxGroup name="roles" legend={t('users.roles')} options={roleOptions(t)} values={roles} onValues={(v) => setRoles(v as Role[])} error={errs.roles} />
      <RadioGroup
        name="lang"
        legend={t('users.lang')}
        value={lang}
        onValue={(v) => setLang(v === 'en' ? 'en' : 'vi')}
        options={[
          { value: 'vi', label: 'Tiếng Việt' },
          { value: 'en', label: 'English' },
        ]}
      />
      <SubmitButton busy={busy}>{t('app.save')}</SubmitButton>
    </form>
  );
}

/** One person in one organisation: roles, language, and the acts an administrator may need. */
export function UserPage({ orgId, userId }: { orgId: string; userId: string }) {
  const { t } = useLang();
  const me = useMe();
  const shell = useShell();
  // No route reads one person: the organisation's list is the same request the previous page made.
  const users = useResource(() => api.users(orgId), [orgId]);
  const [user, setUser] = useState<User | null>(null);
  const [temporary, setTemporary] = useState<string | null>(null);
  const action = useSubmit();
  const back = { href: `/organisations/${orgId}/users`, label: t('users.title') };
  const current = user ?? users.data?.find((u) => u.id === userId);

  if (!current) {
    return (
      <Page title={t('users.one')} back={back}>
        {users.loading ? <Loading /> : users.error !== undefined ? <ErrorMessage error={users.error} onRetry={users.reload} /> : <Notice tone="warning">{t('notFound.text')}</Notice>}
      </Page>
    );
  }
  const canManage = canIn(me, 'user.manage', orgId);
  const isMe = current.id === me.user.id;

  const setActive = (active: boolean) =>
    void action.run(async () => {
      setTemporary(null);
      setUser(await api.editUser(orgId, current.id, { active }));
    });
  const resetPassword = () =>
    void action.run(async () => {
      setTemporary((await api.resetPassword(orgId, current.id)).temporaryPassword);
      setUser({ ...current, mustChangePassword: true });
    });
  const removeFromOrg = () =>
    void action.run(async () => {
      await api.editUser(orgId, current.id, { roles: [] });
      navigate(back.href);
      shell.flash({ path: back.href, tone: 'success', text: (tr) => tr('users.removed', { username: current.username }) });
    });

  return (
    <Page title={current.username} back={back}>
      <dl class="facts">
        <dt>{t('users.status')}</dt>
        <dd>{current.active ? t('app.active') : t('users.deactivated')}</dd>
        <dt>{t('totp.title')}</dt>
        <dd>{current.totpEnabled ? t('totp.statusOn') : t('totp.statusOff')}</dd>
        {current.mustChangePassword && (
          <>
            <dt>{t('password.title')}</dt>
            <dd>{t('users.mustChange')}</dd>
          </>
        )}
      </dl>
      {canManage && (
        <>
          <section class="panel" aria-labelledby="user-edit">
            <h2 id="user-edit">{t('users.edit')}</h2>
            <ProfileForm key={current.id} orgId={orgId} user={current} onSaved={setUser} />
          </section>
          <section class="panel" aria-labelledby="user-actions">
            <h2 id="user-actions">{t('users.actions')}</h2>
            <FormError error={action.error} />
            {temporary && <HandOver username={current.username} password={temporary} />}
            <div class="button-stack">
              <ConfirmButton
                label={t('users.resetPassword')}
                question={t('users.resetQuestion', { username: current.username })}
                confirmLabel={t('users.resetConfirm')}
                busy={action.busy}
                onConfirm={resetPassword}
              />
              {!isMe &&
                (current.active ? (
                  <ConfirmButton
                    tone="danger"
                    label={t('users.deactivate')}
                    question={t('users.deactivateQuestion', { username: current.username })}
                    confirmLabel={t('users.deactivateConfirm')}
                    busy={action.busy}
                    onConfirm={() => setActive(false)}
                  />
                ) : (
                  <button type="button" class="button button-block" disabled={action.busy} onClick={() => setActive(true)}>
                    {t('users.reactivate')}
                  </button>
                ))}
              {!isMe && (
                <ConfirmButton
                  tone="danger"
                  label={t('users.remove')}
                  question={t('users.removeQuestion', { username: current.username })}
                  confirmLabel={t('users.removeConfirm')}
                  busy={action.busy}
                  onConfirm={removeFromOrg}
                />
              )}
            </div>
          </section>
        </>
      )}
    </Page>
  );
}
