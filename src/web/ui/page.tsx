import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useT } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { Notice } from './status.tsx';

/** One screen: a way back, a heading (focused after navigation), then the content. */
export function Page({ title, back, children, wide }: { title: string; back?: { href: string; label: string }; children: ComponentChildren; wide?: boolean }) {
  useEffect(() => {
    document.title = `${title} · Fieldlab`;
  }, [title]);
  return (
    <div class={wide ? 'page page-wide' : 'page'}>
      {back && (
        <Link class="back-link" href={back.href}>
          <span aria-hidden="true">←</span>
          {back.label}
        </Link>
      )}
      <h1 tabIndex={-1}>{title}</h1>
      {children}
    </div>
  );
}

/** Opened by someone whose roles do not allow it (a shared link, a bookmark): said plainly. */
export function NotAllowedPage({ title, back }: { title: string; back: { href: string; label: string } }) {
  const t = useT();
  return (
    <Page title={title} back={back}>
      <Notice tone="warning">{t('errors.notAllowed')}</Notice>
    </Page>
  );
}
