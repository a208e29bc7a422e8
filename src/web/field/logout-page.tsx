import { useState } from 'preact/hooks';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { Page } from '../ui/page.tsx';
import { useDeviceState } from './context.tsx';
import { runtime } from './runtime.ts';
import { useOnline } from './sync-panel.tsx';

/**
 * Logging out while records wait to be sent (issue #3, point 6): say how many, offer to send them
 * now; logging out anyway keeps them locked on the phone for the next login.
 */
export function LogoutPage() {
  const { t } = useLang();
  const shell = useShell();
  const state = useDeviceState();
  const online = useOnline();
  const [busy, setBusy] = useState(false);
  const unsent = runtime.unsent();
  const rejected = state.kind === 'unlocked' ? state.engine.status().rejected : 0;
  const syncNow = () => {
    setBusy(true);
    void runtime.sync().finally(() => {
      setBusy(false);
      if (runtime.unsent() === 0) void shell.logout();
    });
  };
  return (
    <Page title={t('logout.title')}>
      {unsent === 0 ? (
        <p class="lead">{t('logout.allSent')}</p>
      ) : (
        <div class="alert alert-warning" role="alert">
          <p>
            <strong>{t('logout.unsent', { count: unsent })}</strong>
          </p>
          {rejected > 0 && <p>{t('logout.rejected', { count: rejected })}</p>}
          <p>{t('logout.kept')}</p>
        </div>
      )}
      <div class="button-stack">
        {unsent > 0 &&
          (state.kind === 'unlocked' ? (
            <button type="button" class="button button-primary button-block" disabled={busy || !online} onClick={syncNow}>
              {busy ? t('sync.running') : online ? t('logout.syncNow') : t('logout.noNetwork')}
            </button>
          ) : (
            <Link class="button button-primary button-block" href="/field/sync">
              {t('logout.unlockToSend')}
            </Link>
          ))}
        {/* Coming back online sends them by itself; then logging out is simply what was asked for. */}
        <button type="button" class={`button button-block${unsent === 0 ? ' button-primary' : ''}`} onClick={() => void shell.logout({ force: true })}>
          {unsent === 0 ? t('nav.logout') : t('logout.anyway')}
        </button>
        <button type="button" class="button button-block" onClick={() => history.back()}>
          {t('app.cancel')}
        </button>
      </div>
    </Page>
  );
}
