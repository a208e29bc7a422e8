import { api } from '../api/fieldlab.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { provinceName, useProvinces } from './provinces.tsx';
import { useOrganisationName } from './use-organisation.ts';

/** Where the organisation works: drop-in centres, outreach areas, clinics, online. */
export function SitesPage({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const orgName = useOrganisationName(orgId);
  const sites = useResource(() => api.sites(orgId), [orgId]);
  const provinces = useProvinces();
  const canManage = canIn(me, 'site.manage', orgId);
  return (
    <Page title={t('sites.title')} back={{ href: `/organisations/${orgId}`, label: orgName ?? t('organisations.one') }} wide>
      {canManage && (
        <p>
          <Link class="button button-primary" href={`/organisations/${orgId}/sites/new`}>
            {t('sites.add')}
          </Link>
        </p>
      )}
      {sites.loading && !sites.data && <Loading />}
      {sites.error !== undefined && <ErrorMessage error={sites.error} onRetry={sites.reload} />}
      {sites.data?.length === 0 && <p>{t('sites.empty')}</p>}
      {sites.data && sites.data.length > 0 && (
        <ul class="list">
          {sites.data.map((site) => {
            const body = (
              <>
                <span class="list-title">{site.name}</span>
                <span class="list-meta">
                  {t(`sites.kinds.${site.kind}`)} · {provinceName(provinces.data, site.provinceId, lang)}
                </span>
                {!site.active && <span class="badge badge-muted">{t('app.inactive')}</span>}
              </>
            );
            return (
              <li key={site.id}>
                {canManage ? (
                  <Link class="list-item" href={`/organisations/${orgId}/sites/${site.id}`}>
                    {body}
                  </Link>
                ) : (
                  <div class="list-item">{body}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Page>
  );
}
