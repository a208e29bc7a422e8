import { useLang } from '../shell/i18n.tsx';

/** A username and first (or temporary) password, shown once, to pass on privately. */
export function HandOver({ username, password }: { username: string; password: string }) {
  const { t } = useLang();
  return (
    <div class="handover" role="status">
      <p>{t('users.handOver')}</p>
      <dl class="facts">
        <dt>{t('users.username')}</dt>
        <dd>
          <code class="credential">{username}</code>
        </dd>
        <dt>{t('users.temporaryPassword')}</dt>
        <dd>
          <code class="credential" data-testid="temporary-password">
            {password}
          </code>
        </dd>
      </dl>
      <p class="hint">{t('users.handOverOnce')}</p>
    </div>
  );
}
