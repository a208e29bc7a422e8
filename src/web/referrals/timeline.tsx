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

/** A referral's events, oldest first, each with who recorded it (the referring side or the provider). */
export function ReferralTimeline({ createdAt, events, referrerOrgId }: { createdAt: string; events: readonly TimelineEvent[]; referrerOrgId: string | null }) {
  const { t, lang } = useLang();
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
            <p class="list-meta">{e.byOrgId === referrerOrgId ? t('referrals.byReferrer') : t('referrals.byProvider')}</p>
          )}
          {e.outcome && <p>{t(`referrals.outcomes.${e.outcome}` as 'referrals.outcomes.seen')}</p>}
          {e.note && <p class="timeline-notes">{e.note}</p>}
        </li>
      ))}
    </ol>
  );
}
