import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.ts';
import { occurrences, Schedule, WEEKDAYS, weekdayOf, type Weekday } from './schedule.ts';

const weekly = (weekday: Weekday, startsOn: string, endsOn: string | null = null): Schedule => ({ repeat: 'weekly', weekday, startsOn, endsOn, time: '18:00' });
const fortnightly = (weekday: Weekday, startsOn: string, endsOn: string | null = null): Schedule => ({ repeat: 'fortnightly', weekday, startsOn, endsOn, time: '18:00' });
const monthly = (dayOfMonth: number, startsOn: string, endsOn: string | null = null): Schedule => ({ repeat: 'monthly', dayOfMonth, startsOn, endsOn, time: '09:30' });

describe('weekdayOf', () => {
  it('names the day of the week of a calendar day', () => {
    expect(weekdayOf('2026-03-02')).toBe('monday');
    expect(weekdayOf('2026-03-08')).toBe('sunday');
    expect(weekdayOf('1969-12-31')).toBe('wednesday');
    expect(weekdayOf('2028-02-29')).toBe('tuesday');
  });
});

describe('Schedule', () => {
  const messageOf = (x: unknown) => {
    const r = Schedule.safeParse(x);
    return r.success ? null : r.error.issues[0]?.message;
  };

  it('takes a one-off meeting and the three repeats', () => {
    expect(Schedule.safeParse({ repeat: 'once', on: '2026-03-14', time: '14:00' }).success).toBe(true);
    expect(Schedule.safeParse(weekly('tuesday', '2026-03-01')).success).toBe(true);
    expect(Schedule.safeParse(fortnightly('friday', '2026-03-01', '2026-06-30')).success).toBe(true);
    expect(Schedule.safeParse(monthly(31, '2026-01-01')).success).toBe(true);
  });

  it('says what to fix', () => {
    expect(messageOf({ ...weekly('tuesday', '2026-03-01'), time: '6pm' })).toBe('Write the time as 18:30 (24-hour clock)');
    expect(messageOf({ ...weekly('tuesday', '2026-03-01'), time: '24:00' })).toBe('Write the time as 18:30 (24-hour clock)');
    expect(messageOf(weekly('tuesday', '2026-03-10', '2026-03-09'))).toBe('The end day must be on or after the start day');
    expect(messageOf(monthly(32, '2026-03-01'))).toBe('Choose a day of the month from 1 to 31');
    expect(messageOf(monthly(0, '2026-03-01'))).toBe('Choose a day of the month from 1 to 31');
    expect(messageOf({ ...weekly('tuesday', '2026-03-01'), weekday: 'tue' })).toBe('Choose the day of the week the group meets');
    expect(messageOf({ ...weekly('tuesday', '2026-03-01'), startsOn: '2026-02-30' })).toBe('Choose the day the group starts');
  });

  it('refuses a weekday on a monthly schedule and a day of the month on a weekly one', () => {
    expect(Schedule.safeParse({ ...monthly(5, '2026-03-01'), weekday: 'monday' }).success).toBe(false);
    expect(Schedule.safeParse({ ...weekly('monday', '2026-03-01'), dayOfMonth: 5 }).success).toBe(false);
  });
});

