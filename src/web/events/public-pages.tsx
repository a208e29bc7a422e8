import type { TFunction } from 'i18next';
import { useEffect, useState } from 'preact/hooks';
import { PROVINCES } from '../../core/geo/provinces.ts';
import type { PublicEvent, PublicEventSummary, PublicEventsQuery } from '../../core/training/event-api.ts';
import { EVENT_KINDS, MODES, type Party } from '../../core/training/events.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link, navigate, usePlace } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { SelectField } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { publicEventsApi } from './api.ts';
import { formatCost, formatDay, formatDays, provinceName } from './format.ts';
import { RegistrationForm } from './registration-form.tsx';
import './events.css';

/** Where: the venue and province, or "online" (hybrid says both). */
function place(e: Pick<PublicEventSummary, 'mode' | 'venue' | 'provinceId'>, lang: 'vi' | 'en', online: string): string {
  const onSite = [e.venue, provinceName(e.provinceId, lang)].filter(Boolean).join(', ');
  if (e.mode === 'online') return online;
  if (e.mode === 'hybrid') return `${onSite} + ${online}`;
  return onSite;
}

function EventFacts({ e }: { e: Pick<PublicEventSummary, 'days' | 'mode' | 'venue' | 'provinceId' | 'cost' | 'seatsLeft'> }) {
  const { t, lang } = useLang();
  return (
    <dl class="facts facts-compact events-facts">
      <div>
        <dt>{t('publicEvents.when')}</dt>
        <dd>{formatDays(e.days, lang)}</dd>
      </div>
      <div>
        <dt>{t('publicEvents.where')}</dt>
        <dd>{place(e, lang, t('publicEvents.online'))}</dd>
      </div>
      <div>
        <dt>{t('publicEvents.cost')}</dt>
        <dd>{formatCost(e.cost, lang, t('events.free'))}</dd>
      </div>
      <div>
        <dt>{t('publicEvents.seats')}</dt>
        <dd>{e.seatsLeft === null ? t('publicEvents.noLimit') : e.seatsLeft === 0 ? t('publicEvents.full') : t('publicEvents.seatsLeft', { count: e.seatsLeft })}</dd>
      </div>
    </dl>
  );
}

function KindBadges({ e }: { e: Pick<PublicEventSummary, 'kind' | 'mode'> }) {
  const { t } = useLang();
  return (
    <span class="badges">
      <span class="badge badge-info">{t(`events.kinds.${e.kind}`)}</span>
      <span class="badge badge-muted">{t(`events.modes.${e.mode}`)}</span>
    </span>
  );
}

