import { useState } from 'preact/hooks';
import type { AttemptScore } from '../../core/training/course-api.ts';
import type { TestPhase } from '../../core/training/index.ts';
import { formatDay } from '../events/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { FormError, onSubmit, SubmitButton, useSubmit } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { participantApi } from './api.ts';
import './courses.css';

const confirmationHref = (code: string) => `/registrations/${encodeURIComponent(code)}`;

function ScoreNotice({ score }: { score: AttemptScore }) {
  const { t } = useLang();
  return <Notice tone="success">{t('courses.take.score', { score: score.score, max: score.maxScore, percent: score.percent })}</Notice>;
}

/**
 * The pre- or post-test for a registered person, no login: the registration code in the address
 * is the key. All questions on one page, each option a whole-width target; the server scores.
 */
export function TestPage({ code, phase }: { code: string; phase: string }) {
  const { t, lang } = useLang();
  const p: TestPhase = phase === 'post' ? 'post' : 'pre';
  const res = useResource(() => participantApi.test(code, p), [code, p]);
  const [answers, setAnswers] = useState<Record<string, number[]>>({});
  const [score, setScore] = useState<AttemptScore | null>(null);
  const submit = useSubmit();
  const title = p === 'pre' ? t('courses.take.preTitle') : t('courses.take.postTitle');
  const back = { href: confirmationHref(code), label: t('courses.take.back') };
  if (res.error !== undefined) {
    return (
      <Page title={title} back={back}>
        <ErrorMessage error={res.error} onRetry={res.reload} />
      </Page>
    );
  }
  if (!res.data) return <Loading />;
  const test = res.data;
  const done = score ?? test.taken;
  if (done || test.closed) {
    return (
      <Page title={title} back={back}>
        <p class="hint">{test.eventTitle}</p>
        {done ? <ScoreNotice score={done} /> : <Notice tone="warning">{test.closed === 'TEST_POST_NOT_OPEN' ? t('courses.take.notOpen', { day: formatDay(test.firstDay, lang) }) : t('courses.take.closed')}</Notice>}
        {done && p === 'pre' && <p>{t('courses.take.afterPre')}</p>}
        <p>
          <Link class="button button-block" href={back.href}>
            {t('courses.take.back')}
          </Link>
        </p>
      </Page>
    );
  }
  const unanswered = test.questions.filter((q) => !(answers[q.id]?.length)).length;
  const choose = (id: string, i: number, multiple: boolean, on: boolean) => {
    const now = answers[id] ?? [];
    setAnswers({ ...answers, [id]: multiple ? (on ? [...now, i].sort((a, b) => a - b) : now.filter((x) => x !== i)) : [i] });
  };
  const send = () =>
    submit.run(async () => {
      setScore(await participantApi.submit(code, p, answers));
      scrollTo(0, 0);
    });
  return (
    <Page title={title} back={back}>
      <p class="hint">
        {test.eventTitle} · {test.testTitle}
      </p>
      <p>{p === 'pre' ? t('courses.take.preIntro') : t('courses.take.postIntro')}</p>
      <form onSubmit={onSubmit(send)} noValidate>
        <FormError error={submit.error} />
        <ol class="courses-take">
          {test.questions.map((q, n) => (
            <li key={q.id}>
              <fieldset class="choices">
                <legend>
                  <span class="courses-qn">{t('courses.take.questionOf', { n: n + 1, of: test.questions.length })}</span>
                  <span class="courses-qtext">{q.text}</span>
                  <span class="hint">{q.multiple ? t('courses.take.chooseSeveral') : t('courses.take.chooseOne')}</span>
                </legend>
                {q.options.map((o, i) => (
                  <label class="choice" key={i}>
                    <input
                      type={q.multiple ? 'checkbox' : 'radio'}
                      name={q.id}
                      checked={(answers[q.id] ?? []).includes(i)}
                      onChange={(e) => choose(q.id, i, q.multiple, e.currentTarget.checked)}
                    />
                    <span class="choice-label">{o}</span>
                  </label>
                ))}
              </fieldset>
            </li>
          ))}
        </ol>
        {unanswered > 0 && <p class="hint">{t('courses.take.unanswered', { n: unanswered })}</p>}
        <SubmitButton busy={submit.busy}>{t('courses.take.submit')}</SubmitButton>
        <p class="hint">{t('courses.take.once')}</p>
      </form>
    </Page>
  );
}
