import { describe, expect, it } from 'vitest';
import { PARTY_KINDS } from '../training/events.ts';
import { editProblem, splitVisits, statusChangeProblem, visitDays, visitLength, VisitInput, VISITOR_KINDS, VISITOR_KIND_LABELS, ACTIVITIES, ACTIVITY_LABELS } from './schema.ts';

const SITE = '0190a1b2-0000-7000-8000-0000000000a1';
const base = {
  visitorName: 'Mạng lưới Giảm hại Chiang Mai (invented)',
  visitorKind: 'ngo',
  country: 'TH',
  people: 12,
  from: '2026-11-10',
  to: '2026-11-12',
  programme: [
    { day: '2026-11-10', start: '08:30', end: '10:00', activity: 'drop_in', siteId: SITE, staff: 'Chị Hoa (điều phối)' },
    { day: '2026-11-10', start: '14:00', activity: 'contemplation_group' },
    { day: '2026-11-11', start: '19:00', activity: 'outreach', title: 'Đi cùng nhóm tiếp cận buổi tối' },
  ],
};

const messages = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(' | ') ?? '';

describe('VisitInput', () => {
  it('accepts a three-day visit from another country with its programme', () => {
    expect(messages(VisitInput.safeParse(base))).toBe('');
  });

  it('accepts a visit from a Vietnamese province, one day, no programme yet', () => {
    const { country: _c, ...rest } = base;
    expect(VisitInput.safeParse({ ...rest, provinceId: 'hai-phong', from: '2026-11-10', to: '2026-11-10', programme: [] }).success).toBe(true);
  });

  it('asks for exactly one of province and country', () => {
    const { country: _c, ...none } = base;
    expect(messages(VisitInput.safeParse(none))).toMatch(/^provinceId: choose the province or, outside Vietnam, the country/);
    expect(messages(VisitInput.safeParse({ ...base, provinceId: 'ha-noi' }))).toMatch(/one of the two/);
  });

  it('refuses Vietnam as a country, a lower-case code and an unknown province', () => {
    expect(messages(VisitInput.safeParse({ ...base, country: 'VN' }))).toMatch(/choose the province instead/);
    expect(messages(VisitInput.safeParse({ ...base, country: 'th' }))).toMatch(/two-letter country code/);
    const { country: _c, ...rest } = base;
    expect(VisitInput.safeParse({ ...rest, provinceId: 'atlantis' }).success).toBe(false);
  });

  it('keeps visits between 1 and 30 days, the last day not before the first', () => {
    expect(messages(VisitInput.safeParse({ ...base, to: '2026-11-09', programme: [] }))).toMatch(/^to: the last day cannot be before the first/);
    expect(VisitInput.safeParse({ ...base, to: '2026-12-09', programme: [] }).success).toBe(true);
    expect(messages(VisitInput.safeParse({ ...base, to: '2026-12-10', programme: [] }))).toMatch(/^to: a visit lasts at most 30 days/);
  });

  it('counts people from 1 to 500, whole', () => {
    expect(VisitInput.safeParse({ ...base, people: 0 }).success).toBe(false);
    expect(VisitInput.safeParse({ ...base, people: 2.5 }).success).toBe(false);
    expect(VisitInput.safeParse({ ...base, people: 500 }).success).toBe(true);
    expect(VisitInput.safeParse({ ...base, people: 501 }).success).toBe(false);
  });

  it('keeps programme items on the visit’s days, in order, ending after they start', () => {
    const outside = { ...base, programme: [{ day: '2026-11-13', start: '08:00', activity: 'clinic' }] };
    expect(messages(VisitInput.safeParse(outside))).toBe('programme.0.day: choose a day of the visit');
    const backwards = { ...base, programme: [{ day: '2026-11-10', start: '10:00', end: '09:00', activity: 'clinic' }] };
    expect(messages(VisitInput.safeParse(backwards))).toBe('programme.0.end: the end must be after the start');
    const unordered = { ...base, programme: [base.programme[1], base.programme[0]] };
    expect(messages(VisitInput.safeParse(unordered))).toBe('programme.1: put the programme in order of day and start time');
    expect(VisitInput.safeParse({ ...base, programme: [{ ...base.programme[0], start: '8:30' }] }).success).toBe(false);
    expect(VisitInput.safeParse({ ...base, programme: [{ ...base.programme[0], activity: 'sightseeing' }] }).success).toBe(false);
  });

  it('refuses fields it does not know (a visitor’s passport number cannot slip in)', () => {
    expect(VisitInput.safeParse({ ...base, passport: 'X123' }).success).toBe(false);
  });
});

