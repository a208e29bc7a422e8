import { PATHWAY_STAGES, type PathwayStage } from '../../core/training/pathway.ts';
import { formatDay, formatRating, localDate } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import type { PersonDetail, RequirementView } from './api.ts';

/** The day of an instant, as the person reads it. */
export const dayOf = (iso: string, lang: 'vi' | 'en') => formatDay(localDate(new Date(iso)), lang);

/** The four stages in order, the person's own marked, those behind them ticked. */
export function StageLadder({ stage }: { stage: PathwayStage }) {
  const { t } = useLang();
  const at = PATHWAY_STAGES.indexOf(stage);
  return (
    <ol class="pathway-ladder" aria-label={t('pathway.stagesLabel')}>
      {PATHWAY_STAGES.map((s, i) => (
        <li key={s} class={i < at ? 'pathway-rung pathway-rung-done' : i === at ? 'pathway-rung pathway-rung-now' : 'pathway-rung'} aria-current={i === at ? 'step' : undefined}>
          <span aria-hidden="true">{i < at ? '✓' : i + 1}</span> {t(`pathway.stages.${s}`)}
        </li>
      ))}
    </ol>
  );
}

/** One requirement of the next stage, met or missing, in words. */
export function requirementText(r: RequirementView, t: ReturnType<typeof useLang>['t'], lang: 'vi' | 'en'): string {
  if (r.kind === 'course') return t(r.met ? 'pathway.req.courseMet' : 'pathway.req.courseMissing', { course: r.courseTitle ?? '' });
  if (r.kind === 'co_facilitated_sessions') return t(r.met ? 'pathway.req.sessionsMet' : 'pathway.req.sessionsMissing', { required: r.required ?? 0, have: r.have ?? 0 });
  const min = formatRating(r.minMeanScore ?? 0, lang);
  if (r.met) return t('pathway.req.observedMet', { best: formatRating(r.best ?? 0, lang), min });
  if (r.best === null || r.best === undefined) return t('pathway.req.observedNone', { min });
  return t('pathway.req.observedLow', { best: formatRating(r.best, lang), min });
}

export function RequirementList({ requirements }: { requirements: RequirementView[] }) {
  const { t, lang } = useLang();
  if (requirements.length === 0) return <p>{t('pathway.req.none')}</p>;
  return (
    <ul class="pathway-reqs">
      {requirements.map((r, i) => (
        <li key={i} class={r.met ? 'pathway-req pathway-req-met' : 'pathway-req pathway-req-missing'}>
          <span class="pathway-req-mark" aria-hidden="true">
            {r.met ? '✓' : '✗'}
          </span>
          <span>
            <span class="sr-only">{r.met ? t('pathway.req.metLabel') : t('pathway.req.missingLabel')}: </span>
            {requirementText(r, t, lang)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Where the person stands and what the next stage needs. */
export function ProgressPanel({ person }: { person: PersonDetail }) {
  const { t, lang } = useLang();
  return (
    <section class="panel" aria-labelledby="pathway-progress">
      <h2 id="pathway-progress">{t('pathway.person.stageNow', { stage: t(`pathway.stages.${person.stage}`) })}</h2>
      {person.since && <p class="hint">{t('pathway.person.since', { day: dayOf(person.since, lang) })}</p>}
      <StageLadder stage={person.stage} />
      {person.nextStage ? (
        <>
          <h3>{t('pathway.person.toReach', { stage: t(`pathway.stages.${person.nextStage}`) })}</h3>
          <RequirementList requirements={person.requirements} />
          {person.missingCount === 0 && <p class="badge badge-success">{t('pathway.person.ready')}</p>}
        </>
      ) : (
        <p>{t('pathway.person.atTop')}</p>
      )}
    </section>
  );
}

/** Promotions with who approved them, observed sessions, co-facilitations and courses. */
export function HistoryPanel({ person }: { person: PersonDetail }) {
  const { t, lang } = useLang();
  return (
    <section class="panel pathway-history" aria-labelledby="pathway-history">
      <h2 id="pathway-history">{t('pathway.history.title')}</h2>
      <h3>{t('pathway.history.promotions')}</h3>
      {person.promotions.length === 0 ? (
        <p class="hint">{t('pathway.history.noPromotions')}</p>
      ) : (
        <ul class="plain-list">
          {person.promotions.map((p) => (
            <li key={p.id}>
              {t('pathway.history.promotion', { day: dayOf(p.approvedAt, lang), from: t(`pathway.stages.${p.from}`), to: t(`pathway.stages.${p.to}`), by: p.approvedByName })}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('pathway.history.observations')}</h3>
      {person.observations.length === 0 ? (
        <p class="hint">{t('pathway.history.noObservations')}</p>
      ) : (
        <ul class="plain-list">
          {person.observations.map((o) => (
            <li key={o.id}>
              <span class="block">
                {t('pathway.history.observation', {
                  day: dayOf(o.at, lang),
                  by: o.observerName,
                  score: o.meanScore === null ? '—' : formatRating(o.meanScore, lang),
                  session: o.eventTitle ?? o.sessionDescription ?? (o.groupSessionId ? t('pathway.history.groupSession') : '—'),
                })}
              </span>
              <span class={o.counts ? 'badge badge-success' : 'badge badge-muted'}>{o.counts ? t('pathway.history.counts') : t('pathway.history.notCounted')}</span>
              {o.note && <span class="block hint">{o.note}</span>}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('pathway.history.coFacilitations', { count: person.coFacilitations.length })}</h3>
      {person.coFacilitations.length === 0 ? (
        <p class="hint">{t('pathway.history.noCoFacilitations')}</p>
      ) : (
        <ul class="plain-list">
          {person.coFacilitations.map((c) => (
            <li key={`${c.kind}-${c.id}`}>
              {c.kind === 'event' ? t('pathway.history.event', { day: dayOf(c.at, lang), title: c.title ?? '' }) : t('pathway.history.groupSessionOn', { day: dayOf(c.at, lang) })}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('pathway.history.courses')}</h3>
      {person.coursesCompleted.length === 0 ? (
        <p class="hint">{t('pathway.history.noCourses')}</p>
      ) : (
        <ul class="plain-list">
          {person.coursesCompleted.map((c) => (
            <li key={c.courseId}>{t('pathway.history.course', { title: c.title, day: dayOf(c.issuedAt, lang), org: c.issuedByOrgName })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
