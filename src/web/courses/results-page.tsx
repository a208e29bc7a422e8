import { useState } from 'preact/hooks';
import type { EventResults, ParticipantResult } from '../../core/training/course-api.ts';
import type { EligibilityGap } from '../../core/training/index.ts';
import { downloadCertificate } from '../certificates/download.ts';
import { formatDay } from '../events/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { FormError, SelectField, useSubmit } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { coursesApi } from './api.ts';
import { coursesHome } from './courses-page.tsx';
import './courses.css';

type CertLang = 'vi' | 'en';

function LangChoice({ value, onValue, name }: { value: CertLang; onValue(l: CertLang): void; name: string }) {
  const { t } = useLang();
  return (
    <fieldset class="courses-langs">
      <legend>{t('certificates.language')}</legend>
      {(['vi', 'en'] as const).map((l) => (
        <label class="choice choice-inline" key={l}>
          <input type="radio" name={name} value={l} checked={value === l} onChange={() => onValue(l)} />
          <span lang={l}>{l === 'vi' ? 'Tiếng Việt' : 'English'}</span>
        </label>
      ))}
    </fieldset>
  );
}

function gapText(gap: EligibilityGap, t: ReturnType<typeof useLang>['t'], lang: 'vi' | 'en'): string {
  if (gap.kind === 'absent') return t('courses.results.absent', { day: formatDay(gap.day, lang) });
  if (gap.kind === 'post_test_not_taken') return t('courses.results.noPost');
  return t('courses.results.belowPass', { percent: gap.percent, pass: gap.passPercent });
}

const pct = (s: { percent: number } | null) => (s ? `${s.percent}%` : '—');