describe('occurrences', () => {
  it('a one-off meeting: its day when inside the range', () => {
    const once: Schedule = { repeat: 'once', on: '2026-03-14', time: '14:00' };
    expect(occurrences(once, '2026-03-01', '2026-03-31')).toEqual(['2026-03-14']);
    expect(occurrences(once, '2026-03-14', '2026-03-14')).toEqual(['2026-03-14']);
    expect(occurrences(once, '2026-03-15', '2026-03-31')).toEqual([]);
  });

  it('weekly: every such weekday from the start day on, both ends of the range included', () => {
    expect(occurrences(weekly('tuesday', '2026-03-01'), '2026-03-01', '2026-03-31')).toEqual(['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31']);
    expect(occurrences(weekly('tuesday', '2026-03-01'), '2026-02-01', '2026-03-10')).toEqual(['2026-03-03', '2026-03-10']);
    expect(occurrences(weekly('sunday', '2026-12-20'), '2026-12-25', '2027-01-10')).toEqual(['2026-12-27', '2027-01-03', '2027-01-10']);
  });

  it('weekly: stops at the end day, which counts', () => {
    expect(occurrences(weekly('tuesday', '2026-03-01', '2026-03-17'), '2026-03-01', '2026-12-31')).toEqual(['2026-03-03', '2026-03-10', '2026-03-17']);
    expect(occurrences(weekly('tuesday', '2026-03-01', '2026-03-16'), '2026-03-01', '2026-12-31')).toEqual(['2026-03-03', '2026-03-10']);
  });

  it('fortnightly: every other week counted from the first meeting, not from the range asked', () => {
    const s = fortnightly('tuesday', '2026-03-03');
    expect(occurrences(s, '2026-03-01', '2026-04-30')).toEqual(['2026-03-03', '2026-03-17', '2026-03-31', '2026-04-14', '2026-04-28']);
    expect(occurrences(s, '2026-03-10', '2026-04-01')).toEqual(['2026-03-17', '2026-03-31']);
    expect(occurrences(s, '2027-01-01', '2027-01-31')).toEqual(['2027-01-05', '2027-01-19']);
  });

  it('monthly on the 31st: the last day of shorter months (a group "at month end" still meets)', () => {
    expect(occurrences(monthly(31, '2026-01-01'), '2026-01-01', '2026-06-30')).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']);
    expect(occurrences(monthly(31, '2028-01-01'), '2028-02-01', '2028-02-29')).toEqual(['2028-02-29']);
    expect(occurrences(monthly(30, '2026-01-01'), '2026-02-01', '2026-03-31')).toEqual(['2026-02-28', '2026-03-30']);
    expect(occurrences(monthly(29, '2026-01-01'), '2026-02-01', '2026-02-28')).toEqual(['2026-02-28']);
  });

  it('monthly: the first meeting is the first such day on or after the start day', () => {
    expect(occurrences(monthly(5, '2026-03-10'), '2026-03-01', '2026-05-31')).toEqual(['2026-04-05', '2026-05-05']);
    expect(occurrences(monthly(31, '2026-02-15'), '2026-02-01', '2026-03-31')).toEqual(['2026-02-28', '2026-03-31']);
    expect(occurrences(monthly(15, '2026-11-01', '2027-01-14'), '2026-01-01', '2027-12-31')).toEqual(['2026-11-15', '2026-12-15']);
  });

  it('is empty when the range is upside down or before the group starts', () => {
    expect(occurrences(weekly('monday', '2026-03-01'), '2026-03-31', '2026-03-01')).toEqual([]);
    expect(occurrences(monthly(1, '2026-03-01'), '2026-01-01', '2026-02-28')).toEqual([]);
  });

  it('throws a RangeError for a day that is not one (a programming error, not a worker’s)', () => {
    expect(() => occurrences(weekly('monday', '2026-03-01'), '2026-02-30', '2026-03-31')).toThrow(RangeError);
    expect(() => occurrences(weekly('monday', '2026-03-01'), '2026-03-01', '31/03/2026')).toThrow(RangeError);
  });

  const arbDay = fc.integer({ min: 0, max: 365 * 6 }).map((n) => addDays('2024-01-01', n));
  const arbSchedule: fc.Arbitrary<Schedule> = fc.oneof(
    fc.record({ repeat: fc.constant('once' as const), on: arbDay, time: fc.constant('10:00') }),
    fc.record({ repeat: fc.constantFrom('weekly' as const, 'fortnightly' as const), weekday: fc.constantFrom(...WEEKDAYS), startsOn: arbDay, endsOn: fc.option(arbDay), time: fc.constant('18:00') }).map((s) => ({
      ...s,
      endsOn: s.endsOn !== null && s.endsOn < s.startsOn ? s.startsOn : s.endsOn,
    })),
    fc.record({ repeat: fc.constant('monthly' as const), dayOfMonth: fc.integer({ min: 1, max: 31 }), startsOn: arbDay, endsOn: fc.option(arbDay), time: fc.constant('09:30') }).map((s) => ({
      ...s,
      endsOn: s.endsOn !== null && s.endsOn < s.startsOn ? s.startsOn : s.endsOn,
    })),
  );
  const arbRange = fc.tuple(arbDay, fc.integer({ min: 0, max: 400 })).map(([from, len]) => [from, addDays(from, len)] as const);

  it('property: days are within the range and the schedule, strictly increasing, and on the schedule’s weekday or day', () => {
    fc.assert(
      fc.property(arbSchedule, arbRange, (s, [from, to]) => {
        expect(Schedule.safeParse(s).success).toBe(true);
        const days = occurrences(s, from, to);
        for (const d of days) {
          expect(d >= from && d <= to).toBe(true);
          if (s.repeat === 'once') expect(d).toBe(s.on);
          else {
            expect(d >= s.startsOn).toBe(true);
            if (s.endsOn !== null) expect(d <= s.endsOn).toBe(true);
          }
          if (s.repeat === 'weekly' || s.repeat === 'fortnightly') expect(weekdayOf(d)).toBe(s.weekday);
          if (s.repeat === 'monthly') {
            const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
            const lastOfMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
            expect(dd).toBe(Math.min(s.dayOfMonth, lastOfMonth));
          }
        }
        for (let i = 1; i < days.length; i++) {
          expect(days[i]! > days[i - 1]!).toBe(true);
          if (s.repeat === 'weekly') expect(days[i]).toBe(addDays(days[i - 1]!, 7));
          if (s.repeat === 'fortnightly') expect(days[i]).toBe(addDays(days[i - 1]!, 14));
        }
      }),
    );
  });

  it('property: asking for two halves of a range gives the same days as asking for the whole', () => {
    fc.assert(
      fc.property(arbSchedule, arbRange, fc.integer({ min: 0, max: 400 }), (s, [from, to], cut) => {
        const mid = addDays(from, cut);
        if (mid > to) return;
        expect([...occurrences(s, from, mid), ...occurrences(s, addDays(mid, 1), to)]).toEqual(occurrences(s, from, to));
      }),
    );
  });

  it('property: a recurring group with no end meets in every long enough window after its start', () => {
    fc.assert(
      fc.property(arbSchedule, arbDay, (s, from) => {
        if (s.repeat === 'once' || s.endsOn !== null || from < s.startsOn) return;
        const span = s.repeat === 'weekly' ? 6 : s.repeat === 'fortnightly' ? 13 : 31;
        expect(occurrences(s, from, addDays(from, span)).length).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
