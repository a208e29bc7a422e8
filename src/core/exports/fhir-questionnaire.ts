import type { Coding, Element, Extension, Questionnaire, QuestionnaireItem, QuestionnaireItemEnableWhen } from '@medplum/fhirtypes';
import { INSTRUMENTS } from '../screening/instruments/index.ts';
import type { Instrument, InstrumentId, InstrumentItem, LocalText, SubstanceOption } from '../screening/types.ts';
import { nameDerivedId } from './fhir-ids.ts';

/**
 * An instrument's definition (`src/core/screening/instruments/`) as a FHIR R4 (4.0.1) Questionnaire,
 * so that whoever receives a QuestionnaireResponse can read what each item asked and what each value
 * meant. Pure; the @medplum/fhirtypes import is for types only.
 *
 * - `url` is the canonical base the responses name (`urn:fieldlab:questionnaire:<instrument>`),
 *   `version` the instrument's version: a response's `questionnaire` is exactly `url|version`.
 * - Vietnamese first (`language: vi`); the English of every text goes along as the R4 translation
 *   extension on the text's primitive (`_text`, `_title`, `_description`).
 * - Items have the linkIds the responses use (`phq9_1`…, `q1`…; the ASSIST a group per substance
 *   with `alcohol.q2`…) and the type the responses' answers have: integer or boolean.
 * - Integer items list their permitted values as `answerOption.valueInteger` (R4 allows answerOption
 *   on integer items, que-5). R4 gives an integer option no label, and no extension of R4 carries
 *   one, so the labels are written into the item's text: "… (0 = Not at all; 1 = Several days; …)".
 *   Changing the answers to codings would break the responses' integers.
 * - Skips (`askedWhen`, `notAskedFor`) are `enableWhen`; Q5 of the ASSIST is left out of tobacco.
 * - `copyright` is the instrument's own licence and source citation, word for word.
 * - `code` is a LOINC panel only where the code was checked: PHQ-9 44249-1 and PHQ-2 55757-9 on
 *   loinc.org; GAD-7 69737-5, the GAD-7 panel as LOINC names it, seen in many FHIR implementations.
 */

export const QUESTIONNAIRE_URL_BASE = 'urn:fieldlab:questionnaire';
const LOINC = 'http://loinc.org';
const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';

/** The canonical URL of an instrument's questionnaire (without the version). */
export const questionnaireUrl = (instrumentId: InstrumentId): string => `${QUESTIONNAIRE_URL_BASE}:${instrumentId}`;

/** The canonical URL of an instrument's questionnaire, with its version, as a response names it. */
export function questionnaireCanonical(instrumentId: InstrumentId, version: string): string {
  return `${questionnaireUrl(instrumentId)}|${version}`;
}

/** The Questionnaire's id: a stable UUIDv8 from its canonical URL and version (RFC 9562 §5.8). */
export function questionnaireId(instrumentId: InstrumentId, version: string): string {
  return nameDerivedId(questionnaireCanonical(instrumentId, version), 'questionnaire');
}

/** LOINC panels of the forms themselves (not of their totals, which `LOINC_TOTALS` in fhir.ts codes). */
export const LOINC_PANELS: Partial<Record<InstrumentId, { code: string; display: string }>> = {
  phq9: { code: '44249-1', display: 'PHQ-9 quick depression assessment panel [Reported.PHQ]' },
  phq2: { code: '55757-9', display: 'Patient Health Questionnaire 2 item (PHQ-2) [Reported]' },
  gad7: { code: '69737-5', display: 'Generalized anxiety disorder 7 item (GAD-7)' },
};

/** The SDS asks about a substance chosen at each screening, which the response does not carry. */
const SDS_SUBSTANCE: LocalText = { vi: '[chất được hỏi]', en: '[the substance asked about]' };

const NOT_VALIDATED: LocalText = {
  vi: 'Bản tiếng Việt là bản dịch của Fieldlab, chưa được thẩm định.',
  en: 'The Vietnamese text is Fieldlab’s own translation, not a validated one.',
};

/** A primitive's extensions: R4 JSON puts them beside it, under `_<name>`. */
type Translated = Element & { extension: Extension[] };
export type FieldlabQuestionnaireItem = Omit<QuestionnaireItem, 'item'> & { _text?: Translated; item?: FieldlabQuestionnaireItem[] };
export type FieldlabQuestionnaire = Omit<Questionnaire, 'item'> & { _title?: Translated; _description?: Translated; item?: FieldlabQuestionnaireItem[] };

const english = (en: string): Translated => ({
  extension: [{ url: TRANSLATION, extension: [{ url: 'lang', valueCode: 'en' }, { url: 'content', valueString: en }] }],
});

