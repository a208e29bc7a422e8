import { useEffect, useState } from 'preact/hooks';
import { PATHWAY_STAGES, RUBRIC_MAX, RUBRIC_MIN, type PathwayRequirements, type PromotedStage, type StageRequirements } from '../../core/training/pathway.ts';
import { formatRating } from '../field/format.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { useMe } from '../shell/session.tsx';
import { CheckboxField, CheckboxGroup, FormError, onSubmit, SelectField, serverFieldErrors, SubmitButton, TextField, useSubmit } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { pathwayApi, type RequirementsSettings } from './api.ts';
import { dayOf } from './progress.tsx';

const STAGES = PATHWAY_STAGES.slice(1) as PromotedStage[];
/** Thresholds offered, in half points: MITI's "fair" (3.5) and "good" (4) are among them. */
const THRESHOLDS = Array.from({ length: (RUBRIC_MAX - RUBRIC_MIN) * 2 + 1 }, (_, i) => RUBRIC_MIN + i / 2);

interface Draft {
  coursesRequired: string[];
  sessions: string;
  observed: boolean;
  minMeanScore: number;
}

const draftOf = (r: StageRequirements): Draft => ({ coursesRequired: r.coursesRequired, sessions: String(r.minCoFacilitatedSessions), observed: r.observedSession !== null, minMeanScore: r.observedSession?.minMeanScore ?? 4 });

/**
 * What each stage of the pathway requires (admins): courses from the network's, how many
 * co-facilitated sessions, and whether an observed session is needed with its lowest mean score.
 */
export function PathwaySettingsPage({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const allowed = canIn(me, 'pathway.manage', orgId);
  const back = { href: `/organisations/${orgId}/pathway`, label: t('pathway.title') };
  const current = useResource(() => (allowed ? pathwayApi.requirements(orgId) : Promise.resolve(null)), [orgId, allowed]);
  const [settings, setSettings] = useState<RequirementsSettings | null>(null);
  const [drafts, setDrafts] = useState<Record<PromotedStage, Draft> | null>(null);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useSubmit();
  const adopt = (s: RequirementsSettings) => {
    setSettings(s);
    setDrafts({ trainer_candidate: draftOf(s.requirements.trainer_candidate), co_facilitator: draftOf(s.requirements.co_facilitator), certified_trainer: draftOf(s.requirements.certified_trainer) });
  };
  useEffect(() => {
    if (current.data) adopt(current.data);
  }, [current.data]);

  if (!allowed) return <NotAllowedPage title={t('pathway.settings.title')} back={back} />;
  if (!settings || !drafts) {
    return (
      <Page title={t('pathway.settings.title')} back={back}>
        {current.error !== undefined ? <ErrorMessage error={current.error} onRetry={current.reload} /> : <Loading />}
      </Page>
    );
  }
  const fields = STAGES.flatMap((s) => [`requirements.${s}.coursesRequired`, `requirements.${s}.minCoFacilitatedSessions`, `requirements.${s}.observedSession.minMeanScore`]);
  const serverErrors = serverFieldErrors(error, fields);
  const set = (stage: PromotedStage, patch: Partial<Draft>) => {
    setSaved(false);
    setDrafts({ ...drafts, [stage]: { ...drafts[stage], ...patch } });
  };
  const sessionsInvalid = (d: Draft) => !/^\d{1,4}$/.test(d.sessions.trim()) || Number(d.sessions) > 1000;

  const save = () => {
    if (STAGES.some((s) => sessionsInvalid(drafts[s]))) return;
    const requirements = Object.fromEntries(
      STAGES.map((s) => {
        const d = drafts[s];
        return [s, { coursesRequired: d.coursesRequired, minCoFacilitatedSessions: Number(d.sessions.trim()), observedSession: d.observed ? { minMeanScore: d.minMeanScore } : null }];
      }),
    ) as PathwayRequirements;
    void run(async () => {
      setSaved(false);
      adopt(await pathwayApi.saveRequirements(orgId, requirements, settings.version));
      setSaved(true);
    });
  };

  const courseOptions = settings.courses.map((c) => ({ value: c.id, label: c.title, hint: c.orgName }));
  return (
    <Page title={t('pathway.settings.title')} back={back}>
      <p class="lead">{t('pathway.settings.intro')}</p>
      {settings.version === null ? (
        <Notice>{t('pathway.settings.defaults')}</Notice>
      ) : (
        settings.updatedAt && <p class="hint">{t('pathway.settings.lastSaved', { day: dayOf(settings.updatedAt, lang), by: settings.updatedByName ?? '—' })}</p>
      )}
      <form class="form" noValidate onSubmit={onSubmit(save)}>
        <FormError error={error} fields={fields} />
        {STAGES.map((stage) => {
          const d = drafts[stage];
          return (
            <section key={stage} class="panel form" aria-labelledby={`pathway-settings-${stage}`}>
              <h2 id={`pathway-settings-${stage}`}>{t('pathway.settings.toBecome', { stage: t(`pathway.stages.${stage}`) })}</h2>
              {courseOptions.length === 0 ? (
                <p class="hint">{t('pathway.settings.noCourses')}</p>
              ) : (
                <CheckboxGroup
                  name={`courses-${stage}`}
                  legend={t('pathway.settings.courses')}
                  hint={t('pathway.settings.coursesHint')}
                  options={courseOptions}
                  values={d.coursesRequired}
                  onValues={(v) => set(stage, { coursesRequired: v })}
                  error={serverErrors[`requirements.${stage}.coursesRequired`]}
                />
              )}
              <TextField
                name={`sessions-${stage}`}
                label={t('pathway.settings.sessions')}
                hint={t('pathway.settings.sessionsHint')}
                inputMode="numeric"
                maxLength={4}
                value={d.sessions}
                onValue={(v) => set(stage, { sessions: v })}
                error={sessionsInvalid(d) ? t('pathway.settings.sessionsInvalid') : serverErrors[`requirements.${stage}.minCoFacilitatedSessions`]}
              />
              <CheckboxField name={`observed-${stage}`} label={t('pathway.settings.observed')} hint={t('pathway.settings.observedHint')} checked={d.observed} onChecked={(v) => set(stage, { observed: v })} />
              {d.observed && (
                <SelectField
                  name={`minScore-${stage}`}
                  label={t('pathway.settings.minScore')}
                  hint={t('pathway.scaleExplained')}
                  value={String(d.minMeanScore)}
                  onValue={(v) => set(stage, { minMeanScore: Number(v) })}
                  error={serverErrors[`requirements.${stage}.observedSession.minMeanScore`]}
                  options={[...new Set([...THRESHOLDS, d.minMeanScore])].sort((a, b) => a - b).map((n) => ({ value: String(n), label: formatRating(n, lang) + (n === 3.5 ? ` · ${t('pathway.settings.fair')}` : n === 4 ? ` · ${t('pathway.settings.good')}` : '') }))}
                />
              )}
            </section>
          );
        })}
        {saved && <Notice tone="success">{t('app.saved')}</Notice>}
        <SubmitButton busy={busy}>{t('pathway.settings.save')}</SubmitButton>
      </form>
    </Page>
  );
}
