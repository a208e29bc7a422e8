import type { z } from 'zod';
import type { ConsentKind, SexAtBirth } from '../clients/schema.ts';
import { type AgeBand, ageBand } from '../contacts/schema.ts';
import { REFERRAL_CODE_ALPHABET } from '../referrals/code.ts';
import { regionOf } from './regions.ts';

/**
 * The de-identified research extract for evaluators (issue #6 §3, last bullet).
 *
 * Vietnam's Decree 13/2023/NĐ-CP on personal data protection counts data on health and on sex life
 * and sexual orientation as sensitive personal data, and processing it needs the data subject's
 * consent (article numbers, 2 and 11 as we recall them, to be checked against the official text);
 * with drug use criminalised, a leaked record can hurt more than most.
 * So only clients whose latest research decision is "given" are read, and what leaves is built
 * field by field from the few attributes below: the output type has no place for a UIC, nickname,
 * phone, client id or free text, so none can slip through.
 *
 * Re-identification is then guarded by k-anonymity (L. Sweeney, "k-anonymity: a model for
 * protecting privacy", Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 10(5), 2002,
 * 557–570): every combination of the quasi-identifiers (age band, sex at birth, gender identity,
 * key-population set, province) that appears in the extract must be shared by at least k people.
 * Records in smaller classes are generalised step by step (local recoding, GENERALISATION_LADDER)
 * and, if still too rare, suppressed.
 *
 * Not covered: the months of events are not quasi-identifiers here, as the issue defines them;
 * an evaluator who knows someone's visit months could still narrow them down, which is why the
 * extract goes only to named evaluators under a data-sharing agreement.
 */

/** What the extract reads of a client. Extra fields (uic, nickname, phone, notes…) are ignored. */
export interface ResearchSourceClient {
  birthYear: number | null;
  sexAtBirth: SexAtBirth | null;
  genderIdentity: string;
  keyPopulations: readonly string[];
  provinceId: string;
  /** Consent decisions in the order they were recorded; the latest one for a kind counts. */
  consents: readonly { kind: ConsentKind; given: boolean }[];
  /**
   * Dated facts: a stable code (lower-case letters, digits, '_', ':', '.', '-'; for example
   * 'contact', 'service:naloxone', 'screening:phq9:moderate', 'referral:completed') and the
   * calendar day it happened ('YYYY-MM-DD', in the organisation's time zone).
   */
  facts: readonly { kind: string; day: string }[];
}

/** Generalised values: '*' is the literature's "withheld" (Sweeney 2002); 'any' is one or more key populations. */
export const WITHHELD = '*';

export interface ResearchRow {
  /** Fresh for every export: the same person gets an unrelated id next time. */
  studyId: string;
  /** At the export day, by birth year only (the shared rule of src/core/contacts/schema.ts). */
  ageBand: z.infer<typeof AgeBand>;
  sexAtBirth: SexAtBirth | 'unknown';
  /** A gender-identity code, or '*' when withheld. */
  genderIdentity: string;
  /** Sorted codes joined with '+', 'none', or 'any' when generalised. */
  keyPopulations: string;
  /** A province id, a region ('north', 'central', 'south'), or '*'. */
  place: string;
  /** Sorted by month, then kind. */
  facts: { kind: string; month: string }[];
}

export type GeneralisedField = 'place' | 'keyPopulations' | 'genderIdentity';

export interface ResearchReport {
  /** Clients whose latest research decision is "given". */
  consented: number;
  excludedNoConsent: number;
  /** Rows in the extract that had this field generalised (a row may count under several fields). */
  generalised: Record<GeneralisedField, number>;
  /** Consented clients left out because even fully generalised they were fewer than k alike. */
  suppressed: number;
  k: number;
  /** Equivalence classes (distinct quasi-identifier combinations) in the extract. */
  classes: number;
}

export interface ResearchExtract {
  rows: ResearchRow[];
  report: ResearchReport;
}

export interface DeidentifyOptions {
  /** The export's calendar day ('YYYY-MM-DD'): ages are reckoned in its year. */
  exportDay: string;
  /** Cryptographic random bytes: `randomBytes` from node:crypto, or `crypto.getRandomValues`. */
  randomBytes: (n: number) => Uint8Array;
  /** At least 5 (issue #6). Default 5. */
  k?: number;
}

/** 10 bytes = 80 bits, written as 16 characters of Crockford base 32. */
export const STUDY_ID_BYTES = 10;

type Quasi = Pick<ResearchRow, 'ageBand' | 'sexAtBirth' | 'genderIdentity' | 'keyPopulations' | 'place'>;

/**
 * Each step widens one quasi-identifier of the records still in a class smaller than k. The order
 * keeps what evaluations most need for longest: place first (a province with a small programme is
 * the sharpest identifier, and region still supports regional comparisons), then the key-population
 * combination (64 possible sets, most of them rare), then gender identity (trans and non-binary
 * clients are few per province), and place last of all. Age band and sex at birth are never
 * widened: they are the disaggregations every indicator needs, so a person who is still unique
 * after all four steps is suppressed instead.
 */
