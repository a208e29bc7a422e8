import { z } from 'zod';
import { findIndicator, IndicatorIdSchema, type IndicatorId } from '../indicators/definitions.ts';
import { DISAGGREGATION_IDS, DISAGGREGATIONS, type DisaggregationId } from '../indicators/disaggregations.ts';
import { dhis2Period, PERIOD_KINDS, type Period } from '../indicators/periods.ts';
import type { IndicatorCell, IndicatorTable } from '../indicators/result.ts';

/**
 * DHIS2 aggregate reporting (issue #6 §3): the network hub maps indicators (and one cell of their
 * breakdowns and disaggregations) to DHIS2 data elements and category option combos, and
 * organisations or sites to org units; `buildDataValueSet` turns computed indicator tables into a
 * data value set, and `parseImportSummary` reads what DHIS2 answers.
 *
 * The payload is DHIS2's "data value set" JSON: `{ dataValues: [{ dataElement, period, orgUnit,
 * categoryOptionCombo?, attributeOptionCombo?, value }] }`, each value carrying its own period and
 * org unit ("sending large bulks of data values"), POSTed to `/api/dataValueSets` with `dryRun`
 * and `importStrategy` as query parameters. Source: DHIS2 developer manual, Web API, "Data values"
 * (https://docs.dhis2.org/master/en/developer/html/webapi_data_values.html, read 2026-11-30).
 * Values are strings in that JSON, as in the manual's examples.
 *
 * Decisions:
 * - Exact counts, no small-cell suppression: DHIS2 aggregate reporting needs true numbers, and the
 *   payload goes to the programme's own reporting server, by the hub's administrator only.
 * - A count with no records in the period is sent as "0", so a value sent earlier (before a
 *   correction) is overwritten; DHIS2 itself drops zeros of data elements where zero is not
 *   significant.
 * - Rates: `part` 'value' sends the percentage with one decimal ("66.7"; a data element of value
 *   type NUMBER, not PERCENTAGE, which takes whole numbers only); it is left out when there is no
 *   denominator. Better is to map `part` 'numerator' and 'denominator' to two data elements and
 *   let a DHIS2 indicator divide them, so DHIS2 can add them up over org units and periods.
 *   Medians (days) are sent with one decimal and left out when there is no case.
 * - 'unknown' cells (a client without an age, a site no longer known) are sent only where a row
 *   names 'unknown' itself.
 * - A breakdown whose cells add up to the whole (anonymous sexes, bands, crisis levels and
 *   outcomes: each fact has exactly one) may be left out of a row: the row takes their sum. One
 *   whose cells do not (services: a contact has several; items: different things; instruments: one
 *   person screened with two) must be named.
 */

/** A DHIS2 uid: 11 characters, a letter then letters and digits. */
export const DHIS2_UID = /^[A-Za-z][A-Za-z0-9]{10}$/;
const Dhis2Uid = z
  .string()
  .trim()
  .regex(DHIS2_UID, { message: 'A DHIS2 identifier (uid) has 11 letters and digits and starts with a letter, for example fbfJHSPpUQD. Copy it from DHIS2 (Maintenance app or /api/dataElements).' });

/** Which figure of an indicator's cell a row sends. */
export const DHIS2_PARTS = ['value', 'numerator', 'denominator'] as const;
export type Dhis2Part = (typeof DHIS2_PARTS)[number];

/** Breakdowns a row may leave out because their cells add up to the whole (see the note above). */
const SUMMABLE_BREAKDOWNS: ReadonlySet<string> = new Set(['anonymous_sex', 'band', 'crisis_level', 'crisis_outcome']);
/** The org unit levels: they come from the org unit rows, never from a row's categories. */
const LEVELS = ['organisation', 'site'] as const;
type Level = (typeof LEVELS)[number];
const MAX_SPLITS = 2;

