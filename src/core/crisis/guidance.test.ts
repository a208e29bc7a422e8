import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSSRS_BANDS } from '../screening/types.ts';
import { classifyCrisis } from './classify.ts';
import { FLAG_PRESENTATIONS, GUIDANCE, GUIDANCE_VERSION, PRESENTATIONS, SOURCE_IDS } from './guidance.ts';
import { CRISIS_LEVELS, RED_FLAGS } from './schema.ts';
import { GuidanceOverride, guidanceSteps, presentationsFor, validateGuidanceOverride } from './steps.ts';

const vietnamese = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;
const allSteps = PRESENTATIONS.flatMap((p) => GUIDANCE.presentations[p].steps.map((s) => ({ ...s, presentation: p })));

describe('GUIDANCE: the data', () => {
  it('has a version the episode can record', () => {
    expect(GUIDANCE.version).toBe(GUIDANCE_VERSION);
    expect(GUIDANCE_VERSION).toMatch(/^\d{4}\.\d{2}-\d+$/);
    expect(GUIDANCE_VERSION.length).toBeLessThanOrEqual(40);
  });

  it('cites every source once, in full, and every presentation cites known sources', () => {
    expect(GUIDANCE.sources.map((s) => s.id)).toEqual([...SOURCE_IDS]);
    for (const s of GUIDANCE.sources) {
      expect(s.citation.length, s.id).toBeGreaterThan(40);
      expect(s.url, s.id).toMatch(/^https:\/\//);
      expect(s.usedFor.length, s.id).toBeGreaterThan(20);
    }
    const cited = new Set(PRESENTATIONS.flatMap((p) => GUIDANCE.presentations[p].sources));
    expect([...cited].every((id) => (SOURCE_IDS as readonly string[]).includes(id))).toBe(true);
    expect(cited).toEqual(new Set(SOURCE_IDS));
    expect(GUIDANCE.sources.map((s) => s.citation).join(' ')).toMatch(/mhGAP Intervention Guide.*version 2\.0.*2016/);
    expect(GUIDANCE.sources.map((s) => s.citation).join(' ')).toContain('786/QĐ-BYT');
  });

  it('has a check question for every red flag, in Vietnamese and English, short enough to read aloud', () => {
    expect(Object.keys(GUIDANCE.checkQuestions)).toEqual([...RED_FLAGS]);
    for (const flag of RED_FLAGS) {
      const q = GUIDANCE.checkQuestions[flag];
      expect(q.vi, flag).toMatch(vietnamese);
      expect(q.vi.endsWith('?'), flag).toBe(true);
      expect(q.en.endsWith('?'), flag).toBe(true);
      expect(q.vi.length, flag).toBeLessThanOrEqual(120);
      expect(q.en.length, flag).toBeLessThanOrEqual(120);
    }
  });

  it.each(PRESENTATIONS)('%s has a title and steps in both languages', (p) => {
    const { title, steps } = GUIDANCE.presentations[p];
    expect(title.vi).toMatch(vietnamese);
    expect(title.en.length).toBeGreaterThan(3);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    for (const s of steps) {
      expect(s.id).toMatch(new RegExp(`^${p}\\.[a-z0-9_]+$`));
      expect(s.id.length).toBeLessThanOrEqual(60); // CloseCrisisEpisodeArgs.steps[].stepId
      expect(s.vi, s.id).toMatch(vietnamese);
      expect(s.vi, s.id).not.toBe(s.en);
      for (const text of [s.vi, s.en]) {
        expect(text.trim(), s.id).toBe(text);
        expect(text.length, s.id).toBeGreaterThan(10);
        expect(text.length, s.id).toBeLessThanOrEqual(200); // short enough to read aloud (overrides may go to 500)
      }
      for (const f of s.onlyIf ?? []) expect(RED_FLAGS).toContain(f);
    }
    // Every presentation has at least one step that always shows.
    expect(steps.some((s) => !s.onlyIf)).toBe(true);
  });

  it('gives every step an id unique across all presentations', () => {
    const ids = allSteps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('maps every red flag to at least one presentation', () => {
    for (const flag of RED_FLAGS) expect(FLAG_PRESENTATIONS[flag].length, flag).toBeGreaterThan(0);
  });

  it('is the guidance docs/crisis-guidance.md describes (version, every step and its text)', () => {
    const doc = readFileSync(new URL('../../../docs/crisis-guidance.md', import.meta.url), 'utf8');
    expect(doc).toContain(`**${GUIDANCE_VERSION}**`);
    for (const s of allSteps) {
      expect(doc, s.id).toContain(`\`${s.id}\``);
      expect(doc, s.id).toContain(s.vi);
      expect(doc, s.id).toContain(s.en);
    }
  });

  it('covers what the issue asks for', () => {
    const en = allSteps.map((s) => s.en.toLowerCase()).join('\n');
    for (const must of ['115', 'address', 'recovery position', 'do not tie up', 'alone', 'quiet', 'water', 'cool', 'trust', 'put away anything they could use', 'slowly'])
      expect(en, must).toContain(must);
  });
});

describe('presentationsFor', () => {
  it('starts an emergency with calling 115, then first aid, then keeping safe', () => {
    expect(presentationsFor(['unconscious'], 'emergency')).toEqual(['call_115', 'medical_emergency', 'stay_safe']);
    expect(presentationsFor(['confused_with_fever', 'psychosis'], 'emergency')).toEqual(['call_115', 'medical_emergency', 'overheating', 'stay_safe', 'psychosis']);
  });

  it('adds the referral today when urgent, after-care when acute, routine care when nothing is acute', () => {
    expect(presentationsFor(['aggression', 'psychosis'], 'urgent')).toEqual(['stay_safe', 'aggression', 'psychosis', 'refer_today']);
    expect(presentationsFor(['suicidal_thoughts'], 'urgent')).toEqual(['stay_safe', 'suicidal', 'refer_today']);
    expect(presentationsFor(['panic', 'exhaustion'], 'acute')).toEqual(['stay_safe', 'panic', 'exhaustion', 'after_care']);
    expect(presentationsFor([], 'not_acute')).toEqual(['routine_care']);
  });

  it('includes every flag’s presentations, each once, in the order of PRESENTATIONS', () => {
    fc.assert(
      fc.property(fc.subarray([...RED_FLAGS]), fc.constantFrom(...CSSRS_BANDS, null), (flags, band) => {
        const level = classifyCrisis({ redFlags: flags, cssrsBand: band });
        const ps = presentationsFor(flags, level);
        for (const f of flags) for (const p of FLAG_PRESENTATIONS[f]) expect(ps).toContain(p);
        expect(new Set(ps).size).toBe(ps.length);
        const order = ps.map((p) => PRESENTATIONS.indexOf(p));
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(ps.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('guidanceSteps', () => {
  it('lists an emergency’s steps with calling 115 first, in the chosen language', () => {
    const steps = guidanceSteps({ redFlags: ['unconscious'], level: 'emergency', lang: 'vi' });
    expect(steps[0]).toEqual({ id: 'call_115.now', presentation: 'call_115', text: GUIDANCE.presentations.call_115.steps[0]!.vi });
    expect(steps.map((s) => s.id)).toContain('medical_emergency.recovery_position');
    expect(steps.map((s) => s.id)).toContain('stay_safe.do_not_leave_alone');
    const en = guidanceSteps({ redFlags: ['unconscious'], level: 'emergency', lang: 'en' });
    expect(en.map((s) => s.id)).toEqual(steps.map((s) => s.id));
    expect(en[0]!.text).toMatch(/^Call 115 now/);
  });

  it('shows a conditional step only for its red flags', () => {
    const chest = guidanceSteps({ redFlags: ['chest_pain'], level: 'emergency', lang: 'en' }).map((s) => s.id);
    expect(chest).toContain('medical_emergency.chest_pain');
    expect(chest).not.toContain('medical_emergency.seizure');
    expect(chest).not.toContain('medical_emergency.recovery_position');
    const seizure = guidanceSteps({ redFlags: ['seizure'], level: 'emergency', lang: 'en' }).map((s) => s.id);
    expect(seizure).toEqual(expect.arrayContaining(['medical_emergency.seizure', 'medical_emergency.recovery_position']));
  });

  it('gives ordered steps, each once, for any situation', () => {
    fc.assert(
      fc.property(fc.subarray([...RED_FLAGS]), fc.constantFrom(...CRISIS_LEVELS), fc.constantFrom('vi' as const, 'en' as const), (flags, level, lang) => {
        const steps = guidanceSteps({ redFlags: flags, level, lang });
        expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
        const ps = presentationsFor(flags, level);
        const order = steps.map((s) => ps.indexOf(s.presentation));
        expect(order.every((i) => i >= 0)).toBe(true);
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(steps.length).toBeGreaterThan(0);
      }),
    );
  });

  it('applies the overrides of the chosen language only, the later one winning', () => {
    const overrides: GuidanceOverride[] = [
      { presentation: 'call_115', lang: 'vi', steps: [{ id: 'call_115.now', text: 'Gọi 115 ngay, hoặc gọi bác sĩ trực của nhóm: 0900 000 000.' }] },
      { presentation: 'call_115', lang: 'en', steps: [{ id: 'call_115.now', text: 'Call 115 now.' }] },
      { presentation: 'stay_safe', lang: 'vi', steps: [{ id: 'stay_safe.privacy', text: 'Bản cũ' }] },
      { presentation: 'stay_safe', lang: 'vi', steps: [{ id: 'stay_safe.privacy', text: 'Chỉ kể với người cần biết.' }] },
    ];
    const vi = guidanceSteps({ redFlags: ['seizure'], level: 'emergency', overrides, lang: 'vi' });
    expect(vi.find((s) => s.id === 'call_115.now')!.text).toBe('Gọi 115 ngay, hoặc gọi bác sĩ trực của nhóm: 0900 000 000.');
    expect(vi.find((s) => s.id === 'stay_safe.privacy')!.text).toBe('Chỉ kể với người cần biết.');
    expect(vi.find((s) => s.id === 'call_115.what_to_say')!.text).toBe(GUIDANCE.presentations.call_115.steps[1]!.vi);
    const en = guidanceSteps({ redFlags: ['seizure'], level: 'emergency', overrides, lang: 'en' });
    expect(en.find((s) => s.id === 'call_115.now')!.text).toBe('Call 115 now.');
    expect(en.find((s) => s.id === 'stay_safe.privacy')!.text).toBe(GUIDANCE.presentations.stay_safe.steps.at(-1)!.en);
    // Overriding never changes which steps show or their order.
    expect(vi.map((s) => s.id)).toEqual(guidanceSteps({ redFlags: ['seizure'], level: 'emergency', lang: 'vi' }).map((s) => s.id));
  });
});

describe('GuidanceOverride and validateGuidanceOverride', () => {
  const good = { presentation: 'panic', lang: 'vi', steps: [{ id: 'panic.slow_breathing', text: '  Thở chậm cùng người đó, đếm 4 rồi 6.  ' }] };

  it('accepts a valid override and trims the text', () => {
    expect(validateGuidanceOverride(good)).toEqual({
      ok: true,
      override: { presentation: 'panic', lang: 'vi', steps: [{ id: 'panic.slow_breathing', text: 'Thở chậm cùng người đó, đếm 4 rồi 6.' }] },
    });
    expect(GuidanceOverride.parse({ ...good, lang: 'en' }).lang).toBe('en');
  });

  it('refuses an unknown presentation, naming it and the known ones', () => {
    const r = validateGuidanceOverride({ ...good, presentation: 'overdose' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.path).toBe('presentation');
    expect(r.problems[0]!.message).toContain('"overdose"');
    expect(r.problems[0]!.message).toContain('call_115');
  });

  it('refuses an unknown step id, naming it and the presentation’s steps', () => {
    const r = validateGuidanceOverride({ ...good, steps: [{ id: 'panic.slow_breathing', text: 'Thở chậm.' }, { id: 'panic.paper_bag', text: 'Thở vào túi giấy.' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([{ path: 'steps.1.id', message: expect.stringContaining('"panic.paper_bag"') }]);
    expect(r.problems[0]!.message).toContain('panic.slow_breathing');
  });

  it('refuses a step of another presentation, a repeated step, an empty or too long text, another language, extra fields, no steps', () => {
    const problems = (input: unknown) => {
      const r = validateGuidanceOverride(input);
      return r.ok ? [] : r.problems.map((p) => p.path);
    };
    expect(problems({ ...good, steps: [{ id: 'call_115.now', text: 'Gọi 115.' }] })).toEqual(['steps.0.id']);
    expect(problems({ ...good, steps: [good.steps[0], good.steps[0]] })).toEqual(['steps.1.id']);
    expect(problems({ ...good, steps: [{ id: 'panic.reassure', text: '   ' }] })).toEqual(['steps.0.text']);
    expect(problems({ ...good, steps: [{ id: 'panic.reassure', text: 'a'.repeat(501) }] })).toEqual(['steps.0.text']);
    expect(problems({ ...good, steps: [{ id: 'panic.reassure', text: 'a'.repeat(500) }] })).toEqual([]);
    expect(problems({ ...good, lang: 'fr' })).toEqual(['lang']);
    expect(problems({ ...good, title: 'x' })).toEqual(['']);
    expect(problems({ ...good, steps: [] })).toEqual(['steps']);
    expect(problems(null)).toEqual(['']);
  });
});
