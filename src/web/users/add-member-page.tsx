import { useState } from 'preact/hooks';
import type { Role } from '../../core/auth/roles.ts';
import { AddMember } from '../../core/users/schema.ts';
import { api } from '../api/fieldlab.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { CheckboxGroup, FormError, onSubmit, serverFieldErrors, SubmitButton, UsernameField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { roleOptions } from './roles.ts';

const FIELDS = ['username', 'roles'];

/** Someone who already works for another organisation of the network, given roles here too. */
export function AddMemberPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const shell = useShell();
  const [username, setUsername] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  const back = { href: `/organisations/${orgId}/users`, label: t('users.title') };

  if (!canIn(me, 'user.manage', orgId)) {
    return <NotAllowedPage title={t('users.addExisting')} back={back} />;
  }

  const submit = () => {
    const errs: FieldErrors = {};
    if (!AddMember.shape.username.safeParse(username).success) errs.username = t('errors.username');
    if (roles.length === 0) errs.roles = t('errors.rolesRequired');
    setInvalid(errs);
    if (Object.keys(errs).length) return;
    void run(async () => {
      const user = await api.addMember(orgId, { username, roles });
      navigate(back.href);
      shell.flash({ path: back.href, tone: 'success', text: (tr) => tr('users.memberAdded', { username: user.username }) });
    });
  };
  const errs = { ...invalid, ...serverFieldErrors(error, FIELDS) };

  return (
    <Page title={t('users.addExisting')} back={back}>
      <p class="lead">{t('users.addExistingIntro')}</p>
      <form class="form" noValidate onSubmit={onSubmit(submit)}>
        <FormError error={error} fields={FIELDS} />
        <UsernameField name="username" label={t('users.username')} value={username} onValue={setUsername} error={errs.username} maxLength={40} autoComplete="off" />
        <CheckboxGroup name="roles" legend={t('users.roles')} options={roleOptions(t)} values={roles} onValues={(v) => setRoles(v as Role[])} error={errs.roles} />
        <SubmitButton busy={busy}>{t('users.addExistingSubmit')}</SubmitButton>
      </form>
    </Page>
  );
}
