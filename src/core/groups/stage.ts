import { z } from 'zod';
import { dayIn } from '../dates.ts';
import type { LocalText } from '../screening/types.ts';

/**
 * Stage of change per client (issue #7 §1), after the Transtheoretical Model:
 * - Prochaska JO, DiClemente CC (1983). Stages and processes of self-change of smoking: toward an
 *   integrative model of change. J Consult Clin Psychol 51(3):390–395. Five stages were studied:
 *   precontemplation, contemplation, action, maintenance and relapse.
 * - Prochaska JO, DiClemente CC, Norcross JC (1992). In search of how people change: applications
 *   to addictive behaviors. Am Psychol 47(9):1102–1114. Five stages (preparation added between
 *   contemplation and action), and "individuals typically recycle through these stages several
 *   times": relapse is a return to an earlier stage, drawn as a spiral rather than a line.
 *
 * We keep `relapse` as something a worker can record (the 1983 study's fifth stage), because peer
 * workers see it happen and the person's next step (back to contemplation or preparation, or
 * further) is recorded at a later contact. In harm reduction "the change" is the one the client
 * chose: stopping, cutting down or using more safely. The model is not linear, so nothing here
 * treats a move back as an error.
 */
export const STAGES = ['precontemplation', 'contemplation', 'preparation', 'action', 'maintenance', 'relapse'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

/**
 * Plain words for peer workers, not the academic terms ("tiền dự định", "dự định"), with a hint
 * to read to or with the client. Relapse is "Quay lại sử dụng" (went back to using): "tái sử
 * dụng" reads first as "reuse" — the word of "không tái sử dụng bơm kim tiêm" — and "tái nghiện"
 * stigmatises.
 */
export const STAGE_LABELS: Readonly<Record<Stage, LocalText & { hint: LocalText }>> = {
  precontemplation: {
    vi: 'Chưa sẵn sàng',
    en: 'Precontemplation',
    hint: { vi: 'Chưa nghĩ đến việc thay đổi trong thời gian tới', en: 'Not thinking of changing in the foreseeable future' },
  },
  contemplation: {
    vi: 'Đang cân nhắc',
    en: 'Contemplation',
    hint: { vi: 'Thấy có vấn đề và đang nghĩ đến việc thay đổi, nhưng chưa quyết định', en: 'Sees a problem and thinks of changing, but has not decided' },
  },
  preparation: {
    vi: 'Chuẩn bị',
    en: 'Preparation',
    hint: { vi: 'Đã quyết định và định bắt đầu thay đổi trong tháng tới', en: 'Has decided and means to start changing within the next month' },
  },
  action: {
    vi: 'Hành động',
    en: 'Action',
    hint: { vi: 'Đang thay đổi cách sử dụng hoặc thói quen', en: 'Is changing their use or habits' },
  },
  maintenance: {
    vi: 'Duy trì',
    en: 'Maintenance',
    hint: { vi: 'Giữ được thay đổi và phòng tránh quay lại', en: 'Keeps the change up and guards against going back' },
  },
  relapse: {
    vi: 'Quay lại sử dụng',
    en: 'Relapse',
    hint: { vi: 'Đã thay đổi nhưng quay lại như trước; đây là một phần của quá trình', en: 'Had changed but went back; this is part of the process' },
  },
};

/** A stage a worker saw at a contact or a group session; `sourceId` is that contact's or session's id. */
export const StageObservation = z.strictObject({
  clientId: z.uuid(),
  stage: Stage,
  at: z.iso.datetime({ offset: true }),
  source: z.enum(['contact', 'session']),
  sourceId: z.uuid(),
});
export type StageObservation = z.infer<typeof StageObservation>;

/** One step of a client's stage over time: the observation that first showed this stage, on its day. */
export interface StageTimelineEntry {
  day: string;
  stage: Stage;
  at: string;
  source: StageObservation['source'];
  sourceId: string;
}

/** Earlier first; at the same instant the later-made source (UUIDv7 ids sort by creation). */
function byTime(a: StageObservation, b: StageObservation): number {
  return Date.parse(a.at) - Date.parse(b.at) || (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0);
}

/**
 * `clientId`'s stages over time, oldest first. Days are counted in `timeZone` (the
 * organisation's, DESIGN §3). When one day has several observations the latest of the day wins
 * (a group in the morning and a contact at night: the night's is the newer view); then a run of
 * days at the same stage becomes one entry, the day the stage was first seen.
 */
export function stageTimeline(observations: readonly StageObservation[], clientId: string, timeZone: string): StageTimelineEntry[] {
  const latestOfDay = new Map<string, StageObservation>();
  for (const o of observations.filter((x) => x.clientId === clientId).sort(byTime)) latestOfDay.set(dayIn(o.at, timeZone), o);
  const timeline: StageTimelineEntry[] = [];
  for (const [day, o] of latestOfDay) {
    if (timeline.at(-1)?.stage === o.stage) continue;
    timeline.push({ day, stage: o.stage, at: o.at, source: o.source, sourceId: o.sourceId });
  }
  return timeline;
}

export type StageMovement = 'forward' | 'backward' | 'relapse' | 'same';

const ORDER: Readonly<Record<Exclude<Stage, 'relapse'>, number>> = { precontemplation: 0, contemplation: 1, preparation: 2, action: 3, maintenance: 4 };

/**
 * How a client moved between the first and the latest entry of their timeline. A summary, not a
 * path: the model expects people to go back and forth and to recycle after relapse, so what lies
 * between is shown by the timeline itself, never judged here.
 * - latest is relapse: 'relapse' (or 'same' if the first was relapse too);
 * - first is relapse: recycling into contemplation or later is 'forward'; landing in
 *   precontemplation is 'backward' (no longer thinking of change);
 * - otherwise by the order precontemplation < contemplation < preparation < action < maintenance.
 */
export function stageMovement(timeline: readonly Pick<StageTimelineEntry, 'stage'>[]): StageMovement {
  const first = timeline[0]?.stage;
  const latest = timeline.at(-1)?.stage;
  if (first === undefined || latest === undefined || first === latest) return 'same';
  if (latest === 'relapse') return 'relapse';
  if (first === 'relapse') return latest === 'precontemplation' ? 'backward' : 'forward';
  const d = ORDER[latest] - ORDER[first];
  return d > 0 ? 'forward' : d < 0 ? 'backward' : 'same';
}

/**
 * `recordStageOfChange`: appends one stage a worker saw for a client, at a contact
 * (`contactId`, a contact of this client) or on its own (`contactId` null: a phone call, a
 * chat). A session's stages travel inside `recordGroupSession` instead. Append-only, never
 * conflicts (DESIGN §4).
 */
export const RecordStageOfChangeArgs = z.strictObject({
  observationId: z.uuid(),
  clientId: z.uuid(),
  stage: Stage,
  at: z.iso.datetime({ offset: true }),
  contactId: z.uuid().nullable(),
});
export type RecordStageOfChangeArgs = z.infer<typeof RecordStageOfChangeArgs>;
