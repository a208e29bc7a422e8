import { useState } from 'preact/hooks';
import { GUIDANCE, PRESENTATIONS, type PresentationId } from '../../core/crisis/index.ts';
import type { Lang } from '../../core/i18n/index.ts';
import { request } from '../api/client.ts';
import { ChipGroup } from '../field/controls.tsx';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { useMe } from '../shell/session.tsx';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { FormError, onSubmit, SubmitButton, useSubmit } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';

interface StoredOverride {
  presentation: string;
  lang: Lang;
  steps: { id: string; text: string }[];
  updatedAt: string;
}

const path = (orgId: string, presentation?: string, lang?: Lang) =>
  `/api/organisations/${encodeURIComponent(orgId)}/guidance${presentation ? `/${presentation}/${lang}` : ''}`;

const guidanceApi = {
  get: (orgId: string) => request<{ version: string; overrides: StoredOverride[] }>('GET', path(orgId)),
  save: (orgId: string, presentation: PresentationId, lang: Lang, steps: { id: string; text: string }[]) => request<unknown>('PUT', path(orgId, presentation, lang), { steps }),
  restore: (orgId: string, presentation: PresentationId, lang: Lang) => request<unknown>('DELETE', path(orgId, presentation, lang)),
};

/** One presentation in one language: its steps as the phones show them, and an editor for their words. */
function PresentationPanel(props: { orgId: string; presentation: PresentationId; lang: Lang; override: StoredOverride | undefined; onChanged(text: string): void }) {
  const { t } = useLang();
  const { presentation, lang, override } = props;
  const original = GUIDANCE.presentations[presentation];
  const replaced = new Map(override?.steps.map((s) => [s.id, s.text]));
  const current = original.steps.map((s) => ({ id: s.id, original: s[lang], text: replaced.get(s.id) ?? s[lang] }));
  const [editing, setEditing] = useState(false);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [empty, setEmpty] = useState<string[]>([]);
  const { busy, error, run } = useSubmit();
  const titleId = `guide-${presentation}`;

  const open = () => {
    setTexts(Object.fromEntries(current.map((s) => [s.id, s.text])));
    setEmpty([]);
    setEditing(true);
  };

  const save = () => {
    const blank = current.filter((s) => !(texts[s.id] ?? '').trim()).map((s) => s.id);
    setEmpty(blank);
    if (blank.length) return;
    // Only the steps whose words differ from the original are kept as the organisation's own.
    const changed = current.map((s) => ({ id: s.id, text: (texts[s.id] ?? '').trim() })).filter((s, i) => s.text !== current[i]!.original);
    void run(async () => {
      if (changed.length) await guidanceApi.save(props.orgId, presentation, lang, changed);
      else if (override) await guidanceApi.restore(props.orgId, presentation, lang);
      setEditing(false);
      props.onChanged(t(changed.length ? 'guidance.saved' : 'guidance.restored'));
    });
  };

  return (
    <section class="panel guide-panel" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {original.title[lang]} {override && <span class="badge badge-warning">{t('guidance.adapted')}</span>}
      </h2>
      {!editing ? (
        <>
          <ol class="guide-text-list" lang={lang}>
            {current.map((s) => (
              <li key={s.id} class={s.text !== s.original ? 'guide-text-changed' : undefined}>
                {s.text}
              </li>
            ))}
          </ol>
          <div class="button-row">
            <button type="button" class="button" onClick={open}>
              {t('guidance.edit')}
            </button>
          </div>
          {override && (
            <ConfirmButton
              label={t('guidance.restore')}
              question={t('guidance.restoreQuestion')}
              confirmLabel={t('guidance.restoreConfirm')}
              busy={busy}
              onConfirm={() =>
                void run(async () => {
                  await guidanceApi.restore(props.orgId, presentation, lang);
                  props.onChanged(t('guidance.restored'));
                })
              }
            />
          )}
          <FormError error={error} />
        </>
      ) : (
        <form class="form" noValidate onSubmit={onSubmit(save)}>
          <FormError error={error} />
          {current.map((s, i) => {
            const id = `step-${s.id}`;
            const invalid = empty.includes(s.id);
            const value = texts[s.id] ?? '';
            return (
              <div class={invalid ? 'field field-invalid' : 'field'} key={s.id}>
                <label for={id}>{t('guidance.step', { n: i + 1 })}</label>
                {value.trim() !== s.original && (
                  <p class="hint" id={`${id}-hint`} lang={lang}>
                    {t('guidance.originalText', { text: s.original })}
                  </p>
                )}
                <textarea id={id} rows={3} maxLength={500} lang={lang} value={value} onInput={(e) => setTexts({ ...texts, [s.id]: e.currentTarget.value })} aria-invalid={invalid ? true : undefined} />
                {invalid && (
                  <p class="field-error" role="alert">
                    {t('guidance.stepRequired')}
                  </p>
                )}
              </div>
            );
          })}
          <SubmitButton busy={busy}>{t('guidance.save')}</SubmitButton>
          <button type="button" class="button button-block" onClick={() => setEditing(false)}>
            {t('guidance.close')}
          </button>
        </form>
      )}
    </section>
  );
}

/**
 * An admin adapts the first-response guidance to the organisation, per language: the words of each
 * step (not their number or order, so what workers tick stays comparable), or back to the original.
 * Phones get the texts with their next sync and use them offline.
 */
export function GuidancePage({ orgId }: { orgId: string }) {
  const { t, lang: uiLang } = useLang();
  const me = useMe();
  const [lang, setLang] = useState<Lang>(uiLang);
  const [message, setMessage] = useState<string | null>(null);
  const data = useResource(() => guidanceApi.get(orgId), [orgId]);
  const back = { href: `/organisations/${orgId}`, label: me.organisations.find((o) => o.id === orgId)?.name ?? t('organisations.title') };
  if (!canIn(me, 'guidance.manage', orgId)) return <NotAllowedPage title={t('guidance.title')} back={back} />;
  const overrides = data.data?.overrides ?? [];
  return (
    <Page title={t('guidance.title')} back={back}>
      <p class="hint">{t('guidance.lead')}</p>
      <p class="hint">{t('guidance.version', { version: data.data?.version ?? GUIDANCE.version })}</p>
      <ChipGroup
        name="guideLang"
        legend={t('guidance.language')}
        multiple={false}
        options={[
          { value: 'vi', label: 'Tiếng Việt' },
          { value: 'en', label: 'English' },
        ]}
        values={[lang]}
        onValues={(v) => {
          setLang((v[0] as Lang) ?? 'vi');
          setMessage(null);
        }}
      />
      {message && <Notice tone="success">{message}</Notice>}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.loading && !data.data && <Loading />}
      {data.data &&
        PRESENTATIONS.map((p) => (
          <PresentationPanel
            key={`${p}-${lang}-${overrides.find((o) => o.presentation === p && o.lang === lang)?.updatedAt ?? ''}`}
            orgId={orgId}
            presentation={p}
            lang={lang}
            override={overrides.find((o) => o.presentation === p && o.lang === lang)}
            onChanged={(text) => {
              setMessage(text);
              data.reload();
            }}
          />
        ))}
      <details class="guide-sources">
        <summary>{t('guidance.sources')}</summary>
        <ul class="plain-list">
          {GUIDANCE.sources.map((s) => (
            <li key={s.id}>{s.citation}</li>
          ))}
        </ul>
      </details>
    </Page>
  );
}
