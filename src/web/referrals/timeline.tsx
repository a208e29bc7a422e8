import type { ReferralEventKind } from '../../core/referrals/schema.ts';
import { StateBadge } from '../field/client-list.tsx';
import { formatDateTime } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';

export interface TimelineEvent {
  id: string;
  event: ReferralEventKind;
  at: string;
  note: string | null;
  outcome: string | null;
  byOrgId: string | null;
  state?: 'synced' | 'pending' | 'rejected';
}

/**
 * A referral's events, oldest first, each with who recorded it, said from where the reader sits:
 * the referring organisation (`viewer` 'referrer') or the provider that received it ('provider').
 */
export function ReferralTimeline({ createdAt, events, referrerOrgId, viewer = 'referrer' }: { createdAt: string; events: readonly TimelineEvent[]; referrerOrgId: string | null; viewer?: 'referrer' | 'provider' }) {
  const { t, lang } = useLang();
  const recordedBy = (byReferrer: boolean) =>
    viewer === 'referrer' ? (byReferrer ? t('referrals.byReferrer') : t('referrals.byProvider')) : byReferrer ? t('referrals.byReferringOrg') : t('referrals.byReferrer');
  return (
    <ol class="timeline referral-timeline">
      <li class="timeline-item">
        <p class="timeline-head">
          <strong>{t('referrals.events.created')}</strong>
          <span class="list-meta">{formatDateTime(createdAt, lang)}</span>
        </p>
      </li>
      {events.map((e) => (
        <li key={e.id} class={`timeline-item timeline-${e.state ?? 'synced'} referral-event-${e.event}`}>
          <p class="timeline-head">
            <strong>{t(`referrals.events.${e.event}`)}</strong>
            <span class="list-meta">{formatDateTime(e.at, lang)}</span>
            {e.state && <StateBadge state={e.state} />}
          </p>
          {referrerOrgId !== null && e.byOrgId !== null && e.event !== 'lose_to_follow_up' && (
            <p class="list-meta">{recordedBy(e.byOrgId === referrerOrgId)}</p>
          )}
          {e.outcome && <p>{t(`referrals.outcomes.${e.outcome}` as 'referrals.outcomes.seen')}</p>}
          {e.note && <p class="timeline-notes">{e.note}</p>}
        </li>
      ))}
    </ol>
  );
}
