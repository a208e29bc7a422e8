import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import type { ClientView, SyncState } from '../offline/view.ts';
import { formatDay, formatTime } from './format.ts';

export function StateBadge({ state }: { state: SyncState }) {
  const { t } = useLang();
  if (state === 'synced') return null;
  return <span class={state === 'rejected' ? 'badge badge-danger' : 'badge badge-warning'}>{t(state === 'rejected' ? 'sync.state.rejected' : 'sync.state.pending')}</span>;
}

/** A client as a row: the code first (that is what workers say to each other), then the nickname. */
export function ClientRow({ client, due }: { client: ClientView; due?: 'today' | 'overdue' }) {
  const { t, lang } = useLang();
  return (
    <li>
      <Link class="list-item client-row" href={`/field/clients/${client.id}`}>
        <span class="list-title">
          <span class="uic">{client.uic}</span>
          {client.nickname && <span class="list-subtitle"> · {client.nickname}</span>}
        </span>
        <span class="list-meta">
          {due && client.nextFollowUpOn
            ? t(due === 'today' ? 'field.dueToday' : 'field.dueOverdue', { date: formatDay(client.nextFollowUpOn, lang) })
            : client.lastContactAt
              ? t('field.lastSeen', { time: formatTime(client.lastContactAt, lang) })
              : t('field.noContactYet')}
        </span>
        <span class="badges">
          {due === 'overdue' && <span class="badge badge-danger">{t('field.overdue')}</span>}
          {due === 'today' && <span class="badge badge-warning">{t('field.today')}</span>}
          <StateBadge state={client.state} />
        </span>
      </Link>
    </li>
  );
}