export const GENERALISATION_LADDER: readonly { field: GeneralisedField; widen: (q: Quasi) => Quasi }[] = [
  { field: 'place', widen: (q) => ({ ...q, place: regionOf(q.place) ?? WITHHELD }) },
  { field: 'keyPopulations', widen: (q) => ({ ...q, keyPopulations: q.keyPopulations === 'none' ? 'none' : 'any' }) },
  { field: 'genderIdentity', widen: (q) => ({ ...q, genderIdentity: WITHHELD }) },
  { field: 'place', widen: (q) => ({ ...q, place: WITHHELD }) },
];

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const FACT_KIND = /^[a-z0-9_:.-]{1,64}$/;

/** The equivalence-class key of a row: its quasi-identifiers, in a fixed order. */
export function quasiIdentifierKey(q: Quasi): string {
  return JSON.stringify([q.ageBand, q.sexAtBirth, q.genderIdentity, q.keyPopulations, q.place]);
}

function hasResearchConsent(client: ResearchSourceClient): boolean {
  let given = false;
  for (const c of client.consents) if (c.kind === 'research') given = c.given;
  return given;
}

function studyId(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(STUDY_ID_BYTES);
  if (bytes.length < STUDY_ID_BYTES) throw new RangeError(`A study id needs ${STUDY_ID_BYTES} random bytes`);
  let bits = 0;
  let value = 0;
  let id = '';
  for (let i = 0; i < STUDY_ID_BYTES; i++) {
    value = (value << 8) | bytes[i]!;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      id += REFERRAL_CODE_ALPHABET[(value >> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  return id;
}

function quasiOf(client: ResearchSourceClient, exportDay: string): Quasi {
  const kps = [...new Set(client.keyPopulations)].sort();
  return {
    ageBand: ageBand(client.birthYear, new Date(`${exportDay}T12:00:00Z`)),
    sexAtBirth: client.sexAtBirth ?? 'unknown',
    genderIdentity: client.genderIdentity,
    keyPopulations: kps.length === 0 ? 'none' : kps.join('+'),
    place: client.provinceId,
  };
}

function factsOf(client: ResearchSourceClient): ResearchRow['facts'] {
  return client.facts
    .map((f) => {
      if (!FACT_KIND.test(f.kind)) throw new RangeError(`A fact kind must be a code, not text: ${JSON.stringify(f.kind.slice(0, 20))}`);
      if (!DAY.test(f.day)) throw new RangeError(`A fact day must be YYYY-MM-DD: ${JSON.stringify(f.day.slice(0, 20))}`);
      return { kind: f.kind, month: f.day.slice(0, 7) };
    })
    .sort((a, b) => (a.month === b.month ? (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) : a.month < b.month ? -1 : 1));
}

function classSizes(quasis: readonly Quasi[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const q of quasis) {
    const key = quasiIdentifierKey(q);
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return sizes;
}

/**
 * The research extract of `clients` on `exportDay`. Rows come sorted by study id, which is random,
 * so their order says nothing about the order of registration. Throws a RangeError for k < 5, a
 * fact kind that is not a code, a day that is not YYYY-MM-DD, or a random source that repeats
 * itself.
 */
export function deidentify(clients: readonly ResearchSourceClient[], options: DeidentifyOptions): ResearchExtract {
  const k = options.k ?? 5;
  if (!Number.isInteger(k) || k < 5) throw new RangeError(`k must be an integer of at least 5, not ${k}`);
  if (!DAY.test(options.exportDay)) throw new RangeError(`The export day must be YYYY-MM-DD: ${options.exportDay}`);

  const consenting = clients.filter(hasResearchConsent);
  let quasis = consenting.map((c) => quasiOf(c, options.exportDay));
  const widened = consenting.map(() => new Set<GeneralisedField>());

  for (const step of GENERALISATION_LADDER) {
    const sizes = classSizes(quasis);
    quasis = quasis.map((q, i) => {
      if (sizes.get(quasiIdentifierKey(q))! >= k) return q;
      const wider = step.widen(q);
      if (quasiIdentifierKey(wider) !== quasiIdentifierKey(q)) widened[i]!.add(step.field);
      return wider;
    });
  }

  // Classes are disjoint, so removing a class too small never shrinks another.
  const sizes = classSizes(quasis);
  const seen = new Set<string>();
  const rows: ResearchRow[] = [];
  const generalised: Record<GeneralisedField, number> = { place: 0, keyPopulations: 0, genderIdentity: 0 };
  consenting.forEach((client, i) => {
    const q = quasis[i]!;
    if (sizes.get(quasiIdentifierKey(q))! < k) return;
    for (const field of widened[i]!) generalised[field]++;
    let id = studyId(options.randomBytes);
    if (seen.has(id)) id = studyId(options.randomBytes);
    if (seen.has(id)) throw new RangeError('The random source repeats itself; study ids would collide');
    seen.add(id);
    rows.push({ studyId: id, ...q, facts: factsOf(client) });
  });
  rows.sort((a, b) => (a.studyId < b.studyId ? -1 : 1));

  return {
    rows,
    report: {
      consented: consenting.length,
      excludedNoConsent: clients.length - consenting.length,
      generalised,
      suppressed: consenting.length - rows.length,
      k,
      classes: new Set(rows.map(quasiIdentifierKey)).size,
    },
  };
}
