import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSTRUMENTS } from '../screening/instruments/index.ts';
import { scoreInstrument } from '../screening/score.ts';
import { bandSeverity, computeOutcomes, EXPOSURES, OUTCOME_INSTRUMENTS, presentOutcomes, type OutcomeClient, type OutcomeScreening } from './outcomes.ts';

const phq9 = (at: string, total: number): OutcomeScreening => ({ at, total, band: INSTRUMENTS.phq9.bands.find((b) => b.min <= total && total <= b.max)!.id });
const client = (over: Partial<OutcomeClient> = {}): OutcomeClient => ({ screenings: [], motivationalContacts: [], referrals: [], groupSessions: [], ...over });
const split = (o: ReturnType<typeof computeOutcomes>, e: string) => o.exposures.find((x) => x.exposure === e)!;

describe('bandSeverity', () => {
  it('is the band’s position in the instrument’s published order, least severe first', () => {
    expect(INSTRUMENTS.phq9.bands.map((b) => bandSeverity('phq9', b.id, b.min))).toEqual([0, 1, 2, 3, 4]);
    expect(bandSeverity('phq9', 'minimal', 0)).toBeLessThan(bandSeverity('phq9', 'severe', 27));
  });

  it('falls back on the total when a stored band is not in the list', () => {
    expect(bandSeverity('phq9', 'retired-band', 12)).toBe(2);
  });

  it('agrees with scoring: on every scale instrument a higher total never has a less severe band', () => {
    for (const id of OUTCOME_INSTRUMENTS) {
      const bands = INSTRUMENTS[id].bands;
      for (let i = 1; i < bands.length; i++) expect(bands[i]!.min).toBeGreaterThan(bands[i - 1]!.max);
    }
    const answers = [3, 3, 3, 3, 3, 3, 3, 3, 0];
    const r = scoreInstrument('phq9', answers);
    expect(bandSeverity('phq9', r.band!, r.total!)).toBe(4);
  });
});

