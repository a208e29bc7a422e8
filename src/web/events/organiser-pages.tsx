import type { TFunction } from 'i18next';
import { useState } from 'preact/hooks';
import type { EventSummary, OrganiserEvent } from '../../core/training/event-api.ts';
import type { Event } from '../../core/training/events.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link, navigate } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { FormError, useSubmit } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { eventsApi } from './api.ts';
import { draftOf, emptyDraft, EventForm } from './event-form.tsx';
import { formatDays, provinceName } from './format.ts';
import './events.css';

export const eventsHome = (orgId: string) => `/organisations/${orgId}/events`;

/** "12 registered / 30 seats · 8 present", or without seats when there is no limit. */
export function countsText(t: TFunction, e: Pick<EventSummary, 'registered' | 'present' | 'capacity'>): string {
  return e.capacity === null ? t('events.countsNoLimit', { registered: e.registered, present: e.present }) : t('events.counts', { registered: e.registered, present: e.present, capacity: e.capacity });
}

export function StatusBadge({ status }: { status: EventSummary['status'] }) {
  const { t } = useLang();
  const tone = status === 'published' ? 'badge-success' : status === 'cancelled' ? 'badge-danger' : 'badge-muted';
  return <span class={`badge ${tone}`}>{t(`events.status.${status}`)}</span>;
}

function EventItem({ orgId, e }: { orgId: string; e: EventSummary }) {
  const { t, lang } = useLang();
  return (
    <li>
      <Link class="list-item" href={`${eventsHome(orgId)}/${e.id}`}>
        <span class="list-title">{e.title}</span>
        <span class="badges">
          <StatusBadge status={e.status} />
          <span class="badge badge-info">{t(`events.kinds.${e.kind}`)}</span>
          <span class="badge badge-muted">{t(`events.modes.${e.mode}`)}</span>
        </span>
        <span class="list-meta">
          {formatDays(e.days, lang)}
          {e.provinceId ? ` · ${provinceName(e.provinceId, lang)}` : ''}
        </span>
        <span class="list-meta">{countsText(t, e)}</span>
      </Link>
    </li>
  );
}

/** The organisation's events: coming first (soonest first), then past ones (latest first). */
export function EventsPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const list = useResource(() => eventsApi.list(orgId), [orgId]);
  const upcoming = list.data?.filter((e) => e.upcoming) ?? [];
  const past = (list.data?.filter((e) => !e.upcoming) ?? []).reverse();
  return (
    <Page title={t('events.title')} back={{ href: '/', label: t('nav.home') }}>
      <div class="button-row">
        <Link class="button button-primary" href={`${eventsHome(orgId)}/new`}>
          + {t('events.new')}
        </Link>
        <Link class="button" href="/events">
          {t('events.publicPage')}
        </Link>
      </div>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && (
        <>
          <h2>{t('events.upcoming')}</h2>
          {upcoming.length === 0 ? <p class="hint">{t('events.noneUpcoming')}</p> : <ul class="list list-single">{upcoming.map((e) => <EventItem key={e.id} orgId={orgId} e={e} />)}</ul>}
          <h2>{t('events.past')}</h2>
          {past.length === 0 ? <p class="hint">{t('events.nonePast')}</p> : <ul class="list list-single">{past.map((e) => <EventItem key={e.id} orgId={orgId} e={e} />)}</ul>}
        </>
      )}
    </Page>
  );
}

export function NewEventPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const shell = useShell();
  const orgs = useResource(() => eventsApi.networkOrganisations(orgId), [orgId]);
  const initial = emptyDraft();
  initial.organisers = [{ kind: 'network_org', name: '', orgId }];
  const save = async (event: Event) => {
    const made = await eventsApi.create(orgId, event);
    shell.flash({ path: `${eventsHome(orgId)}/${made.id}`, tone: 'success', text: (tr) => tr('events.created') });
    navigate(`${eventsHome(orgId)}/${made.id}`);
  };
  return (
    <Page title={t('events.new')} back={{ href: eventsHome(orgId), label: t('events.title') }} wide>
      {orgs.error !== undefined && <ErrorMessage error={orgs.error} onRetry={orgs.reload} />}
      {orgs.data ? <EventForm initial={initial} orgs={orgs.data} submitLabel={t('events.saveDraft')} onSave={save} /> : <Loading />}
    </Page>
  );
}

function EventActions({ orgId, e, onChanged }: { orgId: string; e: OrganiserEvent; onChanged(next: OrganiserEvent): void }) {
  const { t } = useLang();
  const { busy, error, run } = useSubmit();
  const base = `${eventsHome(orgId)}/${e.id}`;
  return (
    <div class="panel events-actions">
      <p class="events-status-line">
        <StatusBadge status={e.status} /> {t(`events.statusHint.${e.status}`)}
      </p>
      <p class="list-meta">{countsText(t, e)}</p>
      <FormError error={error} />
      <div class="button-row">
        <Link class="button" href={`${base}/registrations`}>
          {t('events.registrations')}
        </Link>
        {e.status === 'published' && (
          <Link class="button" href={`${base}/check-in`}>
            {t('events.checkIn')}
          </Link>
        )}
        <Link class="button" href={`${base}/results`}>
          {t('events.resultsLink')}
        </Link>
        {e.status !== 'draft' && (
          <Link class="button" href={`/events/${e.id}`}>
            {t('events.viewPublic')}
          </Link>
        )}
      </div>
      {e.status === 'draft' && (
        <button type="button" class="button button-primary button-block" disabled={busy} onClick={() => void run(async () => onChanged(await eventsApi.publish(orgId, e.id, e.version)))}>
          {t('events.publish')}
        </button>
      )}
      {e.status !== 'cancelled' && (
        <ConfirmButton
          label={t('events.cancelEvent')}
          question={t('events.cancelQuestion')}
          confirmLabel={t('events.cancelConfirm')}
          tone="danger"
          busy={busy}
          onConfirm={() => void run(async () => onChanged(await eventsApi.cancel(orgId, e.id, e.version)))}
        />
      )}
    </div>
  );
}

/** One event: its state and actions (publish, cancel, registrations, check-in), then its form. */
export function EventPage({ orgId, eventId }: { orgId: string; eventId: string }) {
  const { t } = useLang();
  const [round, setRound] = useState(0);
  const res = useResource(() => Promise.all([eventsApi.get(orgId, eventId), eventsApi.networkOrganisations(orgId)]), [orgId, eventId, round]);
  const [saved, setSaved] = useState(false);
  const back = { href: eventsHome(orgId), label: t('events.title') };
  if (res.error !== undefined) {
    return (
      <Page title={t('events.title')} back={back}>
        <ErrorMessage error={res.error} onRetry={res.reload} />
      </Page>
    );
  }
  if (!res.data) return <Loading />;
  const [e, orgs] = res.data;
  const refresh = () => {
    setSaved(false);
    setRound((n) => n + 1);
  };
  const save = async (event: Event) => {
    await eventsApi.save(orgId, eventId, event, e.version);
    refresh();
    setSaved(true);
  };
  return (
    <Page title={e.title} back={back} wide>
      <EventActions orgId={orgId} e={e} onChanged={refresh} />
      {saved && <Notice tone="success">{t('app.saved')}</Notice>}
      {e.status === 'cancelled' ? (
        <Notice tone="warning">{t('events.cancelledNoEdit')}</Notice>
      ) : (
        <>
          <h2>{t('events.edit')}</h2>
          <EventForm key={`${e.id}-${e.version}`} initial={draftOf(e.event)} orgs={orgs} submitLabel={t('app.save')} onSave={save} />
        </>
      )}
    </Page>
  );
}