/** The public listing (no login): what is coming, like an event site, with filters kept in the address. */
export function PublicEventsPage() {
  const { t, lang } = useLang();
  const place_ = usePlace();
  const q = place_.query;
  const filter: PublicEventsQuery = {
    ...(q.get('kind') ? { kind: q.get('kind') as PublicEventsQuery['kind'] } : {}),
    ...(q.get('mode') ? { mode: q.get('mode') as PublicEventsQuery['mode'] } : {}),
    ...(q.get('provinceId') ? { provinceId: q.get('provinceId')! } : {}),
    ...(q.get('cost') ? { cost: q.get('cost') as 'free' | 'paid' } : {}),
  };
  const key = JSON.stringify(filter);
  const list = useResource(() => publicEventsApi.list(filter), [key]);
  const setFilter = (name: keyof PublicEventsQuery, value: string) => {
    const next = new URLSearchParams(q);
    if (value) next.set(name, value);
    else next.delete(name);
    const s = next.toString();
    navigate(`/events${s ? `?${s}` : ''}`, { replace: true });
  };
  return (
    <Page title={t('publicEvents.title')} wide>
      <p class="lead">{t('publicEvents.intro')}</p>
      <div class="directory-filters events-filters">
        <SelectField name="kind" label={t('publicEvents.filters.kind')} value={filter.kind ?? ''} onValue={(v) => setFilter('kind', v)} placeholder={t('publicEvents.filters.any')} options={EVENT_KINDS.map((k) => ({ value: k, label: t(`events.kinds.${k}`) }))} />
        <SelectField name="mode" label={t('publicEvents.filters.mode')} value={filter.mode ?? ''} onValue={(v) => setFilter('mode', v)} placeholder={t('publicEvents.filters.any')} options={MODES.map((m) => ({ value: m, label: t(`events.modes.${m}`) }))} />
        <SelectField name="provinceId" label={t('publicEvents.filters.province')} value={filter.provinceId ?? ''} onValue={(v) => setFilter('provinceId', v)} placeholder={t('publicEvents.filters.anyProvince')} options={PROVINCES.map((p) => ({ value: p.id, label: p.name[lang] }))} />
        <SelectField name="cost" label={t('publicEvents.filters.cost')} value={filter.cost ?? ''} onValue={(v) => setFilter('cost', v)} placeholder={t('publicEvents.filters.any')} options={[{ value: 'free', label: t('events.free') }, { value: 'paid', label: t('publicEvents.filters.paid') }]} />
      </div>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && (
        <>
          <p class="hint" role="status">
            {t('publicEvents.count', { count: list.data.length })}
          </p>
          <ul class="list events-cards">
            {list.data.map((e) => (
              <li key={e.id}>
                <Link class="list-item events-card" href={`/events/${e.id}`}>
                  <span class="events-card-date">{formatDays(e.days, lang)}</span>
                  <span class="list-title">{e.title}</span>
                  <KindBadges e={e} />
                  <span class="list-meta">{place(e, lang, t('publicEvents.online'))}</span>
                  <span class="list-meta">
                    {formatCost(e.cost, lang, t('events.free'))} · {e.seatsLeft === null ? t('publicEvents.noLimit') : e.seatsLeft === 0 ? t('publicEvents.full') : t('publicEvents.seatsLeft', { count: e.seatsLeft })}
                  </span>
                  {e.organisers.length > 0 && <span class="list-meta">{t('publicEvents.by', { names: e.organisers.join(', ') })}</span>}
                </Link>
              </li>
            ))}
          </ul>
          {list.data.length === 0 && <Notice>{t('publicEvents.none')}</Notice>}
        </>
      )}
    </Page>
  );
}

