import type { Extension, Questionnaire, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { fhirIssues } from '../../../test/helpers/fhir.ts';
import { INSTRUMENTS } from '../screening/instruments/index.ts';
import { scoreInstrument } from '../screening/score.ts';
import { ASSIST_SUBSTANCES, type Instrument, type InstrumentId } from '../screening/types.ts';
import { questionnaireResponseResource, type FhirScreeningInput } from './fhir.ts';
import { questionnaireFor, questionnaireId, questionnaireResource, type FieldlabQuestionnaireItem } from './fhir-questionnaire.ts';

const CLIENT = '01930000-0000-7000-8000-0000000000c1';
const AT = '2026-03-04T05:06:07.000Z';
const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';
const ALL = Object.values(INSTRUMENTS) as Instrument[];

let n = 0x900;
const id = () => `01930000-0000-7000-8000-${(n++).toString(16).padStart(12, '0')}`;

function screening(instrumentId: InstrumentId, answers: unknown, instrumentVersion: string = INSTRUMENTS[instrumentId].version): FhirScreeningInput {
  const score = scoreInstrument(instrumentId, answers);
  return { id: id(), clientId: CLIENT, instrumentId, instrumentVersion, at: AT, answers, complete: score.complete, total: score.total ?? null, band: score.band ?? null, subscores: score.subscores ?? null, flags: score.flags };
}

/** Answers that ask every question the instrument can ask: the last choice of each scale item; yes to everything; every substance used daily. */
function fullAnswers(instrument: Instrument): unknown {
  if (instrument.kind === 'scale') return instrument.items.map((i) => i.options.at(-1)!.value);
  if (instrument.kind === 'cssrs') return Object.fromEntries(instrument.items.map((i) => [i.id, true]));
  // Yes to Q1, daily use, and a Q8 code of injecting: every question asked.
  const daily = Object.fromEntries(instrument.items.map((i) => [i.id, i.id === 'q1' ? true : i.options.at(i.id === 'q8' ? 1 : -1)!.value]));
  return Object.fromEntries(ASSIST_SUBSTANCES.map((s) => [s, s === 'tobacco' ? { ...daily, q5: null } : daily]));
}

/** Every item of a questionnaire by linkId, nested ones included. */
function byLinkId(items: readonly FieldlabQuestionnaireItem[] | undefined, into = new Map<string, FieldlabQuestionnaireItem>()): Map<string, FieldlabQuestionnaireItem> {
  for (const item of items ?? []) {
    into.set(item.linkId, item);
    byLinkId(item.item, into);
  }
  return into;
}

const translationOf = (e: { extension?: Extension[] } | undefined) => {
  const t = e?.extension?.find((x) => x.url === TRANSLATION);
  return { lang: t?.extension?.find((x) => x.url === 'lang')?.valueCode, content: t?.extension?.find((x) => x.url === 'content')?.valueString };
};

describe('questionnaireResource', () => {
  it.each(ALL.map((i) => [i.id, i] as const))('%s: a valid R4 Questionnaire, canonical as its responses name it, Vietnamese with English translations', (instrumentId, instrument) => {
    const q = questionnaireResource(instrument);
    expect(fhirIssues(q as Questionnaire)).toEqual([]);
    expect(q).toMatchObject({ resourceType: 'Questionnaire', language: 'vi', url: `urn:fieldlab:questionnaire:${instrumentId}`, version: instrument.version, status: 'active', subjectType: ['Patient'] });
    expect(q.name).toMatch(/^[A-Z][A-Za-z0-9_]{0,254}$/);
    expect(q.title).toBe(instrument.name.vi);
    expect(translationOf(q._title)).toEqual({ lang: 'en', content: instrument.name.en });
    expect(q.id).toBe(questionnaireId(instrumentId, instrument.version));
    // Every item's text is in Vietnamese, with its English as the R4 translation extension.
    for (const item of byLinkId(q.item).values()) {
      expect(item.text, item.linkId).toBeTruthy();
      expect(translationOf(item._text).lang, item.linkId).toBe('en');
      expect(translationOf(item._text).content, item.linkId).toBeTruthy();
    }
    // The instrument's own licence and source, word for word, and nothing else.
    expect(q.copyright).toBe(`${instrument.licence}\n\n${instrument.source}`);
  });

  it.each(ALL.map((i) => [i.id, i] as const))('%s: every answer of a full response has its item, of the type the answer is, with the value among its options', (instrumentId, instrument) => {
    const q = questionnaireResource(instrument);
    const items = byLinkId(q.item);
    const qr = questionnaireResponseResource(screening(instrumentId, fullAnswers(instrument)));
    expect(qr.questionnaire).toBe(`${q.url}|${q.version}`);
    const answered = new Set<string>();
    const walk = (rs: readonly QuestionnaireResponseItem[] | undefined) => {
      for (const r of rs ?? []) {
        const item = items.get(r.linkId);
        expect(item, r.linkId).toBeDefined();
        answered.add(r.linkId);
        if (r.item) expect(item!.type, r.linkId).toBe('group');
        for (const a of r.answer ?? []) {
          if (a.valueBoolean !== undefined) expect(item!.type, r.linkId).toBe('boolean');
          else {
            expect(item!.type, r.linkId).toBe('integer');
            expect(item!.answerOption!.map((o) => o.valueInteger), r.linkId).toContain(a.valueInteger);
          }
        }
        walk(r.item);
      }
    };
    walk(qr.item);
    // …and the full response reaches every question and group the questionnaire has.
    const questions = [...items.values()].filter((i) => i.type !== 'display').map((i) => i.linkId);
    expect([...answered].sort()).toEqual(questions.sort());
  });

  it('PHQ-9: integer items with the published values as options, their labels in the item text; the instructions first', () => {
    const q = questionnaireResource(INSTRUMENTS.phq9);
    expect(q.item![0]).toMatchObject({ linkId: 'instructions', type: 'display', text: INSTRUMENTS.phq9.instructions.vi });
    const first = byLinkId(q.item).get('phq9_1')!;
    expect(first.type).toBe('integer');
    expect(first.answerOption).toEqual([0, 1, 2, 3].map((v) => ({ valueInteger: v })));
    expect(first.text).toBe('Ít hứng thú hoặc không thấy vui khi làm việc gì (0 = Không ngày nào; 1 = Vài ngày; 2 = Hơn một nửa số ngày; 3 = Gần như mỗi ngày)');
    expect(translationOf(first._text).content).toBe('Little interest or pleasure in doing things (0 = Not at all; 1 = Several days; 2 = More than half the days; 3 = Nearly every day)');
    expect(first.required).toBeUndefined();
  });

  it('LOINC panel codes only where checked: PHQ-9 44249-1, PHQ-2 55757-9, GAD-7 69737-5', () => {
    const codes = Object.fromEntries(ALL.map((i) => [i.id, questionnaireResource(i).code?.map((c) => `${c.system}|${c.code}`)]));
    expect(codes).toEqual({
      phq9: ['http://loinc.org|44249-1'],
      phq2: ['http://loinc.org|55757-9'],
      gad7: ['http://loinc.org|69737-5'],
      gad2: undefined,
      k10: undefined,
      k6: undefined,
      assist: undefined,
      sds: undefined,
      cssrs: undefined,
    });
  });

  it('C-SSRS: yes/no items, questions 3–5 enabled by a yes to 2, "within the past 3 months" by a yes to 6; the Columbia copyright', () => {
    const q = questionnaireResource(INSTRUMENTS.cssrs);
    const items = byLinkId(q.item);
    expect([...items.keys()]).toEqual(['instructions', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q6Recent']);
    expect(items.get('q1')).not.toHaveProperty('answerOption');
    expect(items.get('q1')!.type).toBe('boolean');
    for (const k of ['q3', 'q4', 'q5']) expect(items.get(k)!.enableWhen).toEqual([{ question: 'q2', operator: '=', answerBoolean: true }]);
    expect(items.get('q6Recent')!.enableWhen).toEqual([{ question: 'q6', operator: '=', answerBoolean: true }]);
    expect(q.copyright).toContain('© The Research Foundation for Mental Hygiene, Inc.');
  });

  it('ASSIST: a group per substance named with its examples, the substance in each question, the published weights as options, the skips as enableWhen', () => {
    const q = questionnaireResource(INSTRUMENTS.assist);
    expect(q.item!.map((i) => i.linkId)).toEqual(['instructions', ...ASSIST_SUBSTANCES]);
    const alcohol = q.item!.find((i) => i.linkId === 'alcohol')!;
    expect(alcohol).toMatchObject({ type: 'group', text: 'Đồ uống có cồn (bia, rượu vang, rượu mạnh…)' });
    expect(translationOf(alcohol._text).content).toBe('Alcoholic beverages (beer, wine, spirits, etc.)');
    const items = byLinkId(alcohol.item);
    expect([...items.keys()]).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'].map((k) => `alcohol.${k}`));
    expect(items.get('alcohol.q1')!.type).toBe('boolean');
    expect(translationOf(items.get('alcohol.q1')!._text).content).toBe('In your life, have you ever used alcoholic beverages? (non-medical use only)');
    expect(items.get('alcohol.q2')!.answerOption!.map((o) => o.valueInteger)).toEqual([0, 2, 3, 4, 6]);
    expect(items.get('alcohol.q2')!.enableWhen).toEqual([{ question: 'alcohol.q1', operator: '=', answerBoolean: true }]);
    expect(items.get('alcohol.q3')).toMatchObject({
      enableWhen: [2, 3, 4, 6].map((v) => ({ question: 'alcohol.q2', operator: '=', answerInteger: v })),
      enableBehavior: 'any',
    });
    expect(items.get('alcohol.q6')!.answerOption!.map((o) => o.valueInteger)).toEqual([0, 6, 3]);
    // Q5 is never asked about tobacco.
    const tobacco = byLinkId(q.item!.find((i) => i.linkId === 'tobacco')!.item);
    expect(tobacco.has('tobacco.q5')).toBe(false);
    expect(q.copyright).toContain('© World Health Organization 2010');
  });

  it('SDS: the substance is chosen at each screening, so its questions name it by a placeholder', () => {
    const q = questionnaireResource(INSTRUMENTS.sds);
    const first = byLinkId(q.item).get('sds_1')!;
    expect(first.text).toMatch(/^Bạn có bao giờ nghĩ rằng việc sử dụng \[chất được hỏi\] của mình/);
    expect(translationOf(first._text).content).toMatch(/^Did you ever think your use of \[the substance asked about\] was out of control\?/);
    expect(JSON.stringify(q)).not.toContain('{substance}');
  });

  it('the Vietnamese is flagged as Fieldlab’s own, not validated, translation', () => {
    for (const i of ALL) {
      const q = questionnaireResource(i);
      expect(q.description).toBe('Bản tiếng Việt là bản dịch của Fieldlab, chưa được thẩm định.');
      expect(translationOf(q._description).content).toBe('The Vietnamese text is Fieldlab’s own translation, not a validated one.');
    }
  });
});

describe('questionnaireId and questionnaireFor', () => {
  it('the id is a stable UUIDv8 from the canonical URL and version, different per instrument and version', () => {
    const a = questionnaireId('phq9', '2001.1');
    expect(a).toBe(questionnaireId('phq9', '2001.1'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = new Set([a, questionnaireId('phq9', '2001.2'), questionnaireId('phq2', '2001.1'), ...ALL.map((i) => questionnaireId(i.id, i.version))]);
    expect(ids.size).toBe(ALL.length + 2);
  });

  it('answers for the versions Fieldlab defines, and null for any other: it never claims an old version’s items', () => {
    expect(questionnaireFor('gad7', INSTRUMENTS.gad7.version)).toEqual(questionnaireResource(INSTRUMENTS.gad7));
    expect(questionnaireFor('gad7', '1')).toBeNull();
    expect(questionnaireFor('nope' as InstrumentId, '1')).toBeNull();
  });

  it('the validator is really checking: an option on a yes/no item (que-5), an empty group (que-1), a malformed translation', () => {
    const q = questionnaireResource(INSTRUMENTS.cssrs);
    const withItem = (item: object) => ({ ...q, item: [item] }) as unknown as Questionnaire;
    const errors = (r: Questionnaire) => fhirIssues(r).filter((i) => i.severity === 'error').map((i) => i.details?.text ?? '');
    expect(errors(withItem({ linkId: 'a', type: 'boolean', text: 'x', answerOption: [{ valueInteger: 1 }] }))).toEqual([expect.stringContaining('que-5')]);
    expect(errors(withItem({ linkId: 'a', type: 'group', text: 'x' }))).toEqual([expect.stringContaining('que-1')]);
    expect(errors(withItem({ linkId: 'a', type: 'boolean', text: 'x', _text: { lang: 'en' } })).length).toBeGreaterThan(0);
  });
});