export const Dhis2DataElementMapping = z.strictObject({
  indicatorId: IndicatorIdSchema,
  /** Which cell this row takes, by dimension (a breakdown or a disaggregation); none: the total. */
  categories: z.record(z.string().max(40), z.string().trim().min(1).max(100)).optional(),
  part: z.enum(DHIS2_PARTS).optional(),
  dataElement: Dhis2Uid,
  categoryOptionCombo: Dhis2Uid.optional(),
  attributeOptionCombo: Dhis2Uid.optional(),
});
export type Dhis2DataElementMapping = z.infer<typeof Dhis2DataElementMapping>;

export const Dhis2OrgUnitMapping = z.strictObject({
  orgId: z.uuid(),
  /** Set: this site alone goes to the org unit (the organisation is then mapped by site). */
  siteId: z.uuid().optional(),
  orgUnit: Dhis2Uid,
});
export type Dhis2OrgUnitMapping = z.infer<typeof Dhis2OrgUnitMapping>;

function sortedCategories(categories: Record<string, string> | undefined): [string, string][] {
  return Object.entries(categories ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A disaggregation's values, with 'unknown' exactly when records can lack it; null: database ids. */
function allowedValues(d: (typeof DISAGGREGATIONS)[DisaggregationId]): readonly string[] | null {
  if (!d.values) return null;
  const known = d.values.filter((v) => v !== 'unknown');
  return d.hasUnknown ? [...known, 'unknown'] : known;
}

function checkDataElements(rows: readonly Dhis2DataElementMapping[], ctx: z.RefinementCtx): void {
  const seenCell = new Map<string, number>();
  const seenTarget = new Map<string, number>();
  rows.forEach((row, i) => {
    const def = findIndicator(row.indicatorId)!;
    const name = def.name.en;
    const categories = row.categories ?? {};
    const breakdownIds = def.breakdowns.map((b) => b.id as string);
    let splits = 0;
    for (const [dim, value] of Object.entries(categories)) {
      const path = ['dataElements', i, 'categories', dim];
      if ((LEVELS as readonly string[]).includes(dim)) {
        ctx.addIssue({ code: 'custom', path, message: 'Organisations and sites are chosen in the org unit rows, not as a category.' });
        continue;
      }
      const breakdown = def.breakdowns.find((b) => b.id === dim);
      const disaggregation = (def.disaggregations as readonly string[]).includes(dim) ? DISAGGREGATIONS[dim as DisaggregationId] : undefined;
      if (!breakdown && !disaggregation) {
        const allowed = [...breakdownIds, ...def.disaggregations.filter((d) => !(LEVELS as readonly string[]).includes(d))];
        ctx.addIssue({ code: 'custom', path, message: `${name} cannot be split by ${dim}; it can be split by: ${allowed.join(', ')}.` });
        continue;
      }
      if (disaggregation) splits += 1;
      const allowed = breakdown ? breakdown.values : allowedValues(disaggregation!);
      if (allowed && !allowed.includes(value)) {
        ctx.addIssue({ code: 'custom', path, message: `"${value}" is not a value of ${dim} (${allowed.join(', ')}).` });
      }
    }
    if (splits > MAX_SPLITS) {
      ctx.addIssue({ code: 'custom', path: ['dataElements', i, 'categories'], message: `A row can name at most two who/where categories (the organisation or site is added to them).` });
    }
    const missing = def.breakdowns.filter((b) => !SUMMABLE_BREAKDOWNS.has(b.id) && categories[b.id] === undefined);
    for (const b of missing) {
      ctx.addIssue({ code: 'custom', path: ['dataElements', i, 'categories'], message: `${name} is counted per ${b.id}: choose one ${b.id} for this row (its cells cannot be added up).` });
    }
    const part = row.part ?? 'value';
    if (part !== 'value' && def.unit !== 'rate') {
      ctx.addIssue({ code: 'custom', path: ['dataElements', i, 'part'], message: `Only rates have a numerator and a denominator; ${name} is sent as its value.` });
    }
    const cellKey = JSON.stringify([row.indicatorId, sortedCategories(row.categories), part]);
    const cellRow = seenCell.get(cellKey);
    if (cellRow !== undefined) ctx.addIssue({ code: 'custom', path: ['dataElements', i], message: `This indicator, category and part are already mapped in row ${cellRow + 1}.` });
    else seenCell.set(cellKey, i);
    const targetKey = JSON.stringify([row.dataElement, row.categoryOptionCombo ?? null, row.attributeOptionCombo ?? null]);
    const targetRow = seenTarget.get(targetKey);
    if (targetRow !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['dataElements', i, 'dataElement'],
        message: `Row ${targetRow + 1} already writes to this data element and category option combo; DHIS2 would keep only one of the two values. Give each row its own combo.`,
      });
    } else seenTarget.set(targetKey, i);
  });
}