describe('visit days', () => {
  it('counts both ends and crosses months and leap days', () => {
    expect(visitLength('2026-11-10', '2026-11-10')).toBe(1);
    expect(visitLength('2026-11-29', '2026-12-02')).toBe(4);
    expect(visitDays('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(visitDays('2026-11-10', '2026-11-09')).toEqual([]);
  });
});

describe('labels', () => {
  it('reuse the event party kinds and name every kind and activity in both languages', () => {
    expect(VISITOR_KINDS).toBe(PARTY_KINDS);
    for (const k of VISITOR_KINDS) expect(VISITOR_KIND_LABELS[k].vi && VISITOR_KIND_LABELS[k].en).toBeTruthy();
    for (const a of ACTIVITIES) expect(ACTIVITY_LABELS[a].vi && ACTIVITY_LABELS[a].en).toBeTruthy();
  });
});

describe('status changes', () => {
  const planned = { status: 'planned' as const, from: '2026-11-10', feedbackCount: 0 };
  it('marks a visit done from its first day on, not before', () => {
    expect(statusChangeProblem(planned, 'done', '2026-11-09')).toBe('VISIT_NOT_STARTED');
    expect(statusChangeProblem(planned, 'done', '2026-11-10')).toBeNull();
  });
  it('cancels a planned visit, plans a cancelled one again, never cancels one that took place', () => {
    expect(statusChangeProblem(planned, 'cancelled', '2026-11-01')).toBeNull();
    expect(statusChangeProblem({ ...planned, status: 'cancelled' }, 'planned', '2026-11-01')).toBeNull();
    expect(statusChangeProblem({ ...planned, status: 'cancelled' }, 'done', '2026-11-20')).toBe('VISIT_CANCELLED');
    expect(statusChangeProblem({ ...planned, status: 'done' }, 'cancelled', '2026-11-20')).toBe('VISIT_DONE_CANNOT_CANCEL');
  });
  it('takes back "done" only while no feedback hangs on it', () => {
    expect(statusChangeProblem({ ...planned, status: 'done' }, 'planned', '2026-11-20')).toBeNull();
    expect(statusChangeProblem({ ...planned, status: 'done', feedbackCount: 1 }, 'planned', '2026-11-20')).toBe('VISIT_HAS_FEEDBACK');
  });
  it('says when nothing would change', () => {
    expect(statusChangeProblem(planned, 'planned', '2026-11-20')).toBe('VISIT_STATUS_SAME');
  });
  it('does not let an edit move a visit that took place into the future', () => {
    expect(editProblem('done', { from: '2026-11-21' }, '2026-11-20')).toBe('VISIT_NOT_STARTED');
    expect(editProblem('planned', { from: '2026-11-21' }, '2026-11-20')).toBeNull();
    expect(editProblem('done', { from: '2026-11-20' }, '2026-11-20')).toBeNull();
  });
});

describe('splitVisits', () => {
  it('lists planned visits not yet over as upcoming (soonest first), the rest as past (newest first)', () => {
    const v = (id: string, status: 'planned' | 'done' | 'cancelled', from: string, to: string) => ({ id, status, from, to });
    const visits = [v('a', 'planned', '2026-12-01', '2026-12-02'), v('b', 'planned', '2026-11-19', '2026-11-21'), v('c', 'done', '2026-11-01', '2026-11-01'), v('d', 'cancelled', '2026-12-05', '2026-12-05'), v('e', 'planned', '2026-10-01', '2026-10-02')];
    const { upcoming, past } = splitVisits(visits, '2026-11-20');
    expect(upcoming.map((x) => x.id)).toEqual(['b', 'a']);
    expect(past.map((x) => x.id)).toEqual(['d', 'c', 'e']);
  });
});
