import { useState } from 'preact/hooks';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { useOrganisationName } from '../organisations/use-organisation.ts';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { FormError, onSubmit, SelectField, serverFieldErrors, SubmitButton, useSubmit } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { pathwayApi, type EventChoice, type PersonDetail, type PersonSummary } from './api.ts';
import { ObservationForm } from './observation-form.tsx';
import { HistoryPanel, ProgressPanel, requirementText } from './progress.tsx';

const home = (orgId: string) => `/organisations/${orgId}/pathway`;

function PersonRow({ orgId, p }: { orgId: string; p: PersonSummary }) {
  const { t, lang } = useLang();
  const missing = p.requirements.filter((r) => !r.met);
  return (
    <Link class="list-item" href={`${home(orgId)}/${p.userId}`}>
      <span class="list-title">
        {p.name}
        {p.name !== p.username && <span class="list-subtitle"> · {p.username}</span>}
      </span>
      <span class="chips">
        <span class="chip">{t(`pathway.stages.${p.stage}`)}</span>
        {!p.active && <span class="badge badge-muted">{t('pathway.people.inactive')}</span>}
      </span>
      {p.nextStage === null ? (
        <span class="list-meta">{t('pathway.people.atTop')}</span>
      ) : missing.length === 0 ? (
        <span class="badge badge-success">{t('pathway.people.ready', { stage: t(`pathway.stages.${p.nextStage}`) })}</span>
      ) : (
        <span class="list-meta">
          {t('pathway.people.progress', { stage: t(`pathway.stages.${p.nextStage}`), met: p.requirements.length - missing.length, total: p.requirements.length })}
          {missing.map((r, i) => (
            <span class="block" key={i}>
              <span aria-hidden="true">✗ </span>
              {requirementText(r, t, lang)}
            </span>
          ))}
        </span>
      )}
    </Link>
  );
}