function checkOrgUnits(rows: readonly Dhis2OrgUnitMapping[], ctx: z.RefinementCtx): void {
  const seenPlace = new Map<string, number>();
  const seenUnit = new Map<string, number>();
  const wholeOrgs = new Set(rows.filter((r) => r.siteId === undefined).map((r) => r.orgId));
  const siteOrgs = new Set(rows.filter((r) => r.siteId !== undefined).map((r) => r.orgId));
  const firstRowOf = new Map<string, number>();
  rows.forEach((r, i) => firstRowOf.set(r.orgId, firstRowOf.get(r.orgId) ?? i));
  const reportedMixed = new Set<string>();
  rows.forEach((row, i) => {
    const placeKey = `${row.orgId}/${row.siteId ?? ''}`;
    const placeRow = seenPlace.get(placeKey);
    if (placeRow !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['orgUnits', i], message: `This ${row.siteId ? 'site' : 'organisation'} is already mapped in row ${placeRow + 1}.` });
      return;
    }
    seenPlace.set(placeKey, i);
    const unitRow = seenUnit.get(row.orgUnit);
    if (unitRow !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['orgUnits', i, 'orgUnit'], message: `Row ${unitRow + 1} already sends to this org unit; the values would overwrite each other.` });
      return;
    }
    seenUnit.set(row.orgUnit, i);
    if (wholeOrgs.has(row.orgId) && siteOrgs.has(row.orgId) && !reportedMixed.has(row.orgId) && i > firstRowOf.get(row.orgId)!) {
      reportedMixed.add(row.orgId);
      ctx.addIssue({
        code: 'custom',
        path: ['orgUnits', i],
        message: 'Map an organisation as a whole or by site, not both: DHIS2 adds org units up its hierarchy, so its people would be counted twice.',
      });
    }
  });
}

export const Dhis2Mapping = z
  .strictObject({
    dataElements: z.array(Dhis2DataElementMapping).max(500),
    orgUnits: z.array(Dhis2OrgUnitMapping).max(2000),
    /** The period type of the DHIS2 data set the values go to. */
    periodKind: z.enum(PERIOD_KINDS),
  })
  .superRefine((m, ctx) => {
    checkDataElements(m.dataElements, ctx);
    checkOrgUnits(m.orgUnits, ctx);
  });
export type Dhis2Mapping = z.infer<typeof Dhis2Mapping>;
export type Dhis2MappingInput = z.input<typeof Dhis2Mapping>;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The DHIS2 server's root address (the part before `/api`). https, because the username and
 * password travel with every request; plain http only for a server on this machine (a DHIS2 in a
 * local container, or a test double). No credentials, query or fragment in it.
 */
export const Dhis2BaseUrl = z
  .string()
  .trim()
  .max(500)
  .superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Write the full address of the DHIS2 server, for example https://dhis2.example.org' });
      return;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) {
      ctx.addIssue({ code: 'custom', message: 'The address must start with https:// (the password is sent with every request); http:// is only allowed for a server on this machine (localhost).' });
    } else if (url.username || url.password || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'Write the address without a username, password, "?" or "#"; the username and password have their own fields.' });
    } else if (/\/api\/?$/.test(url.pathname)) {
      ctx.addIssue({ code: 'custom', message: 'Write the address of the DHIS2 server itself, without /api at the end.' });
    }
  })
  .transform((text) => text.replace(/\/+$/, ''));