function Participant({ orgId, eventId, p, days, onResults }: { orgId: string; eventId: string; p: ParticipantResult; days: number; onResults(r: EventResults | null): void }) {
  const { t, lang } = useLang();
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState<'byHand' | 'revoke' | null>(null);
  const [certLang, setCertLang] = useState<CertLang>(lang);
  const submit = useSubmit();
  const c = p.certificate;
  const change = p.pre && p.post ? p.post.percent - p.pre.percent : null;
  return (
    <li class="courses-person">
      <p class="list-title">{p.name}</p>
      <dl class="courses-scores">
        <div>
          <dt>{t('courses.results.present')}</dt>
          <dd>{t('courses.results.daysOf', { n: p.presentDays.length, of: days })}</dd>
        </div>
        <div>
          <dt>{t('courses.results.pre')}</dt>
          <dd>{pct(p.pre)}</dd>
        </div>
        <div>
          <dt>{t('courses.results.post')}</dt>
          <dd>{pct(p.post)}</dd>
        </div>
        <div>
          <dt>{t('courses.results.change')}</dt>
          <dd>{change === null ? '—' : `${change > 0 ? '+' : ''}${change}`}</dd>
        </div>
      </dl>
      {c ? (
        <p class="courses-cert">
          <span class="badge badge-success">{t('certificates.issued')}</span> <span class="courses-code">{c.code}</span>
          {c.byHandReason && <span class="hint"> · {t('certificates.byHandReason', { reason: c.byHandReason })}</span>}
          {p.registrationCancelled && <span class="hint"> · {t('certificates.registrationCancelled')}</span>}
        </p>
      ) : p.eligible ? (
        <p>
          <span class="badge badge-info">{t('courses.results.eligible')}</span>
        </p>
      ) : (
        <ul class="courses-gaps">
          {p.gaps.map((g, i) => (
            <li key={i}>{gapText(g, t, lang)}</li>
          ))}
        </ul>
      )}
      <FormError error={submit.error} />
      <div class="button-row">
        {c && (
          <button type="button" class="button" disabled={submit.busy} onClick={() => void submit.run(async () => downloadCertificate(await coursesApi.certificate(orgId, c.id)))}>
            {t('certificates.download')}
          </button>
        )}
        <button type="button" class="button" onClick={() => setOpen(open ? null : c ? 'revoke' : 'byHand')} aria-expanded={open !== null}>
          {c ? t('certificates.revoke') : t('certificates.byHand')}
        </button>
      </div>
      {open && (
        <div class="courses-reason">
          {open === 'byHand' && <LangChoice value={certLang} onValue={setCertLang} name={`lang-${p.registrationId}`} />}
          <div class="field">
            <label for={`reason-${p.registrationId}`}>{open === 'byHand' ? t('certificates.byHandWhy') : t('certificates.revokeWhy')}</label>
            <textarea id={`reason-${p.registrationId}`} rows={2} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </div>
          <button
            type="button"
            class={open === 'revoke' ? 'button button-danger' : 'button button-primary'}
            disabled={submit.busy}
            onClick={() =>
              void submit.run(async () => {
                if (open === 'byHand') onResults(await coursesApi.issue(orgId, eventId, { kind: 'by_hand', registrationId: p.registrationId, lang: certLang, reason }));
                else {
                  await coursesApi.revoke(orgId, c!.id, reason);
                  onResults(null);
                }
                setOpen(null);
                setReason('');
              })
            }
          >
            {open === 'byHand' ? t('certificates.issueOne') : t('certificates.revokeConfirm')}
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * A training's results (issue #7 §2): the course it teaches (chosen here), pre- and post-test
 * scores with the paired improvement, and certificates: issued to everyone the rule makes
 * eligible, by hand with a reason, revoked with a reason, downloaded as PDF.
 */
export function ResultsPage({ orgId, eventId }: { orgId: string; eventId: string }) {
  const { t, lang } = useLang();
  const res = useResource(() => coursesApi.results(orgId, eventId), [orgId, eventId]);
  const courses = useResource(() => coursesApi.list(orgId), [orgId]);
  const [certLang, setCertLang] = useState<CertLang>(lang);
  const [override, setOverride] = useState<EventResults | null>(null);
  const link = useSubmit();
  const issue = useSubmit();
  const back = { href: coursesHome(orgId), label: t('courses.title') };
  if (res.error !== undefined) {
    return (
      <Page title={t('courses.results.title')} back={back}>
        <ErrorMessage error={res.error} onRetry={res.reload} />
      </Page>
    );
  }
  const r = override ?? res.data;
  if (!r) return <Loading />;
  const onResults = (next: EventResults | null) => {
    if (next) setOverride(next);
    else {
      setOverride(null);
      res.reload();
    }
  };
  const eligibleWithout = r.participants.filter((p) => p.eligible && !p.certificate).length;
  const imp = r.improvement;
  return (
    <Page title={r.title} back={back} wide>
      <p class="hint">{r.days.map((d) => formatDay(d, lang)).join(', ')}</p>
      <section class="panel" aria-labelledby="course-title">
        <h2 id="course-title">{t('courses.results.course')}</h2>
        <FormError error={link.error} />
        <SelectField
          name="courseId"
          label={t('courses.results.courseTaught')}
          value={r.course?.id ?? ''}
          placeholder={t('courses.results.noCourse')}
          options={(courses.data ?? []).map((c) => ({ value: c.id, label: c.orgId === orgId ? c.title : `${c.title} (${c.orgName})` }))}
          onValue={(courseId) =>
            void link.run(async () => {
              await coursesApi.linkEvent(orgId, eventId, courseId || null);
              setOverride(await coursesApi.results(orgId, eventId));
            })
          }
        />
        {r.course && (
          <p>
            <Link href={`${coursesHome(orgId)}/${r.course.id}`}>{t('courses.results.openCourse')}</Link>
          </p>
        )}
        {r.course && !r.test && <Notice tone="warning">{t('courses.results.courseNoTest')}</Notice>}
        {r.test && <p class="hint">{t('courses.results.testLine', { title: r.test.title, n: r.test.questions, pass: r.test.passPercent })}</p>}
      </section>

      {r.test && (
        <section class="panel" aria-labelledby="improvement-title">
          <h2 id="improvement-title">{t('courses.results.improvement')}</h2>
          {imp.paired === 0 ? (
            <p class="hint">{t('courses.results.noPairs')}</p>
          ) : (
            <dl class="courses-scores courses-summary">
              <div>
                <dt>{t('courses.results.paired')}</dt>
                <dd>{imp.paired}</dd>
              </div>
              <div>
                <dt>{t('courses.results.meanChange')}</dt>
                <dd>{`${imp.meanChange! > 0 ? '+' : ''}${Math.round(imp.meanChange! * 10) / 10}`}</dd>
              </div>
              <div>
                <dt>{t('courses.results.medianChange')}</dt>
                <dd>{`${imp.medianChange! > 0 ? '+' : ''}${imp.medianChange}`}</dd>
              </div>
              <div>
                <dt>{t('courses.results.shareImproved')}</dt>
                <dd>{`${Math.round(imp.shareImproved! * 100)}%`}</dd>
              </div>
            </dl>
          )}
          <p class="hint">{t('courses.results.pairsHint', { preOnly: imp.preOnly, postOnly: imp.postOnly })}</p>
        </section>
      )}

      <section class="panel" aria-labelledby="certs-title">
        <h2 id="certs-title">{t('certificates.title')}</h2>
        <p class="hint">{t('certificates.rule')}</p>
        <LangChoice value={certLang} onValue={setCertLang} name="certLang" />
        <FormError error={issue.error} />
        <button type="button" class="button button-primary button-block" disabled={issue.busy || eligibleWithout === 0} onClick={() => void issue.run(async () => setOverride(await coursesApi.issue(orgId, eventId, { kind: 'eligible', lang: certLang })))}>
          {t('certificates.issueEligible', { n: eligibleWithout })}
        </button>
      </section>

      <h2>{t('courses.results.participants', { n: r.participants.length })}</h2>
      {r.participants.length === 0 ? (
        <p class="hint">{t('courses.results.none')}</p>
      ) : (
        <ul class="courses-people">
          {r.participants.map((p) => (
            <Participant key={p.registrationId} orgId={orgId} eventId={eventId} p={p} days={r.days.length} onResults={onResults} />
          ))}
        </ul>
      )}
    </Page>
  );
}
