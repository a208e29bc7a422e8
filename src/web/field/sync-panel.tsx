import { useEffect, useState } from 'preact/hooks';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { useField } from './context.tsx';
import { formatTime } from './format.ts';
import { runtime } from './runtime.ts';

export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** What waits to be sent, progress while sending, when it last worked, and what stops it, in words. */
export function SyncPanel({ showAttentionLink = true }: { showAttentionLink?: boolean }) {
  const { t, lang } = useLang();
  const shell = useShell();
  const { status } = useField();
  const online = useOnline();
  const problem = !online ? 'offline' : status.problem;
  const allSent = status.pending === 0 && status.rejected === 0;
  return (
    <section class={`sync-panel${allSent ? ' sync-done' : ''}`} aria-labelledby="sync-title" aria-live="polite">
      <h2 id="sync-title" class="sr-only">
        {t('sync.title')}
      </h2>
      <p class="sync-pending">{status.pending > 0 ? t('sync.pending', { count: status.pending }) : allSent ? t('sync.allSent') : t('sync.nothingWaiting')}</p>
      {status.running && status.toSend > 0 && (
        <div class="sync-progress">
          <progress max={status.toSend} value={status.sent} aria-label={t('sync.sending', { sent: status.sent, total: status.toSend })} />
          <span>{t('sync.sending', { sent: status.sent, total: status.toSend })}</span>
        </div>
      )}
      {status.running && status.toSend === 0 && <p class="sync-line">{t('sync.checking')}</p>}
      {status.rejected > 0 && showAttentionLink && (
        <p class="sync-line">
          <Link class="attention-link" href="/field/sync">
            {t('sync.needsAttention', { count: status.rejected })}
          </Link>
        </p>
      )}
      <p class="sync-line sync-last">{status.lastSyncAt ? t('sync.last', { time: formatTime(status.lastSyncAt, lang) }) : t('sync.never')}</p>
      {problem && !status.running && <p class="sync-problem">{t(`sync.problems.${problem}`)}</p>}
      <div class="button-row">
        {problem === 'login' ? (
          <button type="button" class="button button-primary" onClick={shell.relogin}>
            {t('sync.logInAgain')}
          </button>
        ) : (
          <button type="button" class="button" disabled={status.running || !online} onClick={() => void runtime.sync()}>
            {status.running ? t('sync.running') : t('sync.now')}
          </button>
        )}
      </div>
    </section>
  );
}