/**
 * What the hub's administrator saves. `password` is write-only: it is sealed at rest, never sent
 * back (the settings say `hasPassword`), and an empty or absent password keeps the one saved.
 * The connection may be left empty while the mapping is built (the payload can still be downloaded).
 */
export const Dhis2Settings = z.strictObject({
  baseUrl: Dhis2BaseUrl.nullable(),
  username: z.string().trim().max(200).nullable(),
  password: z.string().max(500).optional(),
  mapping: Dhis2Mapping,
});
export type Dhis2Settings = z.infer<typeof Dhis2Settings>;
export type Dhis2SettingsInput = z.input<typeof Dhis2Settings>;

/** The named disaggregations of a row (not breakdowns, not levels), in DISAGGREGATION_IDS order. */
function rowSplits(row: Dhis2DataElementMapping): DisaggregationId[] {
  const named = Object.keys(row.categories ?? {});
  return DISAGGREGATION_IDS.filter((d) => named.includes(d) && !(LEVELS as readonly string[]).includes(d));
}

function levelsOf(mapping: Dhis2Mapping): Level[] {
  return LEVELS.filter((l) => mapping.orgUnits.some((u) => (l === 'site') === (u.siteId !== undefined)));
}

export interface Dhis2TableRequest {
  indicatorId: IndicatorId;
  disaggregation: DisaggregationId[];
}

/**
 * The indicator tables `buildDataValueSet` needs: each mapped indicator split by the org unit level
 * ('organisation' and/or 'site') then the disaggregations its rows name, each combination once.
 */
export function tablesNeeded(mapping: Dhis2Mapping): Dhis2TableRequest[] {
  const out: Dhis2TableRequest[] = [];
  const seen = new Set<string>();
  for (const row of mapping.dataElements) {
    for (const level of levelsOf(mapping)) {
      const req = { indicatorId: row.indicatorId, disaggregation: [level, ...rowSplits(row)] };
      const key = JSON.stringify(req);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(req);
      }
    }
  }
  return out;
}

export interface Dhis2DataValue {
  dataElement: string;
  period: string;
  orgUnit: string;
  categoryOptionCombo?: string;
  attributeOptionCombo?: string;
  value: string;
}

export interface Dhis2DataValueSet {
  dataValues: Dhis2DataValue[];
}

const oneDecimal = (x: number) => String(Math.round(x * 10) / 10);

/** The row's figure over the matching cells, as DHIS2 text; null: nothing to send. */
function figureText(unit: string, part: Dhis2Part, cells: readonly IndicatorCell[]): string | null {
  if (unit === 'rate') {
    const numerator = cells.reduce((s, c) => s + (c.numerator ?? 0), 0);
    const denominator = cells.reduce((s, c) => s + (c.denominator ?? 0), 0);
    if (part === 'numerator') return String(numerator);
    if (part === 'denominator') return String(denominator);
    return denominator > 0 ? oneDecimal((100 * numerator) / denominator) : null;
  }
  if (unit === 'days') {
    // No breakdowns: at most one cell, and a median cannot be added up anyway.
    const value = cells.length === 1 ? cells[0]!.value : null;
    return value === null ? null : oneDecimal(value);
  }
  return String(cells.reduce((s, c) => s + (c.value ?? 0), 0));
}

/**
 * The data value set for one period: for every mapped row and every mapped org unit, the row's
 * cell of the table split by that org unit's level. Rows of indicators without a table (not
 * computed) are left out. Throws a RangeError for a period of another kind than the mapping's.
 */
