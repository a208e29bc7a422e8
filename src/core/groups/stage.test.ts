import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordStageOfChangeArgs, STAGE_LABELS, STAGES, StageObservation, stageMovement, stageTimeline, type Stage } from './stage.ts';

const CLIENT = '0190a000-0000-7000-8000-000000000001';
const OTHER = '0190a000-0000-7000-8000-000000000002';
const TZ = 'Asia/Ho_Chi_Minh';

let n = 0;
function obs(at: string, stage: Stage, over: Partial<StageObservation> = {}): StageObservation {
  n += 1;
  return { clientId: CLIENT, stage, at, source: 'contact', sourceId: `0190b000-0000-7000-8000-${String(n).padStart(12, '0')}`, ...over };
}

describe('STAGES and labels', () => {
  it('has the five stages of the 1992 model in order, then relapse (a stage of the 1983 study)', () => {
    expect(STAGES).toEqual(['precontemplation', 'contemplation', 'preparation', 'action', 'maintenance', 'relapse']);
  });

  it('names every stage in Vietnamese and English, with a hint a peer worker can read aloud', () => {
    for (const s of STAGES) {
      const l = STAGE_LABELS[s];
      for (const text of [l.vi, l.en, l.hint.vi, l.hint.en]) expect(text.trim().length).toBeGreaterThan(0);
    }
    expect(STAGE_LABELS.precontemplation.vi).toBe('Chưa sẵn sàng');
    expect(STAGE_LABELS.contemplation.vi).toBe('Đang cân nhắc');
    expect(STAGE_LABELS.preparation.vi).toBe('Chuẩn bị');
    expect(STAGE_LABELS.action.vi).toBe('Hành động');
    expect(STAGE_LABELS.maintenance.vi).toBe('Duy trì');
    expect(STAGE_LABELS.relapse.vi).toBe('Quay lại sử dụng');
    expect(new Set(STAGES.map((s) => STAGE_LABELS[s].vi)).size).toBe(STAGES.length);
  });

  it('writes Vietnamese in precomposed Unicode (NFC), as typed on phones', () => {
    for (const s of STAGES) expect(STAGE_LABELS[s].vi).toBe(STAGE_LABELS[s].vi.normalize('NFC'));
  });
});

describe('StageObservation', () => {
  const ok = { clientId: CLIENT, stage: 'contemplation', at: '2026-03-02T09:00:00+07:00', source: 'session', sourceId: OTHER };
  it('takes a stage seen at a contact or a session', () => {
    expect(StageObservation.parse(ok)).toEqual(ok);
    expect(StageObservation.safeParse({ ...ok, source: 'contact' }).success).toBe(true);
  });
  it('refuses an unknown stage or source, a time without offset and extra fields', () => {
    expect(StageObservation.safeParse({ ...ok, stage: 'termination' }).success).toBe(false);
    expect(StageObservation.safeParse({ ...ok, source: 'screening' }).success).toBe(false);
    expect(StageObservation.safeParse({ ...ok, at: '2026-03-02T09:00:00' }).success).toBe(false);
    expect(StageObservation.safeParse({ ...ok, note: 'x' }).success).toBe(false);
  });
});

describe('RecordStageOfChangeArgs', () => {
  const ok = { observationId: '0190c000-0000-7000-8000-000000000001', clientId: CLIENT, stage: 'preparation', at: '2026-03-02T09:00:00+07:00', contactId: OTHER };
  it('takes a stage seen at a contact, or on its own (contactId null)', () => {
    expect(RecordStageOfChangeArgs.parse(ok)).toEqual(ok);
    expect(RecordStageOfChangeArgs.parse({ ...ok, contactId: null }).contactId).toBeNull();
  });
  it('refuses a missing contactId, an unknown stage, a time without offset, bad ids and extra fields', () => {
    const { contactId: _c, ...noContact } = ok;
    expect(RecordStageOfChangeArgs.safeParse(noContact).success).toBe(false);
    expect(RecordStageOfChangeArgs.safeParse({ ...ok, stage: 'termination' }).success).toBe(false);
    expect(RecordStageOfChangeArgs.safeParse({ ...ok, at: '2026-03-02T09:00:00' }).success).toBe(false);
    expect(RecordStageOfChangeArgs.safeParse({ ...ok, clientId: 'A1B2' }).success).toBe(false);
    expect(RecordStageOfChangeArgs.safeParse({ ...ok, note: 'x' }).success).toBe(false);
  });
});

