import { useState } from 'preact/hooks';
import type { CourseOut } from '../../core/training/course-api.ts';
import { DEFAULT_PASS_PERCENT, MODULES, type CourseModule, type TestQuestion } from '../../core/training/index.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate } from '../shell/router.tsx';
import { CheckboxGroup, FormError, onSubmit, serverFieldErrors, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';

const COURSE_FIELDS = ['title', 'modules', 'description'] as const;
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { coursesApi } from './api.ts';
import { coursesHome } from './courses-page.tsx';
import './courses.css';

const MAX_OPTIONS = 6;

interface CourseDraft {
  title: string;
  description: string;
  modules: CourseModule[];
}

function CourseFields({ draft, onDraft, readOnly, errors = {} }: { draft: CourseDraft; onDraft(d: CourseDraft): void; readOnly: boolean; errors?: FieldErrors }) {
  const { t, lang } = useLang();
  return (
    <fieldset class="courses-fieldset" disabled={readOnly}>
      <TextField name="title" label={t('courses.form.title')} value={draft.title} onValue={(title) => onDraft({ ...draft, title })} maxLength={200} error={errors.title} />
      <div class="field">
        <label for="field-description">{t('courses.form.description')}</label>
        <textarea id="field-description" rows={3} maxLength={4000} value={draft.description} onInput={(e) => onDraft({ ...draft, description: e.currentTarget.value })} />
      </div>
      <CheckboxGroup
        name="modules"
        legend={t('courses.form.modules')}
        hint={t('courses.form.modulesHint')}
        options={MODULES.map((m) => ({ value: m.id, label: m[lang] }))}
        values={draft.modules}
        onValues={(modules) => onDraft({ ...draft, modules: modules as CourseModule[] })}
        error={errors.modules}
      />
    </fieldset>
  );
}

/** The form's own check, in the reader's language, before anything is sent (the server checks again). */
function draftErrors(d: CourseDraft, t: ReturnType<typeof useLang>['t']): FieldErrors {
  const errors: FieldErrors = {};
  if (d.title.trim().length < 2) errors.title = t('courses.form.titleShort');
  if (d.modules.length === 0) errors.modules = t('courses.form.modulesNone');
  return errors;
}

const courseBody = (d: CourseDraft) => ({ title: d.title.trim(), modules: d.modules, ...(d.description.trim() ? { description: d.description.trim() } : {}) });

export function NewCoursePage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const [draft, setDraft] = useState<CourseDraft>({ title: '', description: '', modules: [] });
  const [local, setLocal] = useState<FieldErrors>({});
  const submit = useSubmit();
  const save = () => {
    const errors = draftErrors(draft, t);
    setLocal(errors);
    if (Object.keys(errors).length) return;
    void submit.run(async () => {
      const made = await coursesApi.create(orgId, courseBody(draft));
      navigate(`${coursesHome(orgId)}/${made.id}`, { replace: true });
    });
  };
  return (
    <Page title={t('courses.new')} back={{ href: coursesHome(orgId), label: t('courses.title') }}>
      <form onSubmit={onSubmit(save)} noValidate>
        <FormError error={submit.error} fields={COURSE_FIELDS} />
        <CourseFields draft={draft} onDraft={setDraft} readOnly={false} errors={{ ...serverFieldErrors(submit.error, COURSE_FIELDS), ...local }} />
        <SubmitButton busy={submit.busy}>{t('courses.form.save')}</SubmitButton>
      </form>
    </Page>
  );
}

interface QuestionDraft {
  id: string;
  text: string;
  options: string[];
  correct: number[];
}

let questionCounter = 0;
const newQuestion = (): QuestionDraft => ({ id: `q${Date.now().toString(36)}${(questionCounter++).toString(36)}`, text: '', options: ['', ''], correct: [] });

function QuestionEditor({ q, n, onQ, onRemove, readOnly }: { q: QuestionDraft; n: number; onQ(q: QuestionDraft): void; onRemove(): void; readOnly: boolean }) {
  const { t } = useLang();
  const setOption = (i: number, value: string) => onQ({ ...q, options: q.options.map((o, j) => (j === i ? value : o)) });
  const toggle = (i: number, on: boolean) => onQ({ ...q, correct: on ? [...q.correct, i].sort((a, b) => a - b) : q.correct.filter((c) => c !== i) });
  const removeOption = (i: number) => onQ({ ...q, options: q.options.filter((_, j) => j !== i), correct: q.correct.filter((c) => c !== i).map((c) => (c > i ? c - 1 : c)) });
  return (
    <fieldset class="courses-question" disabled={readOnly}>
      <legend>{t('courses.test.question', { n })}</legend>
      <div class="field">
        <label for={`q-${q.id}`}>{t('courses.test.text')}</label>
        <textarea id={`q-${q.id}`} rows={2} maxLength={1000} value={q.text} onInput={(e) => onQ({ ...q, text: e.currentTarget.value })} />
      </div>
      <p class="hint">{t('courses.test.optionsHint')}</p>
      {q.options.map((o, i) => (
        <div class="courses-option" key={i}>
          <label class="choice choice-inline courses-correct">
            <input type="checkbox" checked={q.correct.includes(i)} onChange={(e) => toggle(i, e.currentTarget.checked)} aria-label={t('courses.test.correct', { n: i + 1 })} />
            <span>{t('courses.test.correctShort')}</span>
          </label>
          <input type="text" value={o} maxLength={300} aria-label={t('courses.test.option', { n: i + 1 })} placeholder={t('courses.test.option', { n: i + 1 })} onInput={(e) => setOption(i, e.currentTarget.value)} />
          {q.options.length > 2 && (
            <button type="button" class="button courses-remove" onClick={() => removeOption(i)} aria-label={t('courses.test.removeOption', { n: i + 1 })}>
              ✕
            </button>
          )}
        </div>
      ))}
      <div class="button-row">
        {q.options.length < MAX_OPTIONS && (
          <button type="button" class="button" onClick={() => onQ({ ...q, options: [...q.options, ''] })}>
            + {t('courses.test.addOption')}
          </button>
        )}
        <button type="button" class="button" onClick={onRemove}>
          {t('courses.test.removeQuestion')}
        </button>
      </div>
    </fieldset>
  );
}

