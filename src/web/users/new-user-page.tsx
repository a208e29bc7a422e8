import { useState } from 'preact/hooks';
import type { Role } from '../../core/auth/roles.ts';
import type { Lang } from '../../core/i18n/index.ts';
import { CreateUser } from '../../core/users/schema.ts';
import { api } from '../api/fieldlab.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { CheckboxGroup, FormError, onSubmit, RadioGroup, serverFieldErrors, SubmitButton, TextField, UsernameField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { NewPasswordField, usePasswordVerdict, verdictText } from '../ui/password-field.tsx';
import { HandOver } from './hand-over.tsx';
import { roleOptions } from './roles.ts';
import { temporaryPassword } from './temporary-password.ts';

const FIELDS = ['username', 'displayName', 'password', 'roles', 'lang'];

interface Form {
  username: string;
  displayName: string;
  lang: Lang;
  roles: Role[];
  password: string;
}

const blank = (): Form => ({ username: '', displayName: '', lang: 'vi', roles: [], password: temporaryPassword() });

/** A new account in this organisation, with a first password the person replaces at their first login. */
export function NewUserPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const [form, setForm] = useState<Form>(blank);
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);
  const { busy, error, run } = useSubmit();
  const verdict = usePasswordVerdict(form.password, [form.username.trim().toLowerCase()]);
  const back = { href: `/organisations/${orgId}/users`, label: t('users.title') };

  if (!canIn(me, 'user.manage', orgId)) {
    return <NotAllowedPage title={t('users.add')} back={back} />;
  }

  if (created) {
    return (
      <Page title={t('users.createdTitle')} back={back}>
        <HandOver username={created.username} password={created.password} />
        <div class="button-stack">
          <Link class="button button-primary button-block" href={back.href}>
            {t('users.backToList')}
          </Link>
          <button
            type="button"
            class="button button-block"
            onClick={() => {
              setCreated(null);
              setForm(blank());
            }}
          >
            {t('users.addAnother')}
          </button>
        </div>
      </Page>
    );
  }

  const submit = () => {
    const shape = CreateUser.shape;
    const errs: FieldErrors = {};
    if (!shape.username.safeParse(form.username).success) errs.username = t('errors.username');
    if (form.displayName.trim() && !shape.displayName.safeParse(form.displayName).success) errs.displayName = t('errors.name', { min: 1, max: 80 });
    if (form.roles.length === 0) errs.roles = t('errors.rolesRequired');
    if (!form.password) errs.password = t('errors.required');
    else if (verdict && !verdict.ok) errs.password = verdictText(verdict, form.password, t);
    setInvalid(errs);
    if (Object.keys(errs).length) return;
    void run(async () => {
      const user = await api.createUser(orgId, {
        username: form.username,
        displayName: form.displayName.trim() || null,
        lang: form.lang,
        roles: form.roles,
        password: form.password,
      });
      setCreated({ username: user.username, password: form.password });
    });
  };
  const errs = { ...invalid, ...serverFieldErrors(error, FIELDS) };

  return (
    <Page title={t('users.add')} back={back}>
      <form class="form" noValidate onSubmit={onSubmit(submit)}>
        <FormError error={error} fields={FIELDS} />
        <UsernameField name="username" label={t('users.username')} hint={t('users.usernameHint')} value={form.username} onValue={(username) => setForm({ ...form, username })} error={errs.username} maxLength={40} />
        <TextField
          name="displayName"
          label={t('users.displayNameOptional')}
          hint={t('users.displayNameHint')}
          value={form.displayName}
          onValue={(displayName) => setForm({ ...form, displayName })}
          error={errs.displayName}
          maxLength={80}
        />
        <CheckboxGroup name="roles" legend={t('users.roles')} hint={t('users.rolesHint')} options={roleOptions(t)} values={form.roles} onValues={(roles) => setForm({ ...form, roles: roles as Role[] })} error={errs.roles} />
        <RadioGroup
          name="lang"
          legend={t('users.lang')}
          value={form.lang}
          onValue={(lang) => setForm({ ...form, lang: lang === 'en' ? 'en' : 'vi' })}
          options={[
            { value: 'vi', label: 'Tiếng Việt' },
            { value: 'en', label: 'English' },
          ]}
        />
        <NewPasswordField
          name="password"
          label={t('users.firstPassword')}
          hint={t('users.firstPasswordHint')}
          value={form.password}
          onValue={(password) => setForm({ ...form, password })}
          verdict={verdict}
          error={errs.password}
          visible
        />
        <SubmitButton busy={busy}>{t('users.create')}</SubmitButton>
      </form>
    </Page>
  );
}
