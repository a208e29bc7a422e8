import type { ComponentChildren } from 'preact';
import type { Lang } from '../../core/i18n/index.ts';
import { useDevicePresence, usesDevice } from '../field/presence.ts';
import { receivesNotifications, useUnreadNotifications } from '../notifications/unread.ts';
import { errorText, Notice } from '../ui/status.tsx';
import { useLang } from './i18n.tsx';
import { Link } from './router.tsx';
import { useShell, type Flash } from './session.tsx';

function LangSwitch({ onChoose }: { onChoose(lang: Lang): void }) {
  const { lang, t } = useLang();
  const choices: Array<{ lang: Lang; short: string; name: string }> = [
    { lang: 'vi', short: 'VI', name: 'Tiếng Việt' },
    { lang: 'en', short: 'EN', name: 'English' },
  ];
  return (
    <div class="lang-switch" role="group" aria-label={t('lang.label')}>
      {choices.map((c) => (
        // The visible code starts the accessible name, so "VI" works for voice control too.
        <button key={c.lang} type="button" lang={c.lang} title={c.name} aria-pressed={lang === c.lang} onClick={() => onChoose(c.lang)}>
          {c.short}
          <span class="sr-only"> {c.name}</span>
        </button>
      ))}
    </div>
  );
}

/** "Field work", with how many records wait to be sent on this phone. */
function FieldNavLink({ current }: { current: boolean }) {
  const { t } = useLang();
  const device = useDevicePresence();
  const me = useShell().me;
  const unsent = me && device.ownerUserId === me.user.id ? device.unsent : 0;
  return (
    <NavLink href="/field" current={current}>
      {t('nav.field')}
      {unsent > 0 && (
        <span class="nav-badge">
          {unsent}
          <span class="sr-only"> {t('nav.unsent')}</span>
        </span>
      )}
    </NavLink>
  );
}

/** "Notifications" (a bell on phones), with how many are unread. */
function NotificationsNavLink({ current }: { current: boolean }) {
  const { t } = useLang();
  const unread = useUnreadNotifications(useShell().me);
  return (
    <NavLink href="/notifications" current={current}>
      <svg class="nav-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
        <path d="M12 22a2.5 2.5 0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" />
      </svg>
      <span class="nav-label-wide">{t('notifications.nav')}</span>
      {unread > 0 && (
        <span class="nav-badge nav-badge-alert">
          {unread}
          <span class="sr-only"> {t('notifications.unreadWord')}</span>
        </span>
      )}
    </NavLink>
  );
}

function NavLink({ href, current, children }: { href: string; current: boolean; children: ComponentChildren }) {
  return (
    <Link href={href} class="nav-link" aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** The frame of every screen: name, language switch (always), and once logged in the menu and "log out". */
export function Layout(props: { path: string; flash: Flash | null; children: ComponentChildren }) {
  const { t } = useLang();
  const shell = useShell();
  const { me } = shell;
  const logout = () =>
    shell.logout().catch((err: unknown) => shell.flash({ path: props.path, tone: 'warning', text: (tr) => errorText(err, tr) }));
  return (
    <div class={me ? 'app app-signed-in' : 'app'}>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          {me ? (
            <Link class="brand" href="/">
              Fieldlab
            </Link>
          ) : (
            <span class="brand">Fieldlab</span>
          )}
          {me && (
            <nav class="mainnav" aria-label={t('nav.label')}>
              <NavLink href="/" current={props.path === '/'}>
                {t('nav.home')}
              </NavLink>
              {usesDevice(me) && <FieldNavLink current={props.path.startsWith('/field')} />}
              {receivesNotifications(me) && <NotificationsNavLink current={props.path === '/notifications'} />}
              <NavLink href="/organisations" current={props.path.startsWith('/organisations')}>
                {t('nav.organisations')}
              </NavLink>
              <NavLink href="/account" current={props.path === '/account'}>
                {t('nav.account')}
              </NavLink>
            </nav>
          )}
          <div class="topbar-tools">
            <LangSwitch onChoose={shell.chooseLang} />
            {me && (
              <button type="button" class="button-quiet logout" onClick={logout}>
                {t('nav.logout')}
              </button>
            )}
          </div>
        </div>
      </header>
      <main id="main" class="main" tabIndex={-1}>
        {props.flash && <Notice tone={props.flash.tone}>{props.flash.text(t)}</Notice>}
        {props.children}
      </main>
    </div>
  );
}