export function buildDataValueSet(tables: readonly IndicatorTable[], mapping: Dhis2Mapping, period: Period): Dhis2DataValueSet {
  if (period.kind !== mapping.periodKind) throw new RangeError(`The mapping reports by ${mapping.periodKind}, not by ${period.kind}`);
  const dataValues: Dhis2DataValue[] = [];
  for (const row of mapping.dataElements) {
    const def = findIndicator(row.indicatorId)!;
    const categories = row.categories ?? {};
    for (const unit of mapping.orgUnits) {
      const level: Level = unit.siteId === undefined ? 'organisation' : 'site';
      const dimensions = [...def.breakdowns.map((b) => b.id as string), level, ...rowSplits(row)];
      const table = tables.find((t) => t.indicatorId === row.indicatorId && t.dimensions.length === dimensions.length && t.dimensions.every((d, i) => d === dimensions[i]));
      if (!table) continue;
      const place = unit.siteId ?? unit.orgId;
      const cells = table.cells.filter(
        (c) => c.period === period.key && c.keys.every((key, i) => (dimensions[i] === level ? key === place : categories[dimensions[i]!] === undefined || categories[dimensions[i]!] === key)),
      );
      const value = figureText(def.unit, row.part ?? 'value', cells);
      if (value === null) continue;
      dataValues.push({
        dataElement: row.dataElement,
        period: dhis2Period(period),
        orgUnit: unit.orgUnit,
        ...(row.categoryOptionCombo ? { categoryOptionCombo: row.categoryOptionCombo } : {}),
        ...(row.attributeOptionCombo ? { attributeOptionCombo: row.attributeOptionCombo } : {}),
        value,
      });
    }
  }
  return { dataValues };
}

export const DHIS2_IMPORT_STATUSES = ['success', 'warning', 'error'] as const;

export interface Dhis2ImportSummary {
  status: (typeof DHIS2_IMPORT_STATUSES)[number];
  imported: number;
  updated: number;
  ignored: number;
  deleted: number;
  /** What DHIS2 objected to: the object (a uid) and its words. At most 100 are kept. */
  conflicts: { object: string; value: string }[];
  description: string | null;
}

const MAX_CONFLICTS = 100;
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const count = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
const text = (x: unknown, max = 500) => (typeof x === 'string' ? x.slice(0, max) : null);

function readStatus(x: unknown): Dhis2ImportSummary['status'] | null {
  if (x === 'OK' || x === 'SUCCESS') return 'success';
  if (x === 'WARNING') return 'warning';
  if (x === 'ERROR') return 'error';
  return null;
}

/**
 * DHIS2's answer to a data value set import, read the same way for 2.36–2.41: up to 2.37 the
 * import summary is the body itself (`{ responseType: 'ImportSummary', status, importCount,
 * conflicts }`); from 2.38 it is wrapped in a web message (`{ httpStatusCode, status: 'OK' |
 * 'ERROR', response: { status, importCount, conflicts } }`, HTTP 409 when values were refused),
 * whose conflicts name their objects in `objects` (see dhis2.py issue #38 on the moved
 * `importCount`). Null when the body is not an import summary (a login page, a proxy's error).
 */
export function parseImportSummary(json: unknown): Dhis2ImportSummary | null {
  if (!isRecord(json)) return null;
  const summary = isRecord(json.response) && (isRecord(json.response.importCount) || json.response.responseType === 'ImportSummary') ? json.response : json;
  const counts = summary.importCount;
  const status = readStatus(summary.status) ?? (summary === json ? null : readStatus(json.status));
  if (!status || !isRecord(counts)) return null;
  const conflicts = (Array.isArray(summary.conflicts) ? summary.conflicts : []).slice(0, MAX_CONFLICTS).flatMap((c) => {
    if (!isRecord(c)) return [];
    const objects = isRecord(c.objects) ? Object.values(c.objects).find((v) => typeof v === 'string') : undefined;
    return [{ object: text(c.object, 200) ?? text(objects, 200) ?? '', value: text(c.value) ?? '' }];
  });
  return {
    status: status === 'success' && conflicts.length > 0 ? 'warning' : status,
    imported: count(counts.imported),
    updated: count(counts.updated),
    ignored: count(counts.ignored),
    deleted: count(counts.deleted),
    conflicts,
    description: text(summary.description),
  };
}
