import { CONSENT_KINDS } from '../../core/clients/schema.ts';
import { findProvince } from '../../core/geo/provinces.ts';
import { followUpDue } from '../../core/contacts/schema.ts';
import type { ContactView } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { CrisisButton } from '../crisis/crisis-button.tsx';
import { MentalHealthPanel } from '../mental-health/client-panel.tsx';
import { ClientReferrals } from '../referrals/referral-list.tsx';
import { ClientGroupsPanel } from '../groups/client-panel.tsx';
import { StateBadge } from './client-list.tsx';
import { findClient, useField } from './context.tsx';
import { formatDateTime, formatDay, itemName } from './format.ts';

function ContactItem({ contact }: { contact: ContactView }) {
  const { t, lang } = useLang();
  const { store } = useField();
  const data = store.data();
  const site = data.sites.find((s) => s.id === contact.siteId);
  const items = [...contact.commodities, ...contact.iec].map((line) => {
    const item = data.catalogue.find((c) => c.id === line.itemId);
    return { id: line.itemId, text: item ? `${itemName(item, lang)} × ${line.quantity} ${item.unit}` : `× ${line.quantity}` };
  });
  return (
    <li class={`timeline-item timeline-${contact.state}`}>
      <p class="timeline-head">
        <strong>{formatDateTime(contact.at, lang)}</strong>
        <StateBadge state={contact.state} />
      </p>
      <p class="list-meta">
        {t(`contact.modes.${contact.mode}` as 'contact.modes.drop_in')}
        {site && ` · ${site.name}`}
      </p>
      <p class="chips">
        {contact.services.map((s) => (
          <span class="chip" key={s}>
            {t(`contact.serviceNames.${s}` as 'contact.serviceNames.information')}
          </span>
        ))}
      </p>
      {items.length > 0 && (
        <ul class="item-lines">
          {items.map((i) => (
            <li key={i.id}>{i.text}</li>
          ))}
        </ul>
      )}
      {contact.notes && <p class="timeline-notes">{contact.notes}</p>}
      {contact.followUpOn && <p class="list-meta">{t('client.followUpSet', { date: formatDay(contact.followUpOn, lang) })}</p>}
      {contact.state !== 'rejected' && (
        <p>
          <Link href={`/field/clients/${contact.clientId}/refer?contactId=${contact.id}`}>{t('referrals.fromContact')}</Link>
        </p>
      )}
    </li>
  );
}

/** A client's page (issue #3, point 4): code, follow-up, consents, profile and the timeline of contacts. */
export function ClientPage({ clientId }: { clientId: string }) {
  const { t, lang } = useLang();
  const field = useField();
  const client = findClient(field, clientId);
  const back = { href: '/field', label: t('field.title') };
  if (!client) {
    return (
      <Page title={t('client.title')} back={back}>
        <Notice tone="warning">{t('client.notFound')}</Notice>
      </Page>
    );
  }
  const p = client.profile;
  const due = followUpDue(client.nextFollowUpOn, field.today);
  const site = field.store.data().sites.find((s) => s.id === p.siteId);
  const list = (values: readonly string[], group: 'keyPopulation' | 'substance' | 'route') => (values.length ? values.map((v) => t(`client.${group}.${v}` as 'client.route.smoke')).join(', ') : '—');
  return (
    <Page title={client.uic} back={back}>
      <p class="client-lead">
        {client.nickname && <span class="lead">{client.nickname}</span>}
        <StateBadge state={client.state} />
      </p>
      {client.state === 'rejected' && (
        <Notice tone="warning">
          {t('client.rejected')} <Link href="/field/sync">{t('sync.attentionTitle')}</Link>
        </Notice>
      )}
      <p>
        <Link class="button button-primary button-block" href={`/field/clients/${client.id}/contact`}>
          {t('contact.title')}
        </Link>
      </p>
      <CrisisButton clientId={client.id} />

      <MentalHealthPanel client={client} />

      <ClientReferrals client={client} />

      <ClientGroupsPanel client={client} />

      <section class="panel" aria-labelledby="follow-title">
        <h2 id="follow-title">{t('client.followUp')}</h2>
        {client.nextFollowUpOn ? (
          <p class={due ? 'due due-now' : 'due'}>
            {formatDay(client.nextFollowUpOn, lang)}
            {due === 'today' && <span class="badge badge-warning">{t('field.today')}</span>}
            {due === 'overdue' && <span class="badge badge-danger">{t('field.overdue')}</span>}
          </p>
        ) : (
          <p class="hint">{t('client.noFollowUp')}</p>
        )}
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('client.timeline', { count: client.contacts.length })}</h2>
        {client.contacts.length === 0 ? (
          <p class="hint">{t('field.noContactYet')}</p>
        ) : (
          <ol class="timeline">
            {client.contacts.map((c) => (
              <ContactItem key={c.id} contact={c} />
            ))}
          </ol>
        )}
      </section>

      <section class="panel" aria-labelledby="consent-title">
        <h2 id="consent-title">{t('client.consentTitle')}</h2>
        <ul class="consents">
          {CONSENT_KINDS.map((kind) => (
            <li key={kind} class={client.consents[kind] ? 'consent-yes' : 'consent-no'}>
              <span aria-hidden="true">{client.consents[kind] ? '✓' : '✗'}</span>
              <span>
                {t(`client.consentShort.${kind}`)}
                <span class="sr-only">: {client.consents[kind] ? t('client.yes') : t('client.no')}</span>
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section class="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('client.profileTitle')}</h2>
        <dl class="facts">
          <dt>{t('client.registered')}</dt>
          <dd>{formatDateTime(client.registeredAt, lang)}</dd>
          <dt>{t('client.birthYear')}</dt>
          <dd>{p.birthYear ?? t('client.unknown')}</dd>
          <dt>{t('client.sexAtBirth')}</dt>
          <dd>{p.sexAtBirth === 'M' || p.sexAtBirth === 'F' ? t(`client.sex.${p.sexAtBirth}`) : t('client.unknown')}</dd>
          <dt>{t('client.genderIdentity')}</dt>
          <dd>{t(`client.gender.${p.genderIdentity}` as 'client.gender.man')}</dd>
          <dt>{t('client.keyPopulations')}</dt>
          <dd>{list(p.keyPopulations, 'keyPopulation')}</dd>
          <dt>{t('client.substances')}</dt>
          <dd>{list(p.substances, 'substance')}</dd>
          <dt>{t('client.routes')}</dt>
          <dd>{list(p.routes, 'route')}</dd>
          <dt>{t('field.site')}</dt>
          <dd>{site?.name ?? '—'}</dd>
          <dt>{t('client.province')}</dt>
          <dd>{findProvince(p.provinceId)?.name[lang] ?? p.provinceId}</dd>
          <dt>{t('client.referralSource')}</dt>
          <dd>{t(`client.source.${p.referralSource}` as 'client.source.peer')}</dd>
          {p.phone && (
            <>
              <dt>{t('client.phone')}</dt>
              <dd>{p.phone}</dd>
            </>
          )}
        </dl>
      </section>
    </Page>
  );
}
