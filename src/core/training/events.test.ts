import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIn, Event, isUpcoming, Registration, seatsLeft, type AttendanceSheet } from './events.ts';

const base = {
  title: 'Phỏng vấn tạo động lực — khoá cơ bản',
  kind: 'training_course',
  mode: 'in_person',
  cost: { kind: 'free' },
  days: ['2027-03-10', '2027-03-11'],
  venue: 'Trung tâm A (invented)',
  provinceId: 'ha-noi',
  organisers: [{ name: 'Tổ chức A', kind: 'network_org', orgId: '0190a1b2-0000-7000-8000-000000000001' }],
  partners: [{ name: 'Bộ B', kind: 'ministry' }],
  chairs: [{ name: 'Người chủ trì 1' }],
  speakers: [{ name: 'Diễn giả 1', affiliation: 'Trường C' }, { name: 'Diễn giả 2' }],
  agenda: [
    { day: '2027-03-10', start: '08:30', end: '09:00', title: 'Khai mạc' },
    { day: '2027-03-10', start: '09:00', title: 'Bài 1', speakerIndex: 0 },
    { day: '2027-03-11', start: '08:30', title: 'Bài 2', speakerIndex: 1 },
  ],
  capacity: 30,
  materials: [{ title: 'Tài liệu 1', url: 'https://example.org/t1.pdf' }],
};

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message).join(' | ') ?? '';

describe('Event', () => {
  it('accepts a two-day in-person course', () => {
    expect(Event.safeParse(base).success).toBe(true);
  });

  it('accepts an online webinar with a link and no venue', () => {
    const { venue: _v, provinceId: _p, ...rest } = base;
    expect(Event.safeParse({ ...rest, kind: 'webinar', mode: 'online', link: 'https://meet.example.org/abc' }).success).toBe(true);
  });

  it('asks an in-person event for its venue and province, and an online one for its link', () => {
    const { venue: _v, provinceId: _p, ...rest } = base;
    expect(messages(Event.safeParse(rest))).toMatch(/venue.*province|province.*venue/i);
    expect(messages(Event.safeParse({ ...rest, mode: 'online' }))).toMatch(/link/i);
    expect(messages(Event.safeParse({ ...base, mode: 'hybrid' }))).toMatch(/link/i);
    expect(Event.safeParse({ ...base, mode: 'hybrid', link: 'https://meet.example.org/abc' }).success).toBe(true);
  });

  it('says an online event has no venue or province, and an in-person one no link', () => {
    expect(messages(Event.safeParse({ ...base, mode: 'online', link: 'https://meet.example.org/abc' }))).toMatch(/hybrid/i);
    expect(messages(Event.safeParse({ ...base, link: 'https://meet.example.org/abc' }))).toMatch(/hybrid/i);
  });

  it('takes 1 to 14 days, each once and in order', () => {
    expect(Event.safeParse({ ...base, days: [], agenda: [] }).success).toBe(false);
    const fifteen = Array.from({ length: 15 }, (_, i) => `2027-04-${String(i + 1).padStart(2, '0')}`);
    expect(Event.safeParse({ ...base, days: fifteen, agenda: [] }).success).toBe(false);
    expect(Event.safeParse({ ...base, days: fifteen.slice(0, 14), agenda: [] }).success).toBe(true);
    expect(messages(Event.safeParse({ ...base, days: ['2027-03-11', '2027-03-10'], agenda: [] }))).toMatch(/order/i);
    expect(messages(Event.safeParse({ ...base, days: ['2027-03-10', '2027-03-10'], agenda: [] }))).toMatch(/once/i);
    expect(Event.safeParse({ ...base, days: ['2027-02-30'], agenda: [] }).success).toBe(false);
  });

  it('costs nothing, or a positive whole amount in VND or USD minor units', () => {
    expect(Event.safeParse({ ...base, cost: { kind: 'paid', amount: 500000, currency: 'VND' } }).success).toBe(true);
    expect(Event.safeParse({ ...base, cost: { kind: 'paid', amount: 2500, currency: 'USD' } }).success).toBe(true);
    expect(Event.safeParse({ ...base, cost: { kind: 'paid', amount: 12.5, currency: 'USD' } }).success).toBe(false);
    expect(Event.safeParse({ ...base, cost: { kind: 'paid', amount: 0, currency: 'VND' } }).success).toBe(false);
    expect(Event.safeParse({ ...base, cost: { kind: 'paid', amount: 10, currency: 'EUR' } }).success).toBe(false);
  });

  it('keeps agenda items on the event’s days, in order, with an end after the start and a known speaker', () => {
    const with_ = (agenda: unknown[]) => messages(Event.safeParse({ ...base, agenda }));
    expect(with_([{ day: '2027-03-12', start: '08:00', title: 'x' }])).toMatch(/not one of the event’s days/);
    expect(with_([{ day: '2027-03-11', start: '08:00', title: 'x' }, { day: '2027-03-10', start: '09:00', title: 'y' }])).toMatch(/order/i);
    expect(with_([{ day: '2027-03-10', start: '10:00', end: '09:00', title: 'x' }])).toMatch(/end.*after/i);
    expect(with_([{ day: '2027-03-10', start: '10:00', title: 'x', speakerIndex: 2 }])).toMatch(/speaker/i);
    expect(with_([{ day: '2027-03-10', start: '24:00', title: 'x' }])).toMatch(/HH:MM/);
  });

  it('has at least one organiser and a capacity of at least one, or none (null: no limit)', () => {
    expect(Event.safeParse({ ...base, organisers: [] }).success).toBe(false);
    expect(Event.safeParse({ ...base, capacity: 0 }).success).toBe(false);
    expect(Event.safeParse({ ...base, capacity: null }).success).toBe(true);
  });
});

