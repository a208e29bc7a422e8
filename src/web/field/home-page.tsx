import { useState } from 'preact/hooks';
import { searchClients } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { CrisisButton } from '../crisis/crisis-button.tsx';
import { ScreeningsDue } from '../mental-health/client-panel.tsx';
import { ReferralsNeedingAction } from '../referrals/referral-list.tsx';
import { ClientRow } from './client-list.tsx';
import { useField } from './context.tsx';
import { runtime } from './runtime.ts';
import { SyncPanel } from './sync-panel.tsx';

const RECENT = 8;
const FOUND = 30;

function SearchField({ value, onValue }: { value: string; onValue(v: string): void }) {
  const { t } = useLang();
  return (
    <div class="field">
      <label for="field-search">{t('field.search')}</label>
      <input
        id="field-search"
        type="search"
        class="input-search"
        value={value}
        autoComplete="off"
        autoCorrect="off"
        spellcheck={false}
        placeholder={t('field.searchPlaceholder')}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </div>
  );
}

/** The worker's day: who to see again, who was seen lately, finding someone, and whether it all reached the server. */
export function FieldHomePage() {
  const { t } = useLang();
  const { view, sites, me, orgId } = useField();
  const mayRecordGroups = me.organisations.some((o) => o.id === orgId && o.permissions.includes('group.record'));
  const [query, setQuery] = useState('');
  const found = query.trim() ? searchClients(view.clients, query).slice(0, FOUND) : null;
  return (
    <Page title={t('field.title')} wide>
      <div class="field-home">
        <div class="field-home-main">
          {sites.length === 0 && <Notice tone="warning">{t('field.noSites')}</Notice>}
          <CrisisButton />
          <div class="action-grid">
            <Link class="button button-primary button-big" href="/field/clients/new">
              {t('field.newClient')}
            </Link>
            <Link class="button button-big" href="/field/anonymous">
              {t('field.anonymous')}
            </Link>
            {mayRecordGroups && (
              <Link class="button button-big" href="/field/groups">
                {t('fieldGroups.title')}
              </Link>
            )}
          </div>

          <section aria-labelledby="search-title">
            <h2 id="search-title">{t('field.clientsTitle')}</h2>
            <SearchField value={query} onValue={setQuery} />
            {found ? (
              found.length === 0 ? (
                <p class="hint">{t('field.noneFound')}</p>
              ) : (
                <ul class="list list-single" aria-label={t('field.results')}>
                  {found.map((c) => (
                    <ClientRow key={c.id} client={c} />
                  ))}
                </ul>
              )
            ) : view.clients.length === 0 ? (
              <p class="hint">{t('field.noClients')}</p>
            ) : (
              <>
                <h3 class="subheading">{t('field.recent')}</h3>
                <ul class="list list-single">
                  {view.clients.slice(0, RECENT).map((c) => (
                    <ClientRow key={c.id} client={c} />
                  ))}
                </ul>
                {view.clients.length > RECENT && (
                  <p>
                    <Link href="/field/clients">{t('field.allClients', { count: view.clients.length })}</Link>
                  </p>
                )}
              </>
            )}
          </section>
        </div>

        <div class="field-home-side">
          <SyncPanel />
          <section aria-labelledby="followups-title">
            <h2 id="followups-title">{t('field.followUps')}</h2>
            {view.followUps.length === 0 ? (
              <p class="hint">{t('field.noFollowUps')}</p>
            ) : (
              <ul class="list list-single">
                {view.followUps.map(({ client, due }) => (
                  <ClientRow key={client.id} client={client} due={due} />
                ))}
              </ul>
            )}
            <ScreeningsDue />
          </section>
          <ReferralsNeedingAction />
          <section aria-labelledby="device-title">
            <h2 id="device-title">{t('device.title')}</h2>
            <div class="button-row">
              <button type="button" class="button" onClick={() => runtime.lock()}>
                {t('device.lockNow')}
              </button>
              <Link class="button" href="/field/device">
                {t('device.settings')}
              </Link>
            </div>
          </section>
        </div>
      </div>
    </Page>
  );
}

/** Every client on this phone, searchable. */
export function ClientsPage() {
  const { t } = useLang();
  const { view } = useField();
  const [query, setQuery] = useState('');
  const clients = searchClients(view.clients, query);
  return (
    <Page title={t('field.clientsTitle')} back={{ href: '/field', label: t('field.title') }}>
      <SearchField value={query} onValue={setQuery} />
      <p class="hint">{t('field.clientCount', { count: clients.length })}</p>
      <ul class="list list-single">
        {clients.map((c) => (
          <ClientRow key={c.id} client={c} />
        ))}
      </ul>
    </Page>
  );
}