/** `{substance}` replaced by its name; mid-sentence the name is a common noun, lower-cased (as the forms show it). */
function withSubstance(text: string, lang: keyof LocalText, substance: LocalText): string {
  const name = substance[lang];
  return text.replace(/(^|.)\{substance\}/g, (_, before: string) => before + (before === '' ? name : name.charAt(0).toLocaleLowerCase(lang) + name.slice(1)));
}

function localText(t: LocalText, substance?: LocalText): LocalText {
  return substance ? { vi: withSubstance(t.vi, 'vi', substance), en: withSubstance(t.en, 'en', substance) } : t;
}

/** A question's text, and for integer choices their values and labels after it. */
function questionText(item: InstrumentItem, substance?: LocalText): LocalText {
  const text = localText(item.text, substance);
  if (item.options.every((o) => typeof o.value === 'boolean')) return text;
  const choices = (lang: keyof LocalText) => item.options.map((o) => `${String(o.value)} = ${o.label[lang]}`).join('; ');
  return { vi: `${text.vi} (${choices('vi')})`, en: `${text.en} (${choices('en')})` };
}

function enableWhen(item: InstrumentItem, prefix: string): Pick<QuestionnaireItem, 'enableWhen' | 'enableBehavior'> {
  if (!item.askedWhen) return {};
  const question = prefix + item.askedWhen.itemId;
  const conditions: QuestionnaireItemEnableWhen[] = item.askedWhen.oneOf.map((v) =>
    typeof v === 'boolean' ? { question, operator: '=', answerBoolean: v } : { question, operator: '=', answerInteger: v },
  );
  return conditions.length > 1 ? { enableWhen: conditions, enableBehavior: 'any' } : { enableWhen: conditions };
}

/** One question; `prefix` is the ASSIST substance's (`alcohol.`), empty elsewhere. */
function questionItem(item: InstrumentItem, prefix = '', substance?: LocalText): FieldlabQuestionnaireItem {
  const text = questionText(item, substance);
  const boolean = item.options.every((o) => typeof o.value === 'boolean');
  const q: FieldlabQuestionnaireItem = { linkId: prefix + item.id, text: text.vi, _text: english(text.en), type: boolean ? 'boolean' : 'integer', ...enableWhen(item, prefix) };
  if (!boolean) q.answerOption = item.options.map((o) => ({ valueInteger: o.value as number }));
  return q;
}

function substanceGroup(substance: SubstanceOption, items: readonly InstrumentItem[]): FieldlabQuestionnaireItem {
  const prefix = `${substance.id}.`;
  return {
    linkId: substance.id,
    text: `${substance.name.vi} (${substance.examples.vi})`,
    _text: english(`${substance.name.en} (${substance.examples.en})`),
    type: 'group',
    item: items.filter((i) => !i.notAskedFor?.includes(substance.id)).map((i) => questionItem(i, prefix, substance.name)),
  };
}

/** The instrument's definition as a Questionnaire (see the module comment). */
export function questionnaireResource(instrument: Instrument): FieldlabQuestionnaire {
  const sdsSubstance = instrument.id === 'sds' ? SDS_SUBSTANCE : undefined;
  const instructions = localText(instrument.instructions, sdsSubstance);
  const items: FieldlabQuestionnaireItem[] = [{ linkId: 'instructions', text: instructions.vi, _text: english(instructions.en), type: 'display' }];
  if (instrument.kind === 'assist') items.push(...instrument.substances.map((s) => substanceGroup(s, instrument.items)));
  else items.push(...(instrument.items as readonly InstrumentItem[]).map((i) => questionItem(i, '', sdsSubstance)));

  const loinc = LOINC_PANELS[instrument.id];
  const q: FieldlabQuestionnaire = {
    resourceType: 'Questionnaire',
    id: questionnaireId(instrument.id, instrument.version),
    language: 'vi',
    url: questionnaireUrl(instrument.id),
    version: instrument.version,
    name: instrument.id.toUpperCase(),
    title: instrument.name.vi,
    _title: english(instrument.name.en),
    status: 'active',
    subjectType: ['Patient'],
  };
  if (!instrument.viReviewed) Object.assign(q, { description: NOT_VALIDATED.vi, _description: english(NOT_VALIDATED.en) });
  q.copyright = `${instrument.licence}\n\n${instrument.source}`;
  if (loinc) q.code = [{ system: LOINC, code: loinc.code, display: loinc.display } satisfies Coding];
  q.item = items;
  return q;
}

/**
 * The Questionnaire of one instrument and version, or null when Fieldlab does not define that
 * version: a screening recorded under another version (an older one, or the '1' of early test and
 * demo data) keeps its canonical, but no Questionnaire claims to say what that version asked.
 */
export function questionnaireFor(instrumentId: InstrumentId, version: string): FieldlabQuestionnaire | null {
  const instrument = (INSTRUMENTS as Partial<Record<string, Instrument>>)[instrumentId];
  return instrument && instrument.version === version ? questionnaireResource(instrument) : null;
}
