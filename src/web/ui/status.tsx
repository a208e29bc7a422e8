import type { TFunction } from 'i18next';
import type { ComponentChildren } from 'preact';
import { ApiError, NETWORK, UNEXPECTED } from '../api/client.ts';
import { useT } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';

/** What to tell a person about a failure: the server's own message, or ours when it could not answer. */
export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === NETWORK) return t('errors.network');
    if (error.code === UNEXPECTED) return t('errors.unexpected', { status: error.status });
    return error.message;
  }
  return t('errors.unexpected', { status: '—' });
}

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label ?? t('app.loading')}
    </p>
  );
}

/** A failure, with a way forward: try again, or (for administrators without two-factor) the place to turn it on. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const needsTotp = error instanceof ApiError && error.code === 'TOTP_SETUP_REQUIRED';
  return (
    <div class="alert alert-error" role="alert">
      <p>{errorText(error, t)}</p>
      {needsTotp && (
        <p>
          <Link class="button button-primary" href="/account#totp">
            {t('totp.turnOnNow')}
          </Link>
        </p>
      )}
      {onRetry && !needsTotp && (
        <p>
          <button type="button" class="button" onClick={onRetry}>
            {t('app.retry')}
          </button>
        </p>
      )}
    </div>
  );
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'success' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}