describe('computeOutcomes', () => {
  it('compares the first and the latest screening by time, whatever order they come in', () => {
    const o = computeOutcomes('phq9', [client({ screenings: [phq9('2026-05-01T00:00:00Z', 6), phq9('2026-01-01T00:00:00Z', 15), phq9('2026-03-01T00:00:00Z', 20)] })]);
    expect(o.all).toEqual({ n: 1, baselineMean: 15, latestMean: 6, meanChange: -9, improvedShare: 1, worsenedShare: 0 });
  });

  it('leaves out clients screened fewer than twice', () => {
    const o = computeOutcomes('phq9', [client({ screenings: [phq9('2026-01-01T00:00:00Z', 15)] }), client()]);
    expect(o.all).toEqual({ n: 0, baselineMean: null, latestMean: null, meanChange: null, improvedShare: null, worsenedShare: null });
  });

  it('works out means, change and shares of improved and worsened by band', () => {
    const clients = [
      client({ screenings: [phq9('2026-01-01T00:00:00Z', 12), phq9('2026-04-01T00:00:00Z', 4)] }), // moderate → minimal: improved
      client({ screenings: [phq9('2026-01-01T00:00:00Z', 10), phq9('2026-04-01T00:00:00Z', 14)] }), // moderate → moderate: same band
      client({ screenings: [phq9('2026-01-01T00:00:00Z', 5), phq9('2026-04-01T00:00:00Z', 16)] }), // mild → moderately severe: worsened
      client({ screenings: [phq9('2026-01-01T00:00:00Z', 9), phq9('2026-04-01T00:00:00Z', 5)] }), // mild → mild: −4 but no band change
    ];
    const o = computeOutcomes('phq9', clients);
    expect(o.all.n).toBe(4);
    expect(o.all.baselineMean).toBe(9);
    expect(o.all.latestMean).toBe(9.75);
    expect(o.all.meanChange).toBe(0.75);
    expect(o.all.improvedShare).toBe(0.25);
    expect(o.all.worsenedShare).toBe(0.25);
  });

  it('counts motivational conversations and referrals only between baseline and latest, with N as given', () => {
    const s = [phq9('2026-01-10T00:00:00Z', 15), phq9('2026-06-10T00:00:00Z', 8)];
    const inside = ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'];
    const clients = [
      client({ screenings: s, motivationalContacts: inside, referrals: ['2026-02-02T00:00:00Z'] }),
      client({ screenings: s, motivationalContacts: [...inside.slice(0, 2), '2025-12-01T00:00:00Z', '2026-07-01T00:00:00Z'], referrals: ['2026-08-01T00:00:00Z'] }),
    ];
    const o3 = computeOutcomes('phq9', clients);
    expect(split(o3, 'motivational').exposed.n).toBe(1);
    expect(split(o3, 'motivational').notExposed.n).toBe(1);
    expect(split(o3, 'referred').exposed.n).toBe(1);
    const o2 = computeOutcomes('phq9', clients, { minMotivational: 2 });
    expect(split(o2, 'motivational').exposed.n).toBe(2);
    expect(o2.minMotivational).toBe(2);
  });

  it('marks the group split unavailable until group attendance is recorded, and uses it when it is', () => {
    const s = [phq9('2026-01-10T00:00:00Z', 15), phq9('2026-06-10T00:00:00Z', 8)];
    const clients = [client({ screenings: s, groupSessions: ['2026-03-03T11:00:00Z'] }), client({ screenings: s })];
    const off = split(computeOutcomes('phq9', clients), 'group');
    expect(off).toMatchObject({ available: false, exposed: { n: 0 }, notExposed: { n: 0 } });
    const on = split(computeOutcomes('phq9', clients, { groupAvailable: true }), 'group');
    expect(on).toMatchObject({ available: true, exposed: { n: 1 }, notExposed: { n: 1 } });
  });

  it('counts a client exposed to groups only for a session attended between baseline and latest screening, ends included', () => {
    const s = [phq9('2026-01-10T00:00:00Z', 15), phq9('2026-06-10T00:00:00Z', 8)];
    const clients = [
      client({ screenings: s, groupSessions: ['2026-01-10T00:00:00Z'] }),
      client({ screenings: s, groupSessions: ['2026-06-10T00:00:00Z'] }),
      client({ screenings: s, groupSessions: ['2025-12-20T00:00:00Z', '2026-07-01T00:00:00Z'] }),
      client({ screenings: s }),
    ];
    const o = split(computeOutcomes('phq9', clients, { groupAvailable: true }), 'group');
    expect(o).toMatchObject({ available: true, exposed: { n: 2 }, notExposed: { n: 2 } });
  });

  it('refuses an N that is not a whole number of at least 1', () => {
    expect(() => computeOutcomes('phq9', [], { minMotivational: 0 })).toThrow(RangeError);
    expect(() => computeOutcomes('phq9', [], { minMotivational: 2.5 })).toThrow(RangeError);
  });

  it('splits every client into exactly one side of each available exposure (property)', () => {
    const at = fc.integer({ min: 0, max: 365 }).map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString());
    const arbClient = fc.record({
      screenings: fc.array(fc.tuple(at, fc.integer({ min: 0, max: 27 })).map(([a, t]) => phq9(a, t)), { maxLength: 4 }),
      motivationalContacts: fc.array(at, { maxLength: 6 }),
      referrals: fc.array(at, { maxLength: 2 }),
      groupSessions: fc.array(at, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(arbClient, { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), (clients, n) => {
        const o = computeOutcomes('phq9', clients, { minMotivational: n, groupAvailable: true });
        for (const e of o.exposures) {
          expect(e.exposed.n + e.notExposed.n).toBe(o.all.n);
          if (o.all.n > 0) expect((e.exposed.n * (e.exposed.meanChange ?? 0) + e.notExposed.n * (e.notExposed.meanChange ?? 0)) / o.all.n).toBeCloseTo(o.all.meanChange!, 9);
        }
        if (o.all.n > 0) expect(o.all.improvedShare! + o.all.worsenedShare!).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('presentOutcomes', () => {
  const s = (b: number, l: number) => [phq9('2026-01-10T00:00:00Z', b), phq9('2026-06-10T00:00:00Z', l)];
  /** 8 clients: 3 referred (small), 5 not. */
  const eight = [...Array.from({ length: 3 }, () => client({ screenings: s(15, 8), referrals: ['2026-03-01T00:00:00Z'] })), ...Array.from({ length: 5 }, () => client({ screenings: s(12, 12) }))];

  it('shows everything, rounded, when not suppressed (a manager’s own organisation)', () => {
    const p = presentOutcomes(computeOutcomes('phq9', eight), { suppressed: false });
    expect(p.all).toEqual({ n: 8, hidden: null, baselineMean: 13.1, latestMean: 10.5, meanChange: -2.6, improvedShare: 0.375, worsenedShare: 0 });
    expect(p.exposures.find((e) => e.exposure === 'referred')!.exposed).toMatchObject({ n: 3, hidden: null, meanChange: -7 });
  });

  it('hides a group of 1–4 people and, beside it, the other side, when suppressed', () => {
    const p = presentOutcomes(computeOutcomes('phq9', eight), { suppressed: true });
    expect(p.all.n).toBe(8);
    const referred = p.exposures.find((e) => e.exposure === 'referred')!;
    expect(referred.exposed).toEqual({ n: null, hidden: 'small', baselineMean: null, latestMean: null, meanChange: null, improvedShare: null, worsenedShare: null });
    expect(referred.notExposed).toMatchObject({ n: null, hidden: 'complementary', meanChange: null });
  });

  it('shows a zero and the other side in full: a zero tells nothing about anyone', () => {
    const p = presentOutcomes(computeOutcomes('phq9', eight), { suppressed: true });
    const motivational = p.exposures.find((e) => e.exposure === 'motivational')!;
    expect(motivational.exposed).toMatchObject({ n: 0, hidden: null });
    expect(motivational.notExposed).toMatchObject({ n: 8, hidden: null, meanChange: -2.6 });
  });

  it('hides the whole table when fewer than 5 were screened twice', () => {
    const p = presentOutcomes(computeOutcomes('phq9', eight.slice(0, 4)), { suppressed: true });
    expect(p.all.hidden).toBe('small');
    for (const e of p.exposures.filter((x) => x.available)) {
      expect(e.exposed.n).toBeNull();
      expect(e.notExposed.n).toBeNull();
    }
  });

  it('never shows a size between 1 and 4, nor a mean of fewer than 5 people, when suppressed (property)', () => {
    const arb = fc.array(fc.record({ b: fc.integer({ min: 0, max: 27 }), l: fc.integer({ min: 0, max: 27 }), referred: fc.boolean(), talks: fc.integer({ min: 0, max: 5 }) }), { maxLength: 20 });
    fc.assert(
      fc.property(arb, (specs) => {
        const clients = specs.map((x) => client({ screenings: s(x.b, x.l), referrals: x.referred ? ['2026-03-01T00:00:00Z'] : [], motivationalContacts: Array.from({ length: x.talks }, () => '2026-02-01T00:00:00Z') }));
        const p = presentOutcomes(computeOutcomes('phq9', clients), { suppressed: true });
        for (const f of [p.all, ...p.exposures.flatMap((e) => [e.exposed, e.notExposed])]) {
          if (f.n !== null) expect(f.n === 0 || f.n >= 5).toBe(true);
          if (f.n === null) expect(f.meanChange).toBeNull();
        }
        // Each exposure: either both sides shown, or the hidden one cannot be worked out from "all" and the other.
        for (const e of p.exposures) if ((e.exposed.n === null) !== (e.notExposed.n === null)) expect(p.all.n).toBeNull();
      }),
    );
  });

  it('covers every exposure in a fixed order', () => {
    expect(presentOutcomes(computeOutcomes('gad7', []), { suppressed: true }).exposures.map((e) => e.exposure)).toEqual([...EXPOSURES]);
  });
});
