import { useEffect, useMemo, useState } from 'preact/hooks';
import { Dhis2Settings, DHIS2_PARTS, type Dhis2Part, type Dhis2SettingsInput } from '../../core/exports/dhis2.ts';
import type { Lang } from '../../core/i18n/index.ts';
import { findIndicator, INDICATORS } from '../../core/indicators/definitions.ts';
import { DISAGGREGATIONS, type DisaggregationId } from '../../core/indicators/disaggregations.ts';
import { dimensionName, keyLabel } from '../../core/indicators/labels.ts';
import { parsePeriodKey, periodLabel, periodOf, PERIOD_KINDS, periodsEndingWith, type Period, type PeriodKind } from '../../core/indicators/periods.ts';
import { ApiError, request } from '../api/client.ts';
import { formatDateTime } from '../field/format.ts';
import { SHORT_NAMES } from '../screening/labels.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { useMe } from '../shell/session.tsx';
import { FormError, onSubmit, SelectField, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';

/** What GET/PUT …/dhis2/settings answers (src/server/dhis2/routes.ts). */
interface SettingsOut {
  baseUrl: string | null;
  username: string | null;
  hasPassword: boolean;
  mapping: { dataElements: { indicatorId: string; categories?: Record<string, string>; part?: string; dataElement: string; categoryOptionCombo?: string; attributeOptionCombo?: string }[]; orgUnits: { orgId: string; siteId?: string; orgUnit: string }[]; periodKind: string };
  version: number;
  updatedAt: string | null;
  organisations: { id: string; name: string; kind: string; active: boolean; sites: { id: string; name: string; active: boolean }[] }[];
}

type SendStatus = 'success' | 'warning' | 'error' | 'unreachable';
interface SendOut {
  id: string;
  at: string;
  period: string;
  dryRun: boolean;
  settingsVersion: number;
  status: SendStatus;
  httpStatus: number | null;
  valuesSent: number;
  reason: 'unreachable' | 'timeout' | 'auth_failed' | 'redirected' | 'not_dhis2' | 'server_error' | null;
  import: { status: string; imported: number; updated: number; ignored: number; deleted: number; conflicts: { object: string; value: string }[]; description: string | null } | null;
  notComputed: string[];
}

interface Row {
  indicatorId: string;
  categories: [string, string][];
  part: Dhis2Part;
  dataElement: string;
  categoryOptionCombo: string;
  attributeOptionCombo: string;
}
interface OrgChoice {
  mode: 'none' | 'whole' | 'sites';
  orgUnit: string;
  sites: Record<string, string>;
}
interface Form {
  baseUrl: string;
  username: string;
  password: string;
  periodKind: PeriodKind;
  rows: Row[];
  orgs: Record<string, OrgChoice>;
}

const base = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}/dhis2`;
const LEVELS: readonly string[] = ['organisation', 'site'];
/** A code's words for the mapping's selects (core's table labels; instruments by their short names). */
function codeLabel(dim: string, code: string, lang: Lang): string {
  if (dim === 'instrument' && code !== 'unknown') return SHORT_NAMES[code as keyof typeof SHORT_NAMES] ?? code;
  return keyLabel({ dimensions: [dim], labels: {} }, [code], 0, lang);
}

/** The dimensions a row of this indicator can name: its breakdowns, then its who/where splits (not organisation or site: those are the org units). */
function dimensionsOf(indicatorId: string): string[] {
  const def = findIndicator(indicatorId);
  if (!def) return [];
  return [...def.breakdowns.map((b) => b.id as string), ...def.disaggregations.filter((d) => !LEVELS.includes(d))];
}

/** The codes a dimension can take, or null where they are ids (catalogue items, bands). */
function valuesOf(indicatorId: string, dim: string): readonly string[] | null {
  const breakdown = findIndicator(indicatorId)?.breakdowns.find((b) => b.id === dim);
  if (breakdown) return breakdown.values;
  const d = DISAGGREGATIONS[dim as DisaggregationId];
  if (!d?.values) return null;
  const known = d.values.filter((v) => v !== 'unknown');
  return d.hasUnknown ? [...known, 'unknown'] : known;
}

function formOf(s: SettingsOut): Form {
  const orgs: Record<string, OrgChoice> = {};
  for (const o of s.organisations) orgs[o.id] = { mode: 'none', orgUnit: '', sites: {} };
  for (const u of s.mapping.orgUnits) {
    const choice = (orgs[u.orgId] ??= { mode: 'none', orgUnit: '', sites: {} });
    if (u.siteId) {
      choice.mode = 'sites';
      choice.sites[u.siteId] = u.orgUnit;
    } else {
      choice.mode = 'whole';
      choice.orgUnit = u.orgUnit;
    }
  }
  return {
    baseUrl: s.baseUrl ?? '',
    username: s.username ?? '',
    password: '',
    periodKind: (PERIOD_KINDS as readonly string[]).includes(s.mapping.periodKind) ? (s.mapping.periodKind as PeriodKind) : 'month',
    rows: s.mapping.dataElements.map((r) => ({
      indicatorId: r.indicatorId,
      categories: Object.entries(r.categories ?? {}),
      part: (r.part as Dhis2Part | undefined) ?? 'value',
      dataElement: r.dataElement,
      categoryOptionCombo: r.categoryOptionCombo ?? '',
      attributeOptionCombo: r.attributeOptionCombo ?? '',
    })),
    orgs,
  };
}

/** The body to PUT, and for each org unit row sent, the organisation it came from (to place errors). */
function bodyOf(form: Form, organisations: SettingsOut['organisations']): { body: Dhis2SettingsInput; unitOrgs: string[] } {
  const orgUnits: { orgId: string; siteId?: string; orgUnit: string }[] = [];
  for (const o of organisations) {
    const choice = form.orgs[o.id];
    if (!choice) continue;
    if (choice.mode === 'whole') orgUnits.push({ orgId: o.id, orgUnit: choice.orgUnit.trim() });
    if (choice.mode === 'sites') {
      for (const site of o.sites) {
        const unit = choice.sites[site.id]?.trim();
        if (unit) orgUnits.push({ orgId: o.id, siteId: site.id, orgUnit: unit });
      }
    }
  }
  const body: Dhis2SettingsInput = {
    baseUrl: form.baseUrl.trim() || null,
    username: form.username.trim() || null,
    mapping: {
      periodKind: form.periodKind,
      dataElements: form.rows.map((r) => {
        const categories = Object.fromEntries(r.categories.filter(([d, v]) => d && v.trim()).map(([d, v]) => [d, v.trim()]));
        const unit = findIndicator(r.indicatorId)?.unit;
        return {
          indicatorId: r.indicatorId as never,
          ...(Object.keys(categories).length ? { categories } : {}),
          ...(unit === 'rate' && r.part !== 'value' ? { part: r.part } : {}),
          dataElement: r.dataElement.trim(),
          ...(r.categoryOptionCombo.trim() ? { categoryOptionCombo: r.categoryOptionCombo.trim() } : {}),
          ...(r.attributeOptionCombo.trim() ? { attributeOptionCombo: r.attributeOptionCombo.trim() } : {}),
        };
      }),
      orgUnits,
    },
  };
  if (form.password) body.password = form.password;
  return { body, unitOrgs: orgUnits.map((u) => u.orgId) };
}

/** Errors by where the page shows them: 'baseUrl', 'row:3', 'org:<id>'. */
function placeErrors(issues: { path: readonly PropertyKey[]; message: string }[], unitOrgs: string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const [head, list, index] = issue.path.map(String);
    let key: string | undefined;
    if (head === 'baseUrl' || head === 'username' || head === 'password') key = head;
    else if (head === 'mapping' && list === 'dataElements' && index !== undefined) key = `row:${index}`;
    else if (head === 'mapping' && list === 'orgUnits' && index !== undefined) key = `org:${unitOrgs[Number(index)]}`;
    if (key) out[key] ??= issue.message;
  }
  return out;
}

/** The periods the page offers, newest first. */
function recentPeriods(kind: PeriodKind): Period[] {
  return periodsEndingWith(periodOf(new Date().toISOString(), kind), { month: 12, quarter: 8, year: 5 }[kind]).reverse();
}

function periodName(key: string, lang: Lang): string {
  const p = parsePeriodKey(key);
  return p ? periodLabel(p)[lang] : key;
}

const emptyRow = (): Row => ({ indicatorId: 'people_reached', categories: [], part: 'value', dataElement: '', categoryOptionCombo: '', attributeOptionCombo: '' });
const STATUS_BADGE: Record<SendStatus, string> = { success: 'badge badge-success', warning: 'badge badge-warning', error: 'badge badge-danger', unreachable: 'badge badge-danger' };

/**
 * The network hub's DHIS2 page (issue #6 §3): the connection (the password is write-only), the
 * mapping of indicator cells to data elements and of organisations or their sites to org units,
 * then a period, its payload to download, a dry run and the real send, and the history.
 */
export function Dhis2Page({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const back = { href: `/organisations/${orgId}`, label: me.organisations.find((o) => o.id === orgId)?.name ?? t('organisations.one') };
  const allowed = canIn(me, 'dhis2.manage', orgId);
  const settings = useResource(() => (allowed ? request<SettingsOut>('GET', `${base(orgId)}/settings`) : Promise.resolve(null)), [orgId, allowed]);
  const sends = useResource(() => (allowed ? request<SendOut[]>('GET', `${base(orgId)}/sends`) : Promise.resolve([] as SendOut[])), [orgId, allowed]);
  const [saved, setSaved] = useState<SettingsOut | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [dirty, setDirty] = useState(false);
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const [savedNotice, setSavedNotice] = useState(false);
  const [period, setPeriod] = useState('');
  const [last, setLast] = useState<SendOut | null>(null);
  const save = useSubmit();
  const sending = useSubmit();

  useEffect(() => {
    if (settings.data) {
      setSaved(settings.data);
      setForm(formOf(settings.data));
    }
  }, [settings.data]);
  const periods = useMemo(() => recentPeriods(saved ? ((saved.mapping.periodKind as PeriodKind) ?? 'month') : 'month'), [saved?.mapping.periodKind]);
  useEffect(() => {
    // The last whole period by default: the current one is still being recorded.
    if (!periods.some((p) => p.key === period)) setPeriod(periods[1]?.key ?? periods[0]!.key);
  }, [periods]);

  if (!allowed) return <NotAllowedPage title={t('dhis2.title')} back={back} />;
  if (!form || !saved) {
    return (
      <Page title={t('dhis2.title')} back={back}>
        {settings.error ? <ErrorMessage error={settings.error} onRetry={settings.reload} /> : <Loading />}
      </Page>
    );
  }

  const update = (patch: Partial<Form>) => {
    setDirty(true);
    setSavedNotice(false);
    setForm({ ...form, ...patch });
  };
  const updateRow = (i: number, patch: Partial<Row>) => update({ rows: form.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const updateOrg = (id: string, patch: Partial<OrgChoice>) => update({ orgs: { ...form.orgs, [id]: { ...(form.orgs[id] ?? { mode: 'none', orgUnit: '', sites: {} }), ...patch } } });
  const members = saved.organisations.filter((o) => o.kind !== 'network_hub' || form.orgs[o.id]?.mode !== 'none');

  const submit = () => {
    const { body, unitOrgs } = bodyOf(form, saved.organisations);
    const parsed = Dhis2Settings.safeParse(body);
    if (!parsed.success) {
      setInvalid(placeErrors(parsed.error.issues, unitOrgs));
      return;
    }
    setInvalid({});
    void save.run(async () => {
      try {
        const next = await request<SettingsOut>('PUT', `${base(orgId)}/settings`, body);
        setSaved(next);
        setForm(formOf(next));
        setDirty(false);
        setSavedNotice(true);
      } catch (err) {
        if (err instanceof ApiError && err.field) {
          const placed = placeErrors([{ path: err.field.split('.'), message: err.message }], unitOrgs);
          if (Object.keys(placed).length) {
            setInvalid(placed);
            return;
          }
        }
        throw err;
      }
    });
  };

  const run = (dryRun: boolean) =>
    void sending.run(async () => {
      setLast(await request<SendOut>('POST', `${base(orgId)}/send`, { period, dryRun }));
      sends.reload();
    });
  const cleanDryRun = (sends.data ?? []).some((s) => s.dryRun && s.status === 'success' && s.period === period && s.settingsVersion === saved.version);
  const ready = !dirty && saved.hasPassword && !!saved.baseUrl && saved.mapping.dataElements.length > 0 && saved.mapping.orgUnits.length > 0;
  const selected = periods.find((p) => p.key === period);

  return (
    <Page title={t('dhis2.title')} back={back}>
      <p class="lead">{t('dhis2.intro')}</p>
      <form class="form" noValidate onSubmit={onSubmit(submit)}>
        <FormError error={save.error} />
        <section class="form-section">
          <h2>{t('dhis2.connection')}</h2>
          <TextField name="baseUrl" label={t('dhis2.baseUrl')} hint={t('dhis2.baseUrlHint')} value={form.baseUrl} onValue={(baseUrl) => update({ baseUrl })} error={invalid.baseUrl} autoCapitalize="none" autoCorrect="off" spellcheck={false} maxLength={500} />
          <TextField name="username" label={t('dhis2.username')} value={form.username} onValue={(username) => update({ username })} error={invalid.username} autoCapitalize="none" autoCorrect="off" spellcheck={false} autoComplete="off" maxLength={200} />
          <TextField name="password" type="password" label={t('dhis2.password')} hint={saved.hasPassword ? t('dhis2.passwordKeep') : t('dhis2.passwordNone')} value={form.password} onValue={(password) => update({ password })} error={invalid.password} autoComplete="new-password" maxLength={500} />
        </section>

        <section class="form-section">
          <h2>{t('dhis2.mapping')}</h2>
          <p class="hint">{t('dhis2.mappingHint')}</p>
          <SelectField name="periodKind" label={t('dhis2.periodKind')} value={form.periodKind} onValue={(k) => update({ periodKind: k as PeriodKind })} options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`dhis2.periodKinds.${k}`) }))} />
          {form.rows.length === 0 && <p class="hint">{t('dhis2.noRows')}</p>}
          {form.rows.map((row, i) => {
            const def = findIndicator(row.indicatorId);
            const dims = dimensionsOf(row.indicatorId);
            return (
              <fieldset class={invalid[`row:${i}`] ? 'panel dhis2-row field-invalid' : 'panel dhis2-row'} key={i}>
                <legend>{t('dhis2.row', { n: i + 1 })}</legend>
                <div class="dhis2-what">
                  <SelectField name={`indicator-${i}`} label={t('dhis2.indicator')} value={row.indicatorId} onValue={(indicatorId) => updateRow(i, { indicatorId, categories: [], part: 'value' })} options={INDICATORS.map((d) => ({ value: d.id, label: d.name[lang] }))} />
                  {def?.unit === 'rate' && (
                    <SelectField name={`part-${i}`} label={t('dhis2.part')} value={row.part} onValue={(part) => updateRow(i, { part: part as Dhis2Part })} options={DHIS2_PARTS.map((p) => ({ value: p, label: t(`dhis2.parts.${p}`) }))} />
                  )}
                  {row.categories.map(([dim, value], c) => {
                    const values = dim ? valuesOf(row.indicatorId, dim) : null;
                    const setPair = (pair: [string, string]) => updateRow(i, { categories: row.categories.map((p, k) => (k === c ? pair : p)) });
                    return (
                      <div class="dhis2-category" key={c}>
                        <SelectField name={`category-${i}-${c}`} label={t('dhis2.category')} value={dim} placeholder={t('app.choose')} onValue={(d) => setPair([d, ''])} options={dims.filter((d) => d === dim || !row.categories.some(([x]) => x === d)).map((d) => ({ value: d, label: dimensionName(d, lang) }))} />
                        {dim && values && <SelectField name={`value-${i}-${c}`} label={t('dhis2.categoryValue')} value={value} placeholder={t('app.choose')} onValue={(v) => setPair([dim, v])} options={values.map((v) => ({ value: v, label: codeLabel(dim, v, lang) }))} />}
                        {dim && !values && <TextField name={`value-${i}-${c}`} label={t('dhis2.categoryId')} value={value} onValue={(v) => setPair([dim, v])} maxLength={100} />}
                        {!dim && <span />}
                        <button type="button" class="button button-quiet" onClick={() => updateRow(i, { categories: row.categories.filter((_, k) => k !== c) })}>
                          {t('dhis2.removeCategory')}
                        </button>
                      </div>
                    );
                  })}
                  <div class="dhis2-line">
                    {row.categories.length === 0 && <span class="hint">{t('dhis2.total')}</span>}
                    {row.categories.length < Math.min(3, dims.length) && (
                      <button type="button" class="button button-quiet" onClick={() => updateRow(i, { categories: [...row.categories, ['', '']] })}>
                        {t('dhis2.addCategory')}
                      </button>
                    )}
                  </div>
                </div>
                <div class="dhis2-target">
                  <TextField name={`dataElement-${i}`} label={t('dhis2.dataElement')} value={row.dataElement} onValue={(dataElement) => updateRow(i, { dataElement })} maxLength={11} autoCapitalize="none" autoCorrect="off" spellcheck={false} class="dhis2-uid" />
                  <TextField name={`coc-${i}`} label={t('dhis2.coc')} value={row.categoryOptionCombo} onValue={(categoryOptionCombo) => updateRow(i, { categoryOptionCombo })} maxLength={11} autoCapitalize="none" autoCorrect="off" spellcheck={false} class="dhis2-uid" />
                  <TextField name={`aoc-${i}`} label={t('dhis2.aoc')} value={row.attributeOptionCombo} onValue={(attributeOptionCombo) => updateRow(i, { attributeOptionCombo })} maxLength={11} autoCapitalize="none" autoCorrect="off" spellcheck={false} class="dhis2-uid" />
                </div>
                <p class="hint">{t('dhis2.optional')}</p>
                {invalid[`row:${i}`] && (
                  <p class="field-error" role="alert">
                    {invalid[`row:${i}`]}
                  </p>
                )}
                <p class="dhis2-remove">
                  <button type="button" class="button button-quiet" onClick={() => update({ rows: form.rows.filter((_, k) => k !== i) })}>
                    {t('dhis2.removeRow', { n: i + 1 })}
                  </button>
                </p>
              </fieldset>
            );
          })}
          <p>
            <button type="button" class="button" onClick={() => update({ rows: [...form.rows, emptyRow()] })}>
              {t('dhis2.addRow')}
            </button>
          </p>
        </section>

        <section class="form-section">
          <h2>{t('dhis2.orgUnits')}</h2>
          <p class="hint">{t('dhis2.orgUnitsHint')}</p>
          {members.map((o) => {
            const choice = form.orgs[o.id] ?? { mode: 'none', orgUnit: '', sites: {} };
            return (
              <fieldset class={invalid[`org:${o.id}`] ? 'panel dhis2-row field-invalid' : 'panel dhis2-row'} key={o.id}>
                <legend>
                  {o.name}
                  {!o.active && ` (${t('dhis2.inactive')})`}
                </legend>
                <div class="dhis2-target">
                  <SelectField name={`mode-${o.id}`} label={t('dhis2.orgMode')} value={choice.mode} onValue={(mode) => updateOrg(o.id, { mode: mode as OrgChoice['mode'] })} options={(['none', 'whole', 'sites'] as const).map((m) => ({ value: m, label: t(`dhis2.orgModes.${m}`) }))} />
                  {choice.mode === 'whole' && <TextField name={`unit-${o.id}`} label={t('dhis2.orgUnit')} value={choice.orgUnit} onValue={(orgUnit) => updateOrg(o.id, { orgUnit })} maxLength={11} autoCapitalize="none" autoCorrect="off" spellcheck={false} class="dhis2-uid" />}
                  {choice.mode === 'sites' && o.sites.length === 0 && <p class="hint">{t('dhis2.noSites')}</p>}
                  {choice.mode === 'sites' &&
                    o.sites.map((s) => (
                      <TextField
                        key={s.id}
                        name={`unit-${s.id}`}
                        label={`${s.name}${s.active ? '' : ` (${t('dhis2.inactive')})`} — ${t('dhis2.orgUnit')}`}
                        value={choice.sites[s.id] ?? ''}
                        onValue={(unit) => updateOrg(o.id, { sites: { ...choice.sites, [s.id]: unit } })}
                        maxLength={11}
                        autoCapitalize="none"
                        autoCorrect="off"
                        spellcheck={false}
                        class="dhis2-uid"
                      />
                    ))}
                </div>
                {invalid[`org:${o.id}`] && (
                  <p class="field-error" role="alert">
                    {invalid[`org:${o.id}`]}
                  </p>
                )}
              </fieldset>
            );
          })}
        </section>
        {savedNotice && <Notice tone="success">{t('dhis2.saved', { version: saved.version })}</Notice>}
        <SubmitButton busy={save.busy}>{t('dhis2.save')}</SubmitButton>
      </form>

      <section class="panel">
        <h2>{t('dhis2.send')}</h2>
        <p class="hint">{t('dhis2.sendHint')}</p>
        {dirty && <Notice tone="warning">{t('dhis2.unsaved')}</Notice>}
        <SelectField name="period" label={t('dhis2.period')} value={period} onValue={setPeriod} options={periods.map((p) => ({ value: p.key, label: periodLabel(p)[lang] }))} />
        {selected && saved.mapping.dataElements.length > 0 && (
          <p>
            <a href={`${base(orgId)}/payload?period=${encodeURIComponent(selected.key)}&download=1`} download={`fieldlab-dhis2-${selected.key}.json`}>
              {t('dhis2.download', { period: periodLabel(selected)[lang] })}
            </a>
          </p>
        )}
        <FormError error={sending.error} />
        <div class="button-row">
          <button type="button" class="button button-primary" disabled={!ready || sending.busy} aria-busy={sending.busy} onClick={() => run(true)}>
            {t('dhis2.dryRun')}
          </button>
          <button type="button" class="button" disabled={!ready || !cleanDryRun || sending.busy} onClick={() => run(false)}>
            {t('dhis2.sendReal')}
          </button>
        </div>
        {ready && !cleanDryRun && <p class="hint">{t('dhis2.sendNeedsDryRun')}</p>}
        {last && <SendSummary send={last} />}
      </section>

      <section>
        <h2>{t('dhis2.history')}</h2>
        {sends.error !== undefined && <ErrorMessage error={sends.error} onRetry={sends.reload} />}
        {sends.data && sends.data.length === 0 && <p class="hint">{t('dhis2.noHistory')}</p>}
        <ul class="list list-single">
          {(sends.data ?? []).map((s) => (
            <li key={s.id} class="list-item">
              <span class="list-title">
                {s.dryRun ? t('dhis2.kinds.dry') : t('dhis2.kinds.real')} · {periodName(s.period, lang)} <span class={STATUS_BADGE[s.status]}>{t(`dhis2.statuses.${s.status}`)}</span>
              </span>
              <span class="list-meta">
                {formatDateTime(s.at, lang)} · {t('dhis2.values', { count: s.valuesSent, version: s.settingsVersion })}
              </span>
              <SendWords send={s} />
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}

/** What DHIS2 said (or why it said nothing), in words. */
function SendWords({ send }: { send: SendOut }) {
  const { t, lang } = useLang();
  const names = send.notComputed.map((id) => findIndicator(id)?.name[lang] ?? id).join(', ');
  return (
    <>
      {send.reason && <span class="list-subtitle">{t(`dhis2.reasons.${send.reason}`, { status: send.httpStatus ?? '—' })}</span>}
      {send.import && <span class="list-subtitle">{t(send.dryRun ? 'dhis2.summaryDry' : 'dhis2.summaryReal', { imported: send.import.imported, updated: send.import.updated, ignored: send.import.ignored })}</span>}
      {send.import && send.import.conflicts.length > 0 && (
        <span class="list-subtitle">
          {t('dhis2.conflicts')} {send.import.conflicts.slice(0, 5).map((c) => `${c.object}: ${c.value}`).join('; ')}
        </span>
      )}
      {names && <span class="list-subtitle">{t('dhis2.notComputed', { names })}</span>}
    </>
  );
}

function SendSummary({ send }: { send: SendOut }) {
  const { t, lang } = useLang();
  const tone = send.status === 'success' ? 'success' : 'warning';
  return (
    <Notice tone={tone}>
      <strong>
        {send.dryRun ? t('dhis2.kinds.dry') : t('dhis2.kinds.real')} · {periodName(send.period, lang)}: {t(`dhis2.statuses.${send.status}`)}
      </strong>{' '}
      <SendWords send={send} />
    </Notice>
  );
}
