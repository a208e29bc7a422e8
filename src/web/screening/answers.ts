import type { Answers, AssistAnswers, AssistSubstance, Instrument, InstrumentItem } from '../../core/screening/types.ts';

/**
 * The form's side of an instrument: which questions are asked, given the answers so far (the
 * instrument's own `askedWhen` and `notAskedFor` data: C-SSRS q3–q5 after q2, ASSIST after Q1,
 * no Q5 for tobacco), and the answers in the shape `scoreInstrument` takes. No scoring here.
 */
export type AnswerValue = number | boolean;
/** One set of answers by item id (for ASSIST: one per substance). */
export type ItemAnswers = Readonly<Record<string, AnswerValue | undefined>>;

/** Whether an item is asked, following its chain of conditions (a hidden question's answer does not count). */
export function isAsked(items: readonly InstrumentItem[], item: InstrumentItem, answers: ItemAnswers, substance?: AssistSubstance): boolean {
  if (substance && item.notAskedFor?.includes(substance)) return false;
  const when = item.askedWhen;
  if (!when) return true;
  const before = items.find((i) => i.id === when.itemId);
  if (!before || !isAsked(items, before, answers, substance)) return false;
  const value = answers[when.itemId];
  return value !== undefined && when.oneOf.includes(value);
}

export function askedItems(items: readonly InstrumentItem[], answers: ItemAnswers, substance?: AssistSubstance): InstrumentItem[] {
  return items.filter((item) => isAsked(items, item, answers, substance));
}

/** Only the answers to questions still asked (an answer changed upstream can hide later ones). */
function keepAsked(items: readonly InstrumentItem[], answers: ItemAnswers, substance?: AssistSubstance): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const item of askedItems(items, answers, substance)) {
    const value = answers[item.id];
    if (value !== undefined) out[item.id] = value;
  }
  return out;
}

export interface FormAnswers {
  /** Scales and C-SSRS: by item id. */
  items: ItemAnswers;
  /** ASSIST: by substance, then item id. */
  assist: Partial<Record<AssistSubstance, ItemAnswers>>;
}

export const emptyAnswers = (): FormAnswers => ({ items: {}, assist: {} });

/** How many of the questions asked are answered; ASSIST counts Q1 of every substance and the rest of those used. */
export function progress(instrument: Instrument, a: FormAnswers): { answered: number; asked: number } {
  let answered = 0;
  let asked = 0;
  const count = (items: readonly InstrumentItem[], answers: ItemAnswers, substance?: AssistSubstance) => {
    for (const item of askedItems(items, answers, substance)) {
      asked += 1;
      if (answers[item.id] !== undefined) answered += 1;
    }
  };
  if (instrument.kind === 'assist') for (const s of instrument.substances) count(instrument.items, a.assist[s.id] ?? {}, s.id);
  else count(instrument.items, a.items);
  return { answered, asked };
}

/** The answers as `scoreInstrument` and `recordScreening` take them; unanswered questions stay missing. */
export function toAnswers(instrument: Instrument, a: FormAnswers): Answers {
  switch (instrument.kind) {
    case 'scale':
      return instrument.items.map((item) => {
        const value = a.items[item.id];
        return typeof value === 'number' ? value : null;
      });
    case 'cssrs': {
      const kept = keepAsked(instrument.items, a.items);
      const out: Record<string, boolean | null> = {};
      for (const item of askedItems(instrument.items, a.items)) out[item.id] = typeof kept[item.id] === 'boolean' ? (kept[item.id] as boolean) : null;
      return out as unknown as Answers;
    }
    case 'assist': {
      const out: AssistAnswers = {};
      for (const s of instrument.substances) {
        const answers = a.assist[s.id];
        if (!answers || answers.q1 === undefined) continue;
        out[s.id] = keepAsked(instrument.items, answers, s.id) as unknown as AssistAnswers[AssistSubstance];
      }
      return out;
    }
  }
}

/** The value of the item at `index` among a scale's answers, for PHQ-9 item 9 and the like. */
export function itemValue(answers: unknown, index: number): number | null {
  return Array.isArray(answers) && typeof answers[index] === 'number' ? (answers[index] as number) : null;
}