describe('stageTimeline', () => {
  it('orders one client’s observations by time and leaves out other clients', () => {
    const t = stageTimeline(
      [obs('2026-03-10T09:00:00+07:00', 'preparation'), obs('2026-03-01T09:00:00+07:00', 'precontemplation'), obs('2026-03-05T09:00:00+07:00', 'action', { clientId: OTHER }), obs('2026-03-05T09:00:00+07:00', 'contemplation')],
      CLIENT,
      TZ,
    );
    expect(t.map((e) => [e.day, e.stage])).toEqual([
      ['2026-03-01', 'precontemplation'],
      ['2026-03-05', 'contemplation'],
      ['2026-03-10', 'preparation'],
    ]);
  });

  it('keeps the latest observation of a day, the day counted in the organisation’s time zone', () => {
    // 23:30 on 4 March in Hà Nội is 16:30 UTC; 06:00 on 5 March there is 23:00 UTC on the 4th.
    const t = stageTimeline(
      [obs('2026-03-04T16:30:00Z', 'contemplation'), obs('2026-03-04T08:00:00+07:00', 'precontemplation'), obs('2026-03-04T23:00:00Z', 'preparation'), obs('2026-03-05T10:00:00+07:00', 'action')],
      CLIENT,
      TZ,
    );
    expect(t.map((e) => [e.day, e.stage])).toEqual([
      ['2026-03-04', 'contemplation'],
      ['2026-03-05', 'action'],
    ]);
  });

  it('collapses consecutive days of the same stage into the day it was first seen', () => {
    const first = obs('2026-03-01T09:00:00+07:00', 'contemplation', { source: 'session' });
    const t = stageTimeline([first, obs('2026-03-08T09:00:00+07:00', 'contemplation'), obs('2026-03-15T09:00:00+07:00', 'action'), obs('2026-03-22T09:00:00+07:00', 'contemplation')], CLIENT, TZ);
    expect(t.map((e) => e.stage)).toEqual(['contemplation', 'action', 'contemplation']);
    expect(t[0]).toEqual({ day: '2026-03-01', stage: 'contemplation', at: first.at, source: 'session', sourceId: first.sourceId });
  });

  it('breaks a tie at the same instant by the later-made source id (UUIDv7 sort by creation)', () => {
    const a = obs('2026-03-01T09:00:00+07:00', 'contemplation', { sourceId: '0190b000-0000-7000-8000-00000000000a' });
    const b = obs('2026-03-01T02:00:00Z', 'preparation', { sourceId: '0190b000-0000-7000-8000-00000000000b' });
    expect(stageTimeline([b, a], CLIENT, TZ).map((e) => e.stage)).toEqual(['preparation']);
    expect(stageTimeline([a, b], CLIENT, TZ).map((e) => e.stage)).toEqual(['preparation']);
  });

  it('is empty with no observations of the client', () => {
    expect(stageTimeline([], CLIENT, TZ)).toEqual([]);
    expect(stageTimeline([obs('2026-03-01T09:00:00+07:00', 'action', { clientId: OTHER })], CLIENT, TZ)).toEqual([]);
  });

  const arbObs = fc
    .record({ minutes: fc.integer({ min: 0, max: 60 * 24 * 60 }), stage: fc.constantFrom(...STAGES), id: fc.integer({ min: 0, max: 0xffffff }) })
    .map(({ minutes, stage, id }) =>
      obs(new Date(Date.parse('2026-01-01T00:00:00Z') + minutes * 60_000).toISOString(), stage, { sourceId: `0190b000-0000-7000-8000-${id.toString(16).padStart(12, '0')}` }),
    );

  it('property: days strictly increase, no stage follows itself, the last entry is the latest observation, order of input does not matter', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbObs, { selector: (o) => o.sourceId, maxLength: 40 }), fc.integer(), (os, seed) => {
        const t = stageTimeline(os, CLIENT, TZ);
        for (let i = 1; i < t.length; i++) {
          expect(t[i]!.day > t[i - 1]!.day).toBe(true);
          expect(t[i]!.stage).not.toBe(t[i - 1]!.stage);
        }
        if (os.length > 0) {
          const latest = [...os].sort((x, y) => Date.parse(x.at) - Date.parse(y.at) || (x.sourceId < y.sourceId ? -1 : 1)).at(-1)!;
          expect(t.at(-1)!.stage).toBe(latest.stage);
        }
        const shuffled = [...os].sort((x, y) => ((x.sourceId.charCodeAt(30) * seed) % 7) - ((y.sourceId.charCodeAt(30) * seed) % 7));
        expect(stageTimeline(shuffled, CLIENT, TZ)).toEqual(t);
      }),
    );
  });
});

describe('stageMovement', () => {
  const timeline = (...stages: Stage[]) => stages.map((stage, i) => ({ day: `2026-03-${String(i + 1).padStart(2, '0')}`, stage, at: `2026-03-${String(i + 1).padStart(2, '0')}T09:00:00+07:00`, source: 'contact' as const, sourceId: CLIENT }));

  it('is the same with fewer than two entries', () => {
    expect(stageMovement([])).toBe('same');
    expect(stageMovement(timeline('action'))).toBe('same');
  });

  it('compares the first and the latest stage along the five stages', () => {
    expect(stageMovement(timeline('precontemplation', 'contemplation'))).toBe('forward');
    expect(stageMovement(timeline('contemplation', 'maintenance'))).toBe('forward');
    expect(stageMovement(timeline('action', 'contemplation'))).toBe('backward');
    expect(stageMovement(timeline('contemplation', 'action', 'contemplation'))).toBe('same');
  });

  it('says relapse when the latest stage is relapse, whatever came before', () => {
    expect(stageMovement(timeline('precontemplation', 'action', 'relapse'))).toBe('relapse');
    expect(stageMovement(timeline('maintenance', 'relapse'))).toBe('relapse');
    expect(stageMovement(timeline('relapse', 'action', 'relapse'))).toBe('same');
  });

  it('counts recycling out of a relapse as forward, and slipping to not ready as backward', () => {
    expect(stageMovement(timeline('relapse', 'contemplation'))).toBe('forward');
    expect(stageMovement(timeline('relapse', 'action'))).toBe('forward');
    expect(stageMovement(timeline('relapse', 'precontemplation'))).toBe('backward');
  });

  it('property: only the first and the latest entry matter', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STAGES), { minLength: 2, maxLength: 10 }), (stages) => {
        expect(stageMovement(timeline(...stages))).toBe(stageMovement(timeline(stages[0]!, stages.at(-1)!)));
      }),
    );
  });
});
