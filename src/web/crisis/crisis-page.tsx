import { useRef, useState } from 'preact/hooks';
import { classifyCrisis, followUpOn, GUIDANCE_VERSION, isNotifiable, referralNeedFor } from '../../core/crisis/index.ts';
import type { CloseCrisisEpisodeArgs, RedFlag } from '../../core/crisis/schema.ts';
import { newId } from '../../core/ids.ts';
import { INSTRUMENTS } from '../../core/screening/index.ts';
import type { CssrsAnswers } from '../../core/screening/types.ts';
import { findClient, useField } from '../field/context.tsx';
import { formatTime } from '../field/format.ts';
import { runtime } from '../field/runtime.ts';
import { lastContactBy } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link, navigate } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { FormError, onSubmit, SubmitButton, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { CheckStep, cssrsAnswered, cssrsBandOf, EmergencyNow, levelSoFar, visibleCssrsAnswers } from './check-step.tsx';
import { crisisPath, currentCrisis, keepCrisis, newDraft, type CrisisDraft } from './draft.ts';
import { OutcomeStep } from './outcome-step.tsx';
import { RespondStep, useGuidanceSteps } from './respond-step.tsx';

/**
 * "Someone is in crisis" (issue #4 §1), for a registered client or for anyone (`clientId` null).
 * Check → level and steps → outcome, all on the phone, offline: the episode is opened in the
 * outbox as soon as the check is done (managers hear of it at the next sync), and closed with the
 * outcome. The draft is sealed in the store after every tap (see draft.ts).
 */
export function CrisisPage({ clientId }: { clientId: string | null }) {
  const { t } = useLang();
  const field = useField();
  const draft = currentCrisis(field.store);
  const client = clientId ? findClient(field, clientId) : null;
  const [fresh] = useState(() => newDraft(newId(), client?.id ?? null, lastContactBy(field.view, field.userId)?.siteId ?? field.sites[0]?.id ?? null));
  const back = client ? { href: `/field/clients/${client.id}`, label: client.uic } : { href: '/field', label: t('field.title') };
  if (clientId && !client) {
    return (
      <Page title={t('crisis.title')} back={back}>
        <Notice tone="warning">{t('client.notFound')}</Notice>
      </Page>
    );
  }
  if (draft && draft.clientId !== (client?.id ?? null)) {
    return (
      <Page title={t('crisis.title')} back={back}>
        <Notice tone="warning">{t('crisis.otherInProgress')}</Notice>
        <p>
          <Link class="button button-primary button-block" href={crisisPath(draft)}>
            {t('crisis.resume')}
          </Link>
        </p>
      </Page>
    );
  }
  const start = draft ?? fresh;
  // Keyed by the episode: the flow keeps its state while the first taps reach the store.
  return <CrisisFlow key={start.episodeId} initial={start} uic={client?.uic ?? null} nickname={client?.nickname ?? null} back={back} />;
}

function CrisisFlow({ initial, uic, nickname, back }: { initial: CrisisDraft; uic: string | null; nickname: string | null; back: { href: string; label: string } }) {
  const { t, lang } = useLang();
  const shell = useShell();
  const { store, today } = useField();
  const [draft, setDraft] = useState(initial);
  const current = useRef(initial);
  const saving = useRef<Promise<void>>(Promise.resolve());
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  const steps = useGuidanceSteps(draft.redFlags, draft.level ?? 'not_acute');

  /** Every change is sealed into the store at once, in order, so a reload or the lock resumes here. */
  const update = (patch: Partial<CrisisDraft>) => {
    const next = { ...current.current, ...patch };
    current.current = next;
    setDraft(next);
    saving.current = saving.current.then(() => keepCrisis(store, next)).catch(() => {});
  };

  const registered = draft.clientId !== null;
  const suicidal = draft.redFlags.includes('suicidal_thoughts');

  const cancel = () => {
    void keepCrisis(store, null).then(() => navigate(back.href));
  };

  /** The check is done: the level is decided and the episode (with its C-SSRS) goes into the outbox. */
  const openEpisode = () =>
    run(async () => {
      const cssrsBand = suicidal ? cssrsBandOf(draft.cssrs) : null;
      const level = classifyCrisis({ redFlags: draft.redFlags, cssrsBand });
      const openedAt = new Date().toISOString();
      await runtime.save('openCrisisEpisode', {
        episodeId: draft.episodeId,
        clientId: draft.clientId,
        siteId: draft.siteId,
        at: draft.startedAt,
        redFlags: draft.redFlags,
        cssrsBand,
        level,
        guidanceVersion: GUIDANCE_VERSION,
      });
      // The screener's answers are kept for registered clients only; for anyone else, only the band.
      if (suicidal && registered && cssrsAnswered(draft.cssrs)) {
        await runtime.save('recordScreening', {
          screeningId: newId(),
          clientId: draft.clientId!,
          instrumentId: 'cssrs',
          instrumentVersion: INSTRUMENTS.cssrs.version,
          at: openedAt,
          answers: visibleCssrsAnswers(draft.cssrs),
          crisisEpisodeId: draft.episodeId,
        });
      }
      update({ stage: 'respond', openedAt, level, cssrsBand });
      scrollTo(0, 0);
    });

  const level = draft.level ?? 'not_acute';
  const suggested = draft.outcome ? followUpOn(level, draft.outcome, draft.startedAt) : null;
  const followUpDay = draft.followUpEdited ? (draft.followUpOn ?? '') : (suggested ?? '');
  const referralUrgency = draft.outcome ? (referralNeedFor(level, draft.outcome)?.urgency ?? null) : null;

  const close = () => {
    const errs: FieldErrors = {};
    if (!draft.outcome) errs.outcome = t('crisis.outcomeRequired');
    if (followUpDay && (!/^\d{4}-\d{2}-\d{2}$/.test(followUpDay) || followUpDay < today)) errs.followUpOn = t('contact.followUpInvalid');
    setInvalid(errs);
    if (Object.keys(errs).length || !draft.outcome) return;
    const known = steps.map((s) => s.id).filter((id) => draft.steps[id]);
    const others = Object.keys(draft.steps).filter((id) => !known.includes(id));
    const args: CloseCrisisEpisodeArgs = {
      episodeId: draft.episodeId,
      steps: [...known, ...others].map((stepId) => ({ stepId, doneAt: draft.steps[stepId]! })),
      outcome: draft.outcome,
      outcomeAt: new Date().toISOString(),
      notes: draft.notes.trim() || null,
      followUpOn: followUpDay || null,
      referralNeed: referralUrgency ? { urgency: referralUrgency, note: draft.referralNote.trim() || null } : null,
    };
    void run(async () => {
      await runtime.save('closeCrisisEpisode', args);
      await saving.current;
      await keepCrisis(store, null);
      navigate(back.href);
      shell.flash({ path: back.href, tone: 'success', text: (tr) => tr('crisis.saved') });
    });
  };

  const tick = (stepId: string, done: boolean) => {
    const next = { ...draft.steps };
    if (done) next[stepId] = new Date().toISOString();
    else delete next[stepId];
    update({ steps: next });
  };

  return (
    <Page title={t('crisis.title')} back={draft.openedAt ? undefined : back}>
      <p class="client-banner crisis-banner">
        {uic ? <span class="uic">{uic}</span> : <span>{t('crisis.unregistered')}</span>}
        {nickname && <span> · {nickname}</span>}
        <span class="crisis-started"> · {t('crisis.startedAt', { time: formatTime(draft.startedAt, lang) })}</span>
      </p>
      <FormError error={error} />

      {draft.stage === 'check' && (
        <form class="form crisis-form" noValidate onSubmit={onSubmit(() => void openEpisode())}>
          <CheckStep
            redFlags={draft.redFlags}
            cssrs={draft.cssrs}
            registered={registered}
            onRedFlags={(redFlags: RedFlag[]) => update({ redFlags })}
            onCssrs={(cssrs: CssrsAnswers) => update({ cssrs })}
          />
          <div class="sticky-actions">
            {levelSoFar(draft.redFlags, draft.cssrs) === 'emergency' && <EmergencyNow />}
            <SubmitButton busy={busy}>{t('crisis.checkDone')}</SubmitButton>
          </div>
          <p>
            <button type="button" class="button-link" onClick={cancel}>
              {t('crisis.cancel')}
            </button>
          </p>
        </form>
      )}

      {draft.stage === 'respond' && draft.level && (
        <>
          <RespondStep redFlags={draft.redFlags} level={draft.level} steps={draft.steps} onTick={tick} notified={isNotifiable({ level: draft.level, cssrsBand: draft.cssrsBand })} />
          <div class="sticky-actions">
            <button
              type="button"
              class="button button-primary button-block"
              onClick={() => {
                update({ stage: 'outcome' });
                scrollTo(0, 0);
              }}
            >
              {t('crisis.toOutcome')}
            </button>
          </div>
        </>
      )}

      {draft.stage === 'outcome' && (
        <form class="form crisis-form" noValidate onSubmit={onSubmit(close)}>
          <button type="button" class="button-link crisis-back" onClick={() => update({ stage: 'respond' })}>
            ← {t('crisis.backToSteps')}
          </button>
          <OutcomeStep
            outcome={draft.outcome}
            onOutcome={(outcome) => update({ outcome })}
            followUpOn={followUpDay}
            onFollowUpOn={(day) => update({ followUpOn: day || null, followUpEdited: true })}
            today={today}
            referralUrgency={referralUrgency}
            referralNote={draft.referralNote}
            onReferralNote={(referralNote) => update({ referralNote })}
            notes={draft.notes}
            onNotes={(notes) => update({ notes })}
            invalid={invalid}
          />
          <div class="sticky-actions">
            <SubmitButton busy={busy}>{t('crisis.save')}</SubmitButton>
          </div>
        </form>
      )}
    </Page>
  );
}
