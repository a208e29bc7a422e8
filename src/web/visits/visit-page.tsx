import { useState } from 'preact/hooks';
import { ASPECT_LABELS, FEEDBACK_ASPECTS, type FeedbackAspect, type Ratings, type Respondent } from '../../core/visits/feedback.ts';
import { ACTIVITY_LABELS, VISITOR_KIND_LABELS, type ExchangeVisit, type VisitStatus } from '../../core/visits/schema.ts';
import { api } from '../api/fieldlab.ts';
import { ChipGroup } from '../field/controls.tsx';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { FormError, onSubmit, RadioGroup, SubmitButton, useSubmit } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { visitsApi, type VisitFeedback } from './api.ts';
import { formatDays, formatProgrammeDay, originName } from './places.ts';
import { StatusBadge } from './visits-page.tsx';

const SCORES = ['1', '2', '3', '4', '5'] as const;

function Programme({ visit, siteNames }: { visit: ExchangeVisit; siteNames: Map<string, string> }) {
  const { t, lang } = useLang();
  if (!visit.programme.length) return <p class="hint">{t('visits.page.noProgramme')}</p>;
  return (
    <ol class="visit-programme-list">
      {visit.programme.map((p, i) => (
        <li key={i}>
          <p class="visit-programme-when">
            {formatProgrammeDay(p.day, lang)} · {p.start}
            {p.end ? `–${p.end}` : ''}
          </p>
          <p class="visit-programme-what">
            <strong>{ACTIVITY_LABELS[p.activity][lang]}</strong>
            {p.title ? `: ${p.title}` : ''}
          </p>
          {(p.siteId || p.staff) && (
            <p class="hint">
              {[p.siteId ? (siteNames.get(p.siteId) ?? t('visits.page.siteGone')) : '', p.staff ? t('visits.page.ledBy', { staff: p.staff }) : ''].filter(Boolean).join(' · ')}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Planned → done (from the first day) or cancelled; cancelled → planned; done → planned while no feedback. */
function StatusActions({ visit, today, onChange }: { visit: ExchangeVisit; today: string; onChange(status: VisitStatus): Promise<void> }) {
  const { t } = useLang();
  const { busy, error, run } = useSubmit();
  const go = (status: VisitStatus) => void run(() => onChange(status));
  return (
    <div class="visit-actions">
      <FormError error={error} />
      {visit.status === 'planned' && visit.from <= today && (
        <button type="button" class="button button-primary button-block" disabled={busy} onClick={() => go('done')}>
          {t('visits.page.markDone')}
        </button>
      )}
      {visit.status === 'planned' && visit.from > today && <p class="hint">{t('visits.page.doneFrom')}</p>}
      {visit.status === 'planned' && <ConfirmButton label={t('visits.page.cancel')} question={t('visits.page.cancelQuestion')} confirmLabel={t('visits.page.cancelConfirm')} busy={busy} tone="danger" onConfirm={() => go('cancelled')} />}
      {(visit.status === 'cancelled' || (visit.status === 'done' && visit.feedbackCount === 0)) && (
        <button type="button" class="button button-block" disabled={busy} onClick={() => go('planned')}>
          {t('visits.page.replan')}
        </button>
      )}
    </div>
  );
}

function FeedbackForm({ visit, existing, justSaved, onSaved }: { visit: ExchangeVisit; existing: VisitFeedback[]; justSaved: boolean; onSaved(): void }) {
  const { t, lang } = useLang();
  const groupTaken = existing.some((f) => f.respondent === 'group');
  const personsFull = existing.filter((f) => f.respondent === 'person').length >= visit.people;
  const [respondent, setRespondent] = useState<Respondent>(personsFull ? 'group' : 'person');
  const [ratings, setRatings] = useState<Partial<Record<FeedbackAspect, number>>>({});
  const [takeHome, setTakeHome] = useState('');
  const [suggestions, setSuggestions] = useState('');
  const [missing, setMissing] = useState(false);
  const [saved, setSaved] = useState(justSaved);
  const { busy, error, run } = useSubmit();
  if (groupTaken && personsFull) return <Notice>{t('visits.feedback.allIn')}</Notice>;

  const send = () => {
    if (!Object.keys(ratings).length) return setMissing(true);
    void run(async () => {
      await visitsApi.addFeedback(visit.orgId, visit.id, { respondent, ratings: ratings as Ratings, ...(takeHome.trim() ? { takeHome: takeHome.trim() } : {}), ...(suggestions.trim() ? { suggestions: suggestions.trim() } : {}) });
      // The page reloads the list and gives a fresh form (keyed by the count), saying this one is saved.
      onSaved();
    });
  };
  const options = [
    { value: 'person', label: t('visits.feedback.person') },
    { value: 'group', label: t('visits.feedback.group') },
  ].filter((o) => (o.value === 'group' ? !groupTaken : !personsFull));
  return (
    <form class="form visit-feedback-form" noValidate onSubmit={onSubmit(send)}>
      <h3>{t('visits.feedback.add')}</h3>
      {saved && <Notice tone="success">{t('visits.feedback.saved')}</Notice>}
      <FormError error={error} />
      <RadioGroup name="respondent" legend={t('visits.feedback.respondent')} options={options} value={respondent} onValue={(v) => setRespondent(v as Respondent)} />
      <p class="hint">{t('visits.feedback.ratingsHint')}</p>
      {FEEDBACK_ASPECTS.map((aspect) => (
        <ChipGroup
          key={aspect}
          name={`rating-${aspect}`}
          legend={ASPECT_LABELS[aspect][lang]}
          multiple={false}
          options={SCORES.map((s) => ({ value: s, label: s }))}
          values={ratings[aspect] ? [String(ratings[aspect])] : []}
          onValues={(v) => {
            if (!v[0]) return;
            setRatings({ ...ratings, [aspect]: Number(v[0]) });
            setMissing(false);
            setSaved(false);
          }}
          error={missing && aspect === FEEDBACK_ASPECTS[0] ? t('visits.feedback.ratingMissing') : undefined}
        />
      ))}
      <div class="field">
        <label for="field-takeHome">{t('visits.feedback.takeHome')}</label>
        <textarea id="field-takeHome" rows={3} maxLength={2000} value={takeHome} onInput={(e) => setTakeHome(e.currentTarget.value)} aria-describedby="visit-text-hint" />
      </div>
      <div class="field">
        <label for="field-suggestions">{t('visits.feedback.suggestions')}</label>
        <textarea id="field-suggestions" rows={3} maxLength={2000} value={suggestions} onInput={(e) => setSuggestions(e.currentTarget.value)} aria-describedby="visit-text-hint" />
      </div>
      <p class="hint" id="visit-text-hint">
        {t('visits.feedback.textHint')}
      </p>
      <SubmitButton busy={busy}>{t('visits.feedback.save')}</SubmitButton>
    </form>
  );
}

function FeedbackList({ feedback }: { feedback: VisitFeedback[] }) {
  const { t, lang } = useLang();
  if (!feedback.length) return <p class="hint">{t('visits.feedback.none')}</p>;
  return (
    <ul class="list list-single visit-feedback-list">
      {feedback.map((f, i) => (
        <li key={f.id} class="list-item">
          <span class="list-title">
            {t('visits.feedback.formN', { n: i + 1 })} · {f.respondent === 'group' ? t('visits.feedback.fromGroup') : t('visits.feedback.fromPerson')}
          </span>
          <dl class="facts visit-ratings">
            {FEEDBACK_ASPECTS.filter((a) => f.ratings[a] !== undefined).map((a) => (
              <div key={a}>
                <dt>{ASPECT_LABELS[a][lang]}</dt>
                <dd>{f.ratings[a]}/5</dd>
              </div>
            ))}
          </dl>
          {f.takeHome && (
            <p>
              <strong>{t('visits.feedback.takeHomeShort')}:</strong> {f.takeHome}
            </p>
          )}
          {f.suggestions && (
            <p>
              <strong>{t('visits.feedback.suggestionsShort')}:</strong> {f.suggestions}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** One visit: who, when, from where, the programme, its status, and the visitors' feedback. */
export function VisitPage({ orgId, visitId }: { orgId: string; visitId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const allowed = canIn(me, 'visit.manage', orgId);
  const res = useResource(() => (allowed ? visitsApi.get(orgId, visitId) : Promise.resolve(null)), [allowed, orgId, visitId]);
  const sites = useResource(() => (allowed ? api.sites(orgId) : Promise.resolve([])), [allowed, orgId]);
  const [justSaved, setJustSaved] = useState(false);
  const back = { href: `/organisations/${orgId}/visits`, label: t('visits.title') };
  if (!allowed) return <NotAllowedPage title={t('visits.title')} back={back} />;
  const data = res.data;
  const visit = data?.visit;
  const siteNames = new Map((sites.data ?? []).map((s) => [s.id, s.name]));
  return (
    <Page title={visit?.visitorName ?? t('visits.title')} back={back}>
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !data && <Loading />}
      {visit && data && (
        <>
          <p class="badges">
            <StatusBadge status={visit.status} />
          </p>
          <dl class="facts">
            <div>
              <dt>{t('visits.page.when')}</dt>
              <dd>{formatDays(visit.from, visit.to, lang)}</dd>
            </div>
            <div>
              <dt>{t('visits.page.from')}</dt>
              <dd>{originName(visit, lang)}</dd>
            </div>
            <div>
              <dt>{t('visits.page.kind')}</dt>
              <dd>{VISITOR_KIND_LABELS[visit.visitorKind][lang]}</dd>
            </div>
            <div>
              <dt>{t('visits.page.people')}</dt>
              <dd>{t('visits.people', { count: visit.people })}</dd>
            </div>
          </dl>
          <p>
            <Link class="button button-block" href={`/organisations/${orgId}/visits/${visitId}/edit`}>
              {t('visits.page.edit')}
            </Link>
          </p>
          <StatusActions
            visit={visit}
            today={data.today}
            onChange={async (status) => {
              await visitsApi.setStatus(orgId, visitId, status);
              res.reload();
            }}
          />
          <section class="panel" aria-labelledby="visit-programme">
            <h2 id="visit-programme">{t('visits.form.programme')}</h2>
            <Programme visit={visit} siteNames={siteNames} />
          </section>
          <section class="panel" aria-labelledby="visit-feedback">
            <h2 id="visit-feedback">{t('visits.feedback.title')}</h2>
            <FeedbackList feedback={data.feedback} />
            {visit.status === 'done' ? <FeedbackForm
                key={data.feedback.length}
                visit={visit}
                existing={data.feedback}
                justSaved={justSaved}
                onSaved={() => {
                  setJustSaved(true);
                  res.reload();
                }}
              /> : <p class="hint">{t('visits.feedback.onlyDone')}</p>}
          </section>
        </>
      )}
    </Page>
  );
}
