import type { ReferralStatus, ReferralUrgency } from '../../core/referrals/schema.ts';
import { useLang } from '../shell/i18n.tsx';

const STATUS_TONE: Record<ReferralStatus, string> = {
  created: 'badge-muted',
  sent: 'badge-info',
  accepted: 'badge-info',
  declined: 'badge-danger',
  attended: 'badge-success',
  no_show: 'badge-danger',
  completed: 'badge-success',
  cancelled: 'badge-muted',
  lost_to_follow_up: 'badge-danger',
};

/** A referral's status as a coloured word: green when the person got there, red when something must be done. */
export function ReferralStatusBadge({ status }: { status: ReferralStatus }) {
  const { t } = useLang();
  return <span class={`badge ${STATUS_TONE[status]}`}>{t(`referrals.statuses.${status}`)}</span>;
}

export function UrgencyBadge({ urgency }: { urgency: ReferralUrgency }) {
  const { t } = useLang();
  const tone = urgency === 'emergency' ? 'badge-danger' : urgency === 'same_day' ? 'badge-warning' : 'badge-muted';
  return <span class={`badge ${tone}`}>{t(`referrals.urgencies.${urgency}`)}</span>;
}