describe('Registration', () => {
  const form = { displayName: 'Bạn A', provinceId: 'hue', consent: true };

  it('needs only the name the person wishes to use, a province or country, and consent', () => {
    expect(Registration.safeParse(form).success).toBe(true);
    expect(Registration.safeParse({ displayName: 'Friend B', country: 'TH', consent: true }).success).toBe(true);
    expect(Registration.safeParse({ ...form, organisation: 'Nhóm D', role: 'đồng đẳng viên', email: 'a@example.org', phone: '+84 000 000 000' }).success).toBe(true);
  });

  it('refuses without consent, saying so', () => {
    expect(messages(Registration.safeParse({ ...form, consent: false }))).toMatch(/consent/i);
    expect(Registration.safeParse({ displayName: 'Bạn A', provinceId: 'hue' }).success).toBe(false);
  });

  it('takes a province or a country, not both and not neither', () => {
    expect(messages(Registration.safeParse({ displayName: 'Bạn A', consent: true }))).toMatch(/province or.*country/i);
    expect(Registration.safeParse({ ...form, country: 'LA' }).success).toBe(false);
    expect(messages(Registration.safeParse({ displayName: 'Bạn A', country: 'VN', consent: true }))).toMatch(/province/i);
  });

  it('keeps nothing else (no date of birth, no ID number)', () => {
    expect(Registration.safeParse({ ...form, dateOfBirth: '1990-01-01' }).success).toBe(false);
  });

  it('refuses a malformed email or phone', () => {
    expect(Registration.safeParse({ ...form, email: 'not-an-email' }).success).toBe(false);
    expect(Registration.safeParse({ ...form, phone: 'call me' }).success).toBe(false);
  });
});

describe('seatsLeft', () => {
  it('counts registrations that are not cancelled, never below zero, null when there is no limit', () => {
    expect(seatsLeft(3, [{ cancelled: false }, { cancelled: true }])).toBe(2);
    expect(seatsLeft(1, [{ cancelled: false }, { cancelled: false }])).toBe(0);
    expect(seatsLeft(null, [{ cancelled: false }])).toBeNull();
  });

  it('is capacity minus active registrations, clamped at zero (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.array(fc.boolean(), { maxLength: 600 }), (cap, cancelled) => {
        const active = cancelled.filter((c) => !c).length;
        expect(seatsLeft(cap, cancelled.map((c) => ({ cancelled: c })))).toBe(Math.max(0, cap - active));
      }),
    );
  });
});

describe('isUpcoming', () => {
  const ev = { days: ['2027-03-10', '2027-03-11'] };
  it('is true until the event’s last day has passed', () => {
    expect(isUpcoming(ev, '2027-03-01')).toBe(true);
    expect(isUpcoming(ev, '2027-03-11')).toBe(true);
    expect(isUpcoming(ev, '2027-03-12')).toBe(false);
  });
});

describe('checkIn', () => {
  const sheet: AttendanceSheet = { days: ['2027-03-10', '2027-03-11'], registrationCodes: ['7KQ2-M9XD', 'AAAA-0000'], present: [] };

  it('records a person present on a day, from the code as typed', () => {
    const r = checkIn(sheet, '7kq2 m9xd', '2027-03-10');
    expect(r).toEqual({ ok: true, alreadyPresent: false, sheet: { ...sheet, present: [{ code: '7KQ2-M9XD', day: '2027-03-10' }] } });
  });

  it('is idempotent per day, and counts each day apart', () => {
    const once = checkIn(sheet, '7KQ2-M9XD', '2027-03-10');
    if (!once.ok) throw new Error('expected ok');
    const twice = checkIn(once.sheet, '7KQ2-M9XD', '2027-03-10');
    expect(twice).toEqual({ ok: true, alreadyPresent: true, sheet: once.sheet });
    const day2 = checkIn(once.sheet, '7KQ2-M9XD', '2027-03-11');
    expect(day2.ok && day2.sheet.present).toHaveLength(2);
  });

  it('refuses a day outside the event, an unknown registration and something that is not a code', () => {
    expect(checkIn(sheet, '7KQ2-M9XD', '2027-03-12')).toMatchObject({ ok: false, problem: { code: 'DAY_NOT_IN_EVENT' } });
    expect(checkIn(sheet, 'ZZZZ-ZZZZ', '2027-03-10')).toMatchObject({ ok: false, problem: { code: 'NOT_REGISTERED' } });
    expect(checkIn(sheet, 'hello', '2027-03-10')).toMatchObject({ ok: false, problem: { code: 'NOT_A_CODE' } });
  });

  it('whatever the order of scans, each (code, day) is present at most once (property)', () => {
    const scan = fc.record({ code: fc.constantFrom('7KQ2-M9XD', '7kq2m9xd', 'AAAA-0000', 'ZZZZ-ZZZZ'), day: fc.constantFrom('2027-03-09', '2027-03-10', '2027-03-11') });
    fc.assert(
      fc.property(fc.array(scan, { maxLength: 30 }), (scans) => {
        let s = sheet;
        for (const { code, day } of scans) {
          const r = checkIn(s, code, day);
          if (r.ok) s = r.sheet;
        }
        const keys = s.present.map((p) => `${p.code}/${p.day}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const p of s.present) {
          expect(sheet.days).toContain(p.day);
          expect(sheet.registrationCodes).toContain(p.code);
        }
      }),
    );
  });
});
