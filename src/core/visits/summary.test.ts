import { describe, expect, it } from 'vitest';
import { parsePeriodKey, periodsEndingWith } from '../indicators/periods.ts';
import { organisationKey, summariseVisits, type VisitForSummary } from './summary.ts';

const visit = (id: string, over: Partial<VisitForSummary> = {}): VisitForSummary => ({
  id,
  status: 'done',
  from: '2026-11-10',
  people: 10,
  visitorName: 'Tổ chức A (invented)',
  visitorKind: 'ngo',
  country: 'TH',
  ...over,
});

const november = parsePeriodKey('2026-11')!;
const october = parsePeriodKey('2026-10')!;

describe('summariseVisits', () => {
  it('counts done visits and their visitors in the period of their first day', () => {
    const visits = [
      visit('a'),
      visit('b', { from: '2026-11-30', people: 3, visitorName: 'Đại học B', visitorKind: 'university', country: null, provinceId: 'hai-phong' }),
      // Began in October and ran into November: October's.
      visit('c', { from: '2026-10-30', people: 4 }),
      visit('d', { status: 'planned', people: 50 }),
      visit('e', { status: 'cancelled', people: 50 }),
    ];
    const [oct, nov] = summariseVisits(visits, [], [october, november]);
    expect(nov).toMatchObject({ period: '2026-11', visits: 2, visitors: 13, organisations: 2, feedbackForms: 0 });
    expect(oct).toMatchObject({ period: '2026-10', visits: 1, visitors: 4, organisations: 1 });
    expect(nov!.origins).toEqual([
      { kind: 'country', code: 'TH', visits: 1, visitors: 10 },
      { kind: 'province', code: 'hai-phong', visits: 1, visitors: 3 },
    ]);
    expect(nov!.byKind.find((k) => k.kind === 'university')!.visits).toBe(1);
    expect(nov!.byKind.map((k) => k.kind)).toEqual(['network_org', 'ministry', 'un_agency', 'university', 'ngo', 'other']);
  });

  it('counts an organisation that came twice, however its name was typed, once', () => {
    const visits = [visit('a', { visitorName: 'UNODC' }), visit('b', { visitorName: '  unodc ' }), visit('c', { visitorName: 'Đại học Y'.normalize('NFD') }), visit('d', { visitorName: 'Đại học Y' })];
    expect(summariseVisits(visits, [], [november])[0]).toMatchObject({ visits: 4, organisations: 2 });
    expect(organisationKey('Đại  học Y'.normalize('NFD'))).toBe('đại học y');
  });

  it('adds origins up by place, most visitors first', () => {
    const visits = [visit('a', { country: 'KH', people: 2 }), visit('b', { country: 'LA', people: 5 }), visit('c', { country: 'KH', people: 4 })];
    expect(summariseVisits(visits, [], [november])[0]!.origins).toEqual([
      { kind: 'country', code: 'KH', visits: 2, visitors: 6 },
      { kind: 'country', code: 'LA', visits: 1, visitors: 5 },
    ]);
  });

  it('averages each aspect over the forms that rated it (a group form is one voice), to one decimal', () => {
    const visits = [visit('a'), visit('b', { from: '2026-10-05' }), visit('x', { status: 'planned' })];
    const feedback = [
      { visitId: 'a', ratings: { programme: 5, hosts: 4 } },
      { visitId: 'a', ratings: { programme: 4 } },
      { visitId: 'a', ratings: { programme: 4, usefulness: 3 } },
      { visitId: 'b', ratings: { programme: 1 } },
      { visitId: 'x', ratings: { programme: 1 } },
    ];
    const [oct, nov] = summariseVisits(visits, feedback, [october, november]);
    expect(nov!.feedbackForms).toBe(3);
    expect(nov!.ratings).toEqual([
      { aspect: 'programme', mean: 4.3, responses: 3 },
      { aspect: 'services', mean: null, responses: 0 },
      { aspect: 'hosts', mean: 4, responses: 1 },
      { aspect: 'usefulness', mean: 3, responses: 1 },
    ]);
    expect(oct!.ratings[0]).toEqual({ aspect: 'programme', mean: 1, responses: 1 });
  });

  it('gives every period asked for, empty ones with zeros, in order', () => {
    const periods = periodsEndingWith(november, 12);
    const out = summariseVisits([visit('a')], [], periods);
    expect(out.map((s) => s.period)).toEqual(periods.map((p) => p.key));
    expect(out[0]).toMatchObject({ visits: 0, visitors: 0, organisations: 0, origins: [], feedbackForms: 0 });
    expect(out[11]!.visits).toBe(1);
    const year = summariseVisits([visit('a'), visit('b', { from: '2026-02-01' })], [], [parsePeriodKey('2026')!])[0]!;
    expect(year.visits).toBe(2);
  });
});
