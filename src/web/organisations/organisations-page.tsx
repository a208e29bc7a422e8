import { api } from '../api/fieldlab.ts';
import { canSomewhere } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { provinceName, useProvinces } from './provinces.tsx';

/** The network's organisations for the hub's administrators; one's own for everyone else. */
export function OrganisationsPage() {
  const { t, lang } = useLang();
  const me = useMe();
  const organisations = useResource(api.organisations, []);
  const provinces = useProvinces();
  const canCreate = canSomewhere(me, 'network.organisations.manage');
  return (
    <Page title={t('organisations.title')} wide>
      {canCreate && (
        <p>
          <Link class="button button-primary" href="/organisations/new">
            {t('organisations.add')}
          </Link>
        </p>
      )}
      {organisations.loading && !organisations.data && <Loading />}
      {organisations.error !== undefined && <ErrorMessage error={organisations.error} onRetry={organisations.reload} />}
      {organisations.data?.length === 0 && <p>{t('organisations.empty')}</p>}
      {organisations.data && organisations.data.length > 0 && (
        <ul class="list">
          {organisations.data.map((org) => (
            <li key={org.id}>
              <Link class="list-item" href={`/organisations/${org.id}`}>
                <span class="list-title">{org.name}</span>
                <span class="list-meta">
                  {[t(`organisations.kinds.${org.kind}`), provinceName(provinces.data, org.provinceId, lang)].filter(Boolean).join(' · ')}
                </span>
                {!org.active && <span class="badge badge-muted">{t('app.inactive')}</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