function TestEditor({ orgId, course, onSaved, readOnly }: { orgId: string; course: CourseOut; onSaved(c: CourseOut): void; readOnly: boolean }) {
  const { t } = useLang();
  const test = course.test;
  const [title, setTitle] = useState(test?.title ?? t('courses.test.defaultTitle'));
  const [pass, setPass] = useState(String(test?.passPercent ?? DEFAULT_PASS_PERCENT));
  const [questions, setQuestions] = useState<QuestionDraft[]>(test ? test.questions.map((q) => ({ ...q, options: [...q.options], correct: [...(q.correct ?? [])] })) : [newQuestion()]);
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  const save = () =>
    submit.run(async () => {
      setSaved(false);
      const body = { title: title.trim(), passPercent: Number(pass), questions: questions.map((q): TestQuestion => ({ id: q.id, text: q.text.trim(), options: q.options.map((o) => o.trim()), correct: q.correct })) };
      onSaved(await coursesApi.saveTest(orgId, course.id, body));
      setSaved(true);
    });
  return (
    <section class="panel" aria-labelledby="test-title">
      <h2 id="test-title">{t('courses.test.heading')}</h2>
      <p class="hint">{t('courses.test.intro')}</p>
      {test?.inUse && <Notice tone="info">{t('courses.test.frozen')}</Notice>}
      <form onSubmit={onSubmit(save)} noValidate>
        <FormError error={submit.error} />
        <fieldset class="courses-fieldset" disabled={readOnly}>
          <TextField name="testTitle" label={t('courses.test.title')} value={title} onValue={setTitle} maxLength={200} />
          <TextField name="passPercent" label={t('courses.test.pass')} hint={t('courses.test.passHint')} value={pass} onValue={setPass} inputMode="numeric" maxLength={3} />
        </fieldset>
        {questions.map((q, i) => (
          <QuestionEditor
            key={q.id}
            q={q}
            n={i + 1}
            readOnly={readOnly}
            onQ={(next) => setQuestions(questions.map((x) => (x.id === q.id ? next : x)))}
            onRemove={() => setQuestions(questions.filter((x) => x.id !== q.id))}
          />
        ))}
        {!readOnly && (
          <>
            <button type="button" class="button button-block" onClick={() => setQuestions([...questions, newQuestion()])}>
              + {t('courses.test.addQuestion')}
            </button>
            <SubmitButton busy={submit.busy}>{t('courses.test.save')}</SubmitButton>
          </>
        )}
        {saved && (
          <p class="hint" role="status">
            {t('courses.saved')}
          </p>
        )}
      </form>
    </section>
  );
}

function CourseEditor({ orgId, initial }: { orgId: string; initial: CourseOut }) {
  const { t } = useLang();
  const [course, setCourse] = useState(initial);
  const [draft, setDraft] = useState<CourseDraft>({ title: initial.title, description: initial.description ?? '', modules: initial.modules });
  const [saved, setSaved] = useState(false);
  const [local, setLocal] = useState<FieldErrors>({});
  const submit = useSubmit();
  const ours = course.orgId === orgId;
  const save = () => {
    const errors = draftErrors(draft, t);
    setLocal(errors);
    setSaved(false);
    if (Object.keys(errors).length) return;
    void submit.run(async () => {
      setCourse(await coursesApi.save(orgId, course.id, courseBody(draft)));
      setSaved(true);
    });
  };
  return (
    <Page title={course.title} back={{ href: coursesHome(orgId), label: t('courses.title') }}>
      {!ours && <Notice tone="info">{t('courses.notOurs', { org: course.orgName })}</Notice>}
      <form onSubmit={onSubmit(save)} noValidate>
        <FormError error={submit.error} fields={COURSE_FIELDS} />
        <CourseFields draft={draft} onDraft={setDraft} readOnly={!ours} errors={{ ...serverFieldErrors(submit.error, COURSE_FIELDS), ...local }} />
        {ours && <SubmitButton busy={submit.busy}>{t('courses.form.save')}</SubmitButton>}
        {saved && (
          <p class="hint" role="status">
            {t('courses.saved')}
          </p>
        )}
      </form>
      <TestEditor orgId={orgId} course={course} onSaved={setCourse} readOnly={!ours || Boolean(course.test?.inUse)} />
    </Page>
  );
}

export function CoursePage({ orgId, courseId }: { orgId: string; courseId: string }) {
  const { t } = useLang();
  const res = useResource(() => coursesApi.get(orgId, courseId), [orgId, courseId]);
  if (res.error !== undefined) {
    return (
      <Page title={t('courses.title')} back={{ href: coursesHome(orgId), label: t('courses.title') }}>
        <ErrorMessage error={res.error} onRetry={res.reload} />
      </Page>
    );
  }
  if (!res.data) return <Loading />;
  return <CourseEditor orgId={orgId} initial={res.data} />;
}
