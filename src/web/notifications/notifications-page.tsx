import { useState } from 'preact/hooks';
import type { CrisisLevel } from '../../core/crisis/schema.ts';
import type { NotificationItem, NotificationList } from '../../core/notifications/schema.ts';
import { request } from '../api/client.ts';
import { formatDateTime } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { useMe } from '../shell/session.tsx';
import { FormError, useSubmit } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { receivesNotifications, setUnread } from './unread.ts';

const notificationsApi = {
  list: () => request<NotificationList>('GET', '/api/notifications'),
  markRead: (id: string) => request<unknown>('POST', `/api/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => request<unknown>('POST', '/api/notifications/read-all'),
};

function NotificationCard({ item, showOrg, onRead, busy }: { item: NotificationItem; showOrg: boolean; onRead(): void; busy: boolean }) {
  const { t, lang } = useLang();
  const flags = item.redFlags.map((f) => t(`crisis.flags.${f}` as 'crisis.flags.panic'));
  return (
    <li class={item.read ? `notice-item notice-${item.kind}` : `notice-item notice-${item.kind} notice-unread`}>
      <p class="notice-head">
        <span class={`badge notice-kind notice-kind-${item.kind}`}>{t(`notifications.kinds.${item.kind}`)}</span>
        {!item.read && <span class="badge badge-new">{t('notifications.new')}</span>}
        <span class="notice-time">{formatDateTime(item.at, lang)}</span>
      </p>
      <p class="notice-who">{item.uic ? t('notifications.client', { uic: item.uic }) : t('notifications.unregistered')}</p>
      {item.level && <p class="list-meta">{t('notifications.level', { level: t(`crisis.levels.${item.level as CrisisLevel}.title`) })}</p>}
      {flags.length > 0 && <p class="list-meta">{t('notifications.flags', { flags: flags.join(', ') })}</p>}
      {item.openedByName && <p class="list-meta">{t('notifications.openedBy', { name: item.openedByName })}</p>}
      {showOrg && <p class="list-meta">{item.orgName}</p>}
      {!item.read && (
        <button type="button" class="button notice-read" disabled={busy} onClick={onRead}>
          {t('notifications.markRead')}
        </button>
      )}
    </li>
  );
}

/**
 * Managers and clinicians are told here of every emergency or urgent crisis and every positive
 * suicide-risk flag in their organisations, newest first, unread ones marked. It shows the code
 * and the situation only; the client's record stays where the person's role allows it.
 */
export function NotificationsPage() {
  const { t } = useLang();
  const me = useMe();
  const list = useResource(notificationsApi.list, []);
  const [items, setItems] = useState<NotificationItem[] | null>(null);
  const [done, setDone] = useState(false);
  const { busy, error, run } = useSubmit();
  if (!receivesNotifications(me)) return <NotAllowedPage title={t('notifications.title')} back={{ href: '/', label: t('nav.home') }} />;
  const shown = items ?? list.data?.items ?? null;
  const unread = shown ? shown.filter((i) => !i.read).length : 0;
  const orgs = new Set(shown?.map((i) => i.orgId));

  const update = (next: NotificationItem[]) => {
    setItems(next);
    setUnread(next.filter((i) => !i.read).length);
  };

  return (
    <Page title={t('notifications.title')}>
      <p class="hint">{t('notifications.lead')}</p>
      {list.error !== undefined && !shown && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {!shown && list.loading && <Loading />}
      <FormError error={error} />
      {done && unread === 0 && <Notice tone="success">{t('notifications.allRead')}</Notice>}
      {shown && shown.length === 0 && <p class="hint">{t('notifications.none')}</p>}
      {shown && shown.length > 0 && (
        <>
          <div class="notice-summary">
            <p class={unread > 0 ? 'notice-count notice-count-unread' : 'notice-count'}>{t('notifications.unread', { count: unread })}</p>
            {unread > 0 && (
              <button
                type="button"
                class="button"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await notificationsApi.markAllRead();
                    update(shown.map((i) => ({ ...i, read: true })));
                    setDone(true);
                  })
                }
              >
                {t('notifications.markAllRead')}
              </button>
            )}
          </div>
          <ul class="notice-list">
            {/* The server's order: newest arrival first (an episode recorded offline arrives with its sync). */}
            {shown.map((item) => (
              <NotificationCard
                key={item.id}
                item={item}
                showOrg={orgs.size > 1}
                busy={busy}
                onRead={() =>
                  void run(async () => {
                    await notificationsApi.markRead(item.id);
                    update(shown.map((i) => (i.id === item.id ? { ...i, read: true } : i)));
                  })
                }
              />
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
