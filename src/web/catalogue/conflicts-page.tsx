import type { TFunction } from 'i18next';
import { findProvince } from '../../core/geo/provinces.ts';
import type { Lang } from '../../core/i18n/index.ts';
import { api, type ProfileConflict } from '../api/fieldlab.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { useMe } from '../shell/session.tsx';
import { FormError, useSubmit } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useOrganisationName } from '../organisations/use-organisation.ts';

/** Coded profile values in words; the rest as they are. */
const GROUPS: Record<string, string> = {
  genderIdentity: 'client.gender',
  keyPopulations: 'client.keyPopulation',
  substances: 'client.substance',
  routes: 'client.route',
  referralSource: 'client.source',
  sexAtBirth: 'client.sex',
};

function showValue(field: string, value: unknown, t: TFunction, lang: Lang, siteName: (id: string) => string): string {
  if (value === null || value === undefined || value === '') return '—';
  const one = (v: unknown): string => {
    const s = String(v);
    if (field === 'siteId') return siteName(s);
    if (field === 'provinceId') return findProvince(s)?.name[lang] ?? s;
    const group = GROUPS[field];
    return group ? t(`${group}.${s}` as 'client.route.smoke', { defaultValue: s }) : s;
  };
  return Array.isArray(value) ? (value.length ? value.map(one).join(', ') : '—') : one(value);
}

function ConflictItem({ orgId, conflict, uic, editor, siteName, onClosed }: { orgId: string; conflict: ProfileConflict; uic: string; editor: string; siteName(id: string): string; onClosed(): void }) {
  const { t, lang } = useLang();
  const { busy, error, run } = useSubmit();
  const label = t(`conflicts.fields.${conflict.field}` as 'conflicts.fields.nickname', { defaultValue: conflict.field });
  return (
    <li class="list-item">
      <span class="list-title">
        <span class="uic">{uic}</span> · {label}
      </span>
      <dl class="facts facts-compact">
        <dt>{t('conflicts.kept')}</dt>
        <dd>{showValue(conflict.field, conflict.keptValue, t, lang, siteName)}</dd>
        <dt>{t('conflicts.lost')}</dt>
        <dd>{showValue(conflict.field, conflict.lostValue, t, lang, siteName)}</dd>
      </dl>
      <span class="list-meta">{t('conflicts.when', { time: new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(conflict.createdAt)), who: editor })}</span>
      <FormError error={error} />
      <div class="button-row">
        <button type="button" class="button" disabled={busy} onClick={() => void run(async () => {
          await api.resolveConflict(orgId, conflict.id);
          onClosed();
        })}>
          {t('conflicts.close')}
        </button>
      </div>
    </li>
  );
}

/** Profile edits that collided while offline: the later one was kept; a manager looks and closes each (DESIGN §4). */
export function ConflictsPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const orgName = useOrganisationName(orgId);
  const back = { href: `/organisations/${orgId}`, label: orgName ?? t('organisations.one') };
  const allowed = canIn(me, 'conflict.resolve', orgId);
  const data = useResource(async () => {
    if (!allowed) return null;
    const conflicts = await api.conflicts(orgId);
    if (conflicts.length === 0) return { conflicts, clients: [], users: [], sites: [] };
    // Codes, names of colleagues and sites, to say whose record and who changed it.
    const [clients, users, sites] = await Promise.all([api.clients(orgId), api.users(orgId).catch(() => []), api.sites(orgId).catch(() => [])]);
    return { conflicts, clients, users, sites };
  }, [orgId, allowed]);
  if (!allowed) return <NotAllowedPage title={t('conflicts.title')} back={back} />;
  const d = data.data;
  return (
    <Page title={t('conflicts.title')} back={back} wide>
      <p class="lead">{t('conflicts.intro')}</p>
      {data.loading && !d && <Loading />}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {d && d.conflicts.length === 0 && <p>{t('conflicts.none')}</p>}
      {d && d.conflicts.length > 0 && (
        <ul class="list">
          {d.conflicts.map((c) => {
            const user = d.users.find((u) => u.id === c.editedBy);
            return (
              <ConflictItem
                key={c.id}
                orgId={orgId}
                conflict={c}
                uic={d.clients.find((x) => x.id === c.clientId)?.uic ?? '—'}
                editor={user ? (user.displayName ?? user.username) : '—'}
                siteName={(id) => d.sites.find((s) => s.id === id)?.name ?? id}
                onClosed={data.reload}
              />
            );
          })}
        </ul>
      )}
    </Page>
  );
}
