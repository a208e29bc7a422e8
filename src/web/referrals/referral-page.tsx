import { newId } from '../../core/ids.ts';
import { mayRecord, nextStatus } from '../../core/referrals/index.ts';
import { REFERRAL_EVENTS } from '../../core/referrals/schema.ts';
import { StateBadge } from '../field/client-list.tsx';
import { findClient, useField } from '../field/context.tsx';
import { fixHref } from '../field/fix.ts';
import { formatDay } from '../field/format.ts';
import { runtime } from '../field/runtime.ts';
import type { ReferralView } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { ReferralStatusBadge, UrgencyBadge } from './badges.tsx';
import { EventForm, type EventInput, type RecordableEvent } from './event-form.tsx';
import { mayRate, ProviderRating } from './provider-rating.tsx';
import { ReferralTimeline } from './timeline.tsx';

/** What the referring worker may record now, by the core's rules (listed providers: everything the provider said). */
export function referrerEvents(referral: ReferralView, providerInNetwork: boolean): RecordableEvent[] {
  return REFERRAL_EVENTS.filter((e): e is RecordableEvent => e !== 'lose_to_follow_up' && mayRecord(e, { actor: 'referrer', providerInNetwork }) && nextStatus(referral.status, e) !== null);
}

/** One referral for the worker: status, provider, the slip, the timeline, and what to record next (issue #5 §4, §6). */
export function ReferralPage({ referralId }: { referralId: string }) {
  const { t, lang } = useLang();
  const field = useField();
  const referral = field.view.referrals.find((r) => r.id === referralId);
  if (!referral) {
    return (
      <Page title={t('referrals.title')} back={{ href: '/field/referrals', label: t('referrals.listTitle') }}>
        <Notice tone="warning">{t('referrals.notFound')}</Notice>
      </Page>
    );
  }
  const client = findClient(field, referral.clientId);
  const provider = field.view.providers.find((p) => p.id === referral.providerId);
  const inNetwork = Boolean(provider?.orgId);
  const events = referrerEvents(referral, inNetwork);
  // The referral itself refused (not one of its events): it is fixed in its form.
  const refused = field.store.outbox().find((e) => e.state === 'rejected' && e.name === 'createReferral' && (e.args as { referralId?: string }).referralId === referral.id);
  const save = async (input: EventInput) => {
    await runtime.save('changeReferralStatus', { referralId: referral.id, eventId: newId(), at: new Date().toISOString(), ...input });
  };
  return (
    <Page title={t('referrals.titleWithCode', { code: referral.code })} back={client ? { href: `/field/clients/${client.id}`, label: client.uic } : { href: '/field/referrals', label: t('referrals.listTitle') }}>
      <p class="referral-lead">
        <ReferralStatusBadge status={referral.status} />
        <UrgencyBadge urgency={referral.urgency} />
        <StateBadge state={referral.state} />
      </p>
      {referral.state === 'rejected' && (
        <Notice tone="warning">
          {t('referrals.rejected')} <Link href={refused ? (fixHref(refused) ?? '/field/sync') : '/field/sync'}>{refused ? t('sync.fix') : t('sync.attentionTitle')}</Link>
        </Notice>
      )}
      <p class="button-row">
        <Link class="button button-primary" href={`/field/referrals/${referral.id}/slip`}>
          {t('referrals.slip')}
        </Link>
      </p>
      <section class="panel" aria-labelledby="referral-facts">
        <h2 id="referral-facts">{t('referrals.details')}</h2>
        <dl class="facts">
          <dt>{t('referrals.code')}</dt>
          <dd class="referral-code">{referral.code}</dd>
          {client && (
            <>
              <dt>{t('referrals.client')}</dt>
              <dd>
                <Link href={`/field/clients/${client.id}`}>{client.uic}</Link>
              </dd>
            </>
          )}
          <dt>{t('referrals.provider')}</dt>
          <dd>{provider ? <Link href={`/field/providers/${provider.id}`}>{provider.name}</Link> : '—'}</dd>
          <dt>{t('referrals.service')}</dt>
          <dd>{t(`referrals.services.${referral.service}`)}</dd>
          <dt>{t('referrals.dueOn')}</dt>
          <dd>{formatDay(referral.dueOn, lang)}</dd>
          <dt>{t('referrals.reason')}</dt>
          <dd>{referral.reason}</dd>
          <dt>{t('referrals.shared')}</dt>
          <dd>{[t('referrals.shareCode'), ...referral.share.map((f) => t(`referrals.share.${f}`))].join(', ')}</dd>
        </dl>
      </section>
      <section aria-labelledby="referral-timeline">
        <h2 id="referral-timeline">{t('referrals.timeline')}</h2>
        <ReferralTimeline createdAt={referral.at} events={referral.events} referrerOrgId={field.orgId} />
      </section>
      {events.length > 0 && (
        <section class="panel" aria-labelledby="referral-record">
          <h2 id="referral-record">{inNetwork ? t('referrals.recordTitle') : t('referrals.recordListedTitle')}</h2>
          {!inNetwork && <p class="hint">{t('referrals.recordListedHint')}</p>}
          <EventForm status={referral.status} events={events} onSave={save} />
        </section>
      )}
      {provider && mayRate(referral) && <ProviderRating referral={referral} provider={provider} />}
    </Page>
  );
}
