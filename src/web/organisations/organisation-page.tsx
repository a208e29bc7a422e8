import { useState } from 'preact/hooks';
import { api } from '../api/fieldlab.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { OrganisationForm } from './organisation-form.tsx';
import { provinceName, useProvinces } from './provinces.tsx';

/** One organisation: its sites and people, and its profile (editable by its administrators). */
export function OrganisationPage({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const shell = useShell();
  const org = useResource(() => api.organisation(orgId), [orgId]);
  const provinces = useProvinces();
  const [saved, setSaved] = useState(false);
  const back = { href: '/organisations', label: t('organisations.title') };

  if (!org.data) {
    return (
      <Page title={t('organisations.one')} back={back}>
        {org.loading ? <Loading /> : <ErrorMessage error={org.error} onRetry={org.reload} />}
      </Page>
    );
  }
  const o = org.data;
  const canEdit = canIn(me, 'organisation.edit', orgId);
  const isHub = o.kind === 'network_hub';
  const hubRules = me.isHubAdmin && !isHub;
  return (
    <Page title={o.name} back={back}>
      <dl class="facts">
        <dt>{t('organisations.kind')}</dt>
        <dd>{t(`organisations.kinds.${o.kind}`)}</dd>
        <dt>{t('organisations.province')}</dt>
        <dd>{provinceName(provinces.data, o.provinceId, lang) || t('organisations.noProvince')}</dd>
        <dt>{t('organisations.status')}</dt>
        <dd>{o.active ? t('app.active') : t('app.inactive')}</dd>
      </dl>
      <div class="button-stack">
        {canIn(me, 'site.read', orgId) && (
          <Link class="button button-block" href={`/organisations/${orgId}/sites`}>
            {t('sites.title')}
          </Link>
        )}
        {canIn(me, 'user.read', orgId) && (
          <Link class="button button-block" href={`/organisations/${orgId}/users`}>
            {t('users.title')}
          </Link>
        )}
        {canIn(me, 'screening.configure', orgId) && (
          <Link class="button button-block" href={`/organisations/${orgId}/screening`}>
            {t('screening.settings.title')}
          </Link>
        )}
        {canIn(me, 'provider.manage', orgId) && (
          <Link class="button button-block" href={`/organisations/${orgId}/providers`}>
            {t('providers.directoryTitle')}
          </Link>
        )}
        {canIn(me, 'referral.make', orgId) && (
          <Link class="button button-block" href={`/organisations/${orgId}/referrals/indicators`}>
            {t('referrals.numbers.link')}
          </Link>
        )}
        {canIn(me, 'guidance.manage', orgId) && (
          <Link class="button button-block" href={`/organisations/${orgId}/guidance`}>
            {t('guidance.title')}
          </Link>
        )}
      </div>
      {canEdit && (
        <section class="panel" aria-labelledby="org-edit">
          <h2 id="org-edit">{t('organisations.edit')}</h2>
          {saved && <Notice tone="success">{t('app.saved')}</Notice>}
          <OrganisationForm
            key={o.id}
            initial={{ name: o.name, kind: o.kind, provinceId: o.provinceId ?? '', active: o.active }}
            canChangeKind={hubRules}
            kindHint={!me.isHubAdmin ? t('organisations.kindByHub') : isHub ? t('organisations.hubFixed') : undefined}
            canChangeActive={hubRules}
            submitLabel={t('app.save')}
            onSave={async (values) => {
              setSaved(false);
              await api.editOrganisation(orgId, {
                name: values.name,
                provinceId: values.provinceId || null,
                ...(hubRules ? { kind: values.kind, active: values.active } : {}),
              });
              org.reload();
              // The name may show on the home page too.
              await shell.refresh();
              setSaved(true);
            }}
          />
        </section>
      )}
    </Page>
  );
}