/** The organisation's people on the pathway, furthest first, each with what the next stage still needs. */
export function PathwayPeoplePage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const orgName = useOrganisationName(orgId);
  const back = { href: '/', label: t('pathway.home') };
  const allowed = canIn(me, 'pathway.assess', orgId);
  const people = useResource(() => (allowed ? pathwayApi.people(orgId) : Promise.resolve([])), [orgId, allowed]);
  if (!allowed) return <NotAllowedPage title={t('pathway.title')} back={back} />;
  const order = ['certified_trainer', 'co_facilitator', 'trainer_candidate', 'participant'];
  const sorted = [...(people.data ?? [])].sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage) || a.missingCount - b.missingCount || a.name.localeCompare(b.name));
  return (
    <Page title={t('pathway.title')} back={back} wide>
      {orgName && <p class="lead">{orgName}</p>}
      <p>{t('pathway.people.intro')}</p>
      <div class="button-row">
        {canIn(me, 'pathway.manage', orgId) && (
          <Link class="button" href={`${home(orgId)}/settings`}>
            {t('pathway.settings.open')}
          </Link>
        )}
        <Link class="button" href={`${home(orgId)}/me`}>
          {t('pathway.mine.open')}
        </Link>
      </div>
      {people.loading && !people.data && <Loading />}
      {people.error !== undefined && <ErrorMessage error={people.error} onRetry={people.reload} />}
      {people.data && people.data.length === 0 && <Notice>{t('pathway.people.none')}</Notice>}
      {people.data && people.data.length > 0 && (
        <ul class="list">
          {sorted.map((p) => (
            <li key={p.userId}>
              <PersonRow orgId={orgId} p={p} />
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

function PromotePanel({ orgId, person, onDone }: { orgId: string; person: PersonDetail; onDone(next: PersonDetail): void }) {
  const { t } = useLang();
  const shell = useShell();
  const { busy, error, run } = useSubmit();
  const p = person.promotion;
  if (!p || !p.to) return null;
  const to = t(`pathway.stages.${p.to}`);
  return (
    <section class="panel" aria-labelledby="pathway-promote">
      <h2 id="pathway-promote">{t('pathway.promote.title', { stage: to })}</h2>
      <FormError error={error} />
      {p.allowed ? (
        <>
          <p>{t('pathway.promote.allowed', { name: person.name, stage: to })}</p>
          <ConfirmButton
            label={t('pathway.promote.button', { stage: to })}
            question={t('pathway.promote.question', { name: person.name, stage: to })}
            confirmLabel={t('pathway.promote.confirm')}
            busy={busy}
            onConfirm={() =>
              void run(async () => {
                const next = await pathwayApi.promote(orgId, person.userId, person.stage, p.to!);
                shell.flash({ path: location.pathname, tone: 'success', text: (tr) => tr('pathway.promote.done', { name: next.name, stage: tr(`pathway.stages.${next.stage}`) }) });
                onDone(next);
              })
            }
          />
        </>
      ) : (
        <>
          <div id="pathway-promote-why">
            <p>{t('pathway.promote.notYet')}</p>
            <ul class="pathway-reqs">
              {p.reasons.map((r, i) => (
                <li key={i} class="pathway-req pathway-req-missing">
                  <span class="pathway-req-mark" aria-hidden="true">
                    ✗
                  </span>
                  <span>{r.message}</span>
                </li>
              ))}
            </ul>
          </div>
          <button type="button" class="button button-block" disabled aria-describedby="pathway-promote-why">
            {t('pathway.promote.button', { stage: to })}
          </button>
        </>
      )}
    </section>
  );
}

function CoFacilitationForm({ orgId, person, events, onSaved }: { orgId: string; person: PersonDetail; events: EventChoice[]; onSaved(): void }) {
  const { t } = useLang();
  const [eventId, setEventId] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>(undefined);
  const { busy, error, run } = useSubmit();
  if (events.length === 0) return <p class="hint">{t('pathway.coFacilitation.noEvents')}</p>;
  const recorded = new Set(person.coFacilitations.filter((c) => c.kind === 'event').map((c) => c.id));
  const choices = events.filter((e) => !recorded.has(e.id));
  return (
    <form
      class="form"
      noValidate
      onSubmit={onSubmit(() => {
        if (!eventId) return setInvalid(t('pathway.observe.chooseEvent'));
        setInvalid(undefined);
        void run(async () => {
          await pathwayApi.coFacilitated(orgId, person.userId, eventId, null);
          setEventId('');
          onSaved();
        });
      })}
    >
      <FormError error={error} fields={['eventId']} />
      <SelectField
        name="coFacilitatedEvent"
        label={t('pathway.coFacilitation.event')}
        hint={t('pathway.coFacilitation.hint')}
        value={eventId}
        onValue={setEventId}
        placeholder={t('app.choose')}
        error={invalid ?? serverFieldErrors(error, ['eventId']).eventId}
        options={choices.map((e) => ({ value: e.id, label: `${e.title} · ${e.firstDay} · ${e.orgName}` }))}
      />
      <SubmitButton busy={busy}>{t('pathway.coFacilitation.save')}</SubmitButton>
    </form>
  );
}

/** One person: where they stand, what is missing in words, their history; observe, record, promote. */
export function PathwayPersonPage({ orgId, userId }: { orgId: string; userId: string }) {
  const { t } = useLang();
  const me = useMe();
  const allowed = canIn(me, 'pathway.assess', orgId);
  const back = { href: home(orgId), label: t('pathway.title') };
  const person = useResource(() => (allowed ? pathwayApi.person(orgId, userId) : Promise.resolve(null)), [orgId, userId, allowed]);
  const events = useResource(() => (allowed ? pathwayApi.events(orgId) : Promise.resolve([])), [orgId, allowed]);
  const [fresh, setFresh] = useState<PersonDetail | null>(null);
  const [observed, setObserved] = useState(false);
  if (!allowed) return <NotAllowedPage title={t('pathway.title')} back={back} />;
  const data = fresh ?? person.data;
  if (!data) {
    return (
      <Page title={t('pathway.title')} back={back}>
        {person.error !== undefined ? <ErrorMessage error={person.error} onRetry={person.reload} /> : <Loading />}
      </Page>
    );
  }
  const reload = () => {
    setFresh(null);
    person.reload();
  };
  const self = data.userId === me.user.id;
  return (
    <Page title={data.name} back={back}>
      <ProgressPanel person={data} />
      <PromotePanel orgId={orgId} person={data} onDone={setFresh} />
      {!self && (
        <>
          <section class="panel" aria-labelledby="pathway-observe">
            <h2 id="pathway-observe">{t('pathway.observe.title')}</h2>
            <p class="hint">{t('pathway.observe.intro')}</p>
            {observed && <Notice tone="success">{t('pathway.observe.saved')}</Notice>}
            <ObservationForm
              person={data}
              events={events.data ?? []}
              onSave={async (body) => {
                setObserved(false);
                await pathwayApi.observe(orgId, data.userId, body);
                setObserved(true);
                reload();
              }}
            />
          </section>
          <section class="panel" aria-labelledby="pathway-cofacilitation">
            <h2 id="pathway-cofacilitation">{t('pathway.coFacilitation.title')}</h2>
            <CoFacilitationForm orgId={orgId} person={data} events={events.data ?? []} onSaved={reload} />
          </section>
        </>
      )}
      <HistoryPanel person={data} />
    </Page>
  );
}

/** The person's own progress in one organisation. */
export function MyPathwayPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const orgName = useOrganisationName(orgId);
  const mine = useResource(() => pathwayApi.mine(orgId), [orgId]);
  const back = { href: '/', label: t('pathway.home') };
  return (
    <Page title={t('pathway.mine.title')} back={back}>
      {orgName && <p class="lead">{orgName}</p>}
      <p>{t('pathway.mine.intro')}</p>
      {mine.error !== undefined && <ErrorMessage error={mine.error} onRetry={mine.reload} />}
      {!mine.data && mine.error === undefined && <Loading />}
      {mine.data && (
        <>
          <ProgressPanel person={mine.data} />
          <HistoryPanel person={mine.data} />
        </>
      )}
    </Page>
  );
}