function Parties({ title, parties }: { title: string; parties: readonly Party[] }) {
  const { t } = useLang();
  if (parties.length === 0) return null;
  return (
    <section>
      <h2>{title}</h2>
      <ul class="plain-list">
        {parties.map((p, i) => (
          <li key={i}>
            {p.name} <span class="list-meta">({t(`events.partyKinds.${p.kind}`)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function whyClosed(e: PublicEvent, t: TFunction): string | null {
  if (e.status === 'cancelled') return t('publicEvents.closed.cancelled');
  if (e.over) return t('publicEvents.closed.over');
  if (e.seatsLeft === 0) return t('publicEvents.closed.full');
  return null;
}

/** One event's public page: facts, a Register button, organisers and partners, people, the agenda by day, materials. */
export function PublicEventPage({ eventId }: { eventId: string }) {
  const { t, lang } = useLang();
  const res = useResource(() => publicEventsApi.get(eventId), [eventId]);
  const back = { href: '/events', label: t('publicEvents.title') };
  if (res.error !== undefined) {
    return (
      <Page title={t('publicEvents.title')} back={back}>
        <ErrorMessage error={res.error} onRetry={res.reload} />
      </Page>
    );
  }
  if (!res.data) return <Loading />;
  const e = res.data;
  const closed = whyClosed(e, t);
  const byDay = e.days.map((day) => ({ day, items: e.agenda.filter((a) => a.day === day) })).filter((d) => d.items.length > 0);
  return (
    <Page title={e.title} back={back}>
      <KindBadges e={e} />
      <EventFacts e={e} />
      {closed ? (
        <Notice tone="warning">{closed}</Notice>
      ) : (
        <Link class="button button-primary button-block button-big" href={`/events/${e.id}/register`}>
          {t('publicEvents.register')}
        </Link>
      )}
      {e.mode !== 'in_person' && !closed && <p class="hint">{t('publicEvents.linkAfter')}</p>}
      <Parties title={t('publicEvents.organisers')} parties={e.organisers} />
      <Parties title={t('publicEvents.partners')} parties={e.partners} />
      {(e.chairs.length > 0 || e.speakers.length > 0) && (
        <section>
          <h2>{t('publicEvents.people')}</h2>
          <ul class="plain-list">
            {e.chairs.map((p, i) => (
              <li key={`c${i}`}>
                <strong>{p.name}</strong>
                {p.affiliation ? `, ${p.affiliation}` : ''} <span class="list-meta">({t('publicEvents.chair')})</span>
              </li>
            ))}
            {e.speakers.map((p, i) => (
              <li key={`s${i}`}>
                <strong>{p.name}</strong>
                {p.affiliation ? `, ${p.affiliation}` : ''} <span class="list-meta">({t('publicEvents.speaker')})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {byDay.length > 0 && (
        <section>
          <h2>{t('publicEvents.agenda')}</h2>
          {byDay.map((d) => (
            <div key={d.day} class="events-agenda-day">
              <h3>{formatDay(d.day, lang)}</h3>
              <ol class="events-agenda">
                {d.items.map((a, i) => (
                  <li key={i}>
                    <span class="events-agenda-time">
                      {a.start}
                      {a.end ? `–${a.end}` : ''}
                    </span>
                    <span>
                      {a.title}
                      {a.speakerIndex !== undefined && e.speakers[a.speakerIndex] ? <span class="list-meta"> · {e.speakers[a.speakerIndex]!.name}</span> : null}
                    </span>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </section>
      )}
      {e.materials.length > 0 && (
        <section>
          <h2>{t('publicEvents.materials')}</h2>
          <ul class="plain-list">
            {e.materials.map((m, i) => (
              <li key={i}>
                {m.url ? (
                  <a href={m.url} rel="noopener noreferrer" target="_blank">
                    {m.title}
                  </a>
                ) : (
                  m.title
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}

/** The registration form for one event; on success, the confirmation page. */
export function RegisterPage({ eventId }: { eventId: string }) {
  const { t, lang } = useLang();
  const { me } = useShell();
  const res = useResource(() => publicEventsApi.get(eventId), [eventId]);
  const [title, setTitle] = useState(t('publicEvents.register'));
  useEffect(() => {
    if (res.data) setTitle(t('publicEvents.registerFor'));
  }, [res.data, lang]);
  const back = { href: `/events/${eventId}`, label: res.data?.title ?? t('publicEvents.title') };
  if (res.error !== undefined) {
    return (
      <Page title={title} back={back}>
        <ErrorMessage error={res.error} onRetry={res.reload} />
      </Page>
    );
  }
  if (!res.data) return <Loading />;
  const e = res.data;
  const closed = whyClosed(e, t);
  return (
    <Page title={title} back={back}>
      <p class="lead">
        <strong>{e.title}</strong>
        <br />
        {formatDays(e.days, lang)} · {place(e, lang, t('publicEvents.online'))}
      </p>
      {closed ? (
        <Notice tone="warning">{closed}</Notice>
      ) : (
        <>
          <p class="hint">{t('publicEvents.form.intro')}</p>
          <RegistrationForm
            mode="public"
            forMeLabel={me ? t('publicEvents.form.forMe', { username: me.user.username }) : undefined}
            submitLabel={t('publicEvents.form.submit')}
            onSubmit={async (body) => {
              const { code } = await publicEventsApi.register(eventId, body);
              navigate(`/registrations/${code}`);
            }}
          />
        </>
      )}
    </Page>
  );
}
