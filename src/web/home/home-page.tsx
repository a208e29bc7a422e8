import type { Me } from '../../core/users/schema.ts';
import { useT } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { cardsFor } from './sections.ts';

function OrganisationSection({ org, locked }: { org: Me['organisations'][number]; locked: boolean }) {
  const t = useT();
  const { ready, later } = cardsFor(org);
  const headingId = `org-${org.id}`;
  return (
    <section class="org-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{org.name}</h2>
      <p class="chips">
        <span class="sr-only">{t('home.yourRoles')} </span>
        {org.roles.map((role) => (
          <span class="chip" key={role}>
            {t(`roles.${role}.name`)}
          </span>
        ))}
      </p>
      {ready.length > 0 && (
        <ul class="cards">
          {ready.map((card) =>
            locked ? (
              // The server refuses these pages until two-factor is on: say so rather than link to a refusal.
              <li key={card.id} class="card card-locked">
                <span class="card-title">{t(`home.cards.${card.id}.title`)}</span>
                <span class="card-text">{t(`home.cards.${card.id}.text`)}</span>
                <span class="badge badge-warning">{t('home.lockedUntilTotp')}</span>
              </li>
            ) : (
              <li key={card.id}>
                <Link class="card card-link" href={card.href}>
                  <span class="card-title">{t(`home.cards.${card.id}.title`)}</span>
                  <span class="card-text">{t(`home.cards.${card.id}.text`)}</span>
                </Link>
              </li>
            ),
          )}
        </ul>
      )}
      {later.length > 0 && (
        <>
          <h3 class="later-heading">{t('home.laterTitle')}</h3>
          <ul class="cards cards-later">
            {later.map((id) => (
              <li key={id} class="card card-later">
                <span class="card-title">{t(`home.cards.${id}.title`)}</span>
                <span class="card-text">{t(`home.cards.${id}.text`)}</span>
                <span class="badge">{t('app.comingLater')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Where everyone lands: per organisation, what their roles let them do now and what is coming. */
export function HomePage() {
  const t = useT();
  const me = useMe();
  const isAdmin = me.organisations.some((o) => o.roles.includes('admin'));
  return (
    <Page title={t('home.greeting', { name: me.user.displayName ?? me.user.username })} wide>
      {me.network.name && <p class="lead">{t('home.network', { name: me.network.name })}</p>}
      {me.totpSetupRequired ? (
        <div class="banner banner-warning" role="alert">
          <h2>{t('home.totpRequiredTitle')}</h2>
          <p>{t('home.totpRequiredText')}</p>
          <Link class="button button-primary" href="/account#totp">
            {t('totp.turnOnNow')}
          </Link>
        </div>
      ) : (
        isAdmin &&
        !me.user.totpEnabled && (
          <div class="banner banner-info">
            <p>{t('home.totpAdvisedText')}</p>
            <Link class="button" href="/account#totp">
              {t('totp.turnOnNow')}
            </Link>
          </div>
        )
      )}
      {me.organisations.length === 0 && <Notice>{t('home.noOrganisations')}</Notice>}
      {me.organisations.map((org) => (
        <OrganisationSection key={org.id} org={org} locked={me.totpSetupRequired} />
      ))}
    </Page>
  );
}
