import type { User } from '../../core/users/schema.ts';
import { api } from '../api/fieldlab.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { useOrganisationName } from '../organisations/use-organisation.ts';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';

function UserSummary({ user }: { user: User }) {
  const { t } = useLang();
  return (
    <>
      <span class="list-title">
        {user.username}
        {user.displayName && <span class="list-subtitle"> · {user.displayName}</span>}
      </span>
      <span class="chips">
        {user.roles.map((r) => (
          <span class="chip" key={r.role}>
            {t(`roles.${r.role}.name`)}
          </span>
        ))}
      </span>
      <span class="badges">
        {!user.active && <span class="badge badge-muted">{t('users.deactivated')}</span>}
        {user.totpEnabled && <span class="badge">{t('users.totpOn')}</span>}
        {user.active && user.mustChangePassword && <span class="badge badge-warning">{t('users.mustChange')}</span>}
      </span>
    </>
  );
}

/** Everyone with a role in the organisation. Those who manage people open a person to change them. */
export function UsersPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const orgName = useOrganisationName(orgId);
  const users = useResource(() => api.users(orgId), [orgId]);
  const canManage = canIn(me, 'user.manage', orgId);
  return (
    <Page title={t('users.title')} back={{ href: `/organisations/${orgId}`, label: orgName ?? t('organisations.one') }} wide>
      {canManage && (
        <div class="button-row">
          <Link class="button button-primary" href={`/organisations/${orgId}/users/new`}>
            {t('users.add')}
          </Link>
          <Link class="button" href={`/organisations/${orgId}/users/existing`}>
            {t('users.addExisting')}
          </Link>
        </div>
      )}
      {users.loading && !users.data && <Loading />}
      {users.error !== undefined && <ErrorMessage error={users.error} onRetry={users.reload} />}
      {users.data && (
        <ul class="list">
          {users.data.map((user) => (
            <li key={user.id}>
              {canManage ? (
                <Link class="list-item" href={`/organisations/${orgId}/users/${user.id}`}>
                  <UserSummary user={user} />
                </Link>
              ) : (
                <div class="list-item">
                  <UserSummary user={user} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
