import { describe, expect, it } from 'vitest';
import { ERRORS, renderError, type ErrorCode } from './catalogue.ts';

const CODES = Object.keys(ERRORS) as ErrorCode[];
const placeholders = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('the error catalogue', () => {
  it('has stable upper-case codes', () => {
    expect(CODES.length).toBeGreaterThan(10);
    for (const code of CODES) expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it.each(CODES)('%s has a message in Vietnamese and in English, and an error status', (code) => {
    const entry = ERRORS[code];
    expect(entry.vi.trim().length).toBeGreaterThan(10);
    expect(entry.en.trim().length).toBeGreaterThan(10);
    expect(entry.vi).not.toBe(entry.en);
    expect(entry.status).toBeGreaterThanOrEqual(400);
    expect(entry.status).toBeLessThan(600);
    expect(Number.isInteger(entry.status)).toBe(true);
  });

  it.each(CODES)('%s uses the same placeholders in both languages', (code) => {
    expect(placeholders(ERRORS[code].vi)).toEqual(placeholders(ERRORS[code].en));
  });

  it('gives every message a sentence, not a bare code or an unfinished template', () => {
    for (const code of CODES) {
      for (const text of [ERRORS[code].vi, ERRORS[code].en]) {
        expect(text).not.toMatch(/\{\s*\}|\{\{|\}\}/);
        expect(text).not.toContain(code);
      }
    }
  });

  it('writes the Vietnamese messages in Vietnamese (with its letters), not copied English', () => {
    const vietnamese = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;
    for (const code of CODES) expect(ERRORS[code].vi, code).toMatch(vietnamese);
  });

  it('answers the usual statuses for the usual problems', () => {
    expect(ERRORS.NOT_FOUND.status).toBe(404);
    expect(ERRORS.UNAUTHENTICATED.status).toBe(401);
    expect(ERRORS.FORBIDDEN.status).toBe(403);
    expect(ERRORS.VALIDATION.status).toBe(400);
    expect(ERRORS.PAYLOAD_TOO_LARGE.status).toBe(413);
    expect(ERRORS.TOO_MANY_ATTEMPTS.status).toBe(429);
    expect(ERRORS.INTERNAL.status).toBe(500);
    for (const code of ['USERNAME_TAKEN', 'ORGANISATION_NAME_TAKEN', 'SITE_NAME_TAKEN', 'SETUP_DONE'] as const) expect(ERRORS[code].status).toBe(409);
    // A rule of the domain that the request would break (Medplum's businessRule), not a duplicate.
    expect(ERRORS.LAST_ADMIN.status).toBe(422);
  });
});

describe('renderError', () => {
  it('fills placeholders in the chosen language', () => {
    expect(renderError('TOO_MANY_ATTEMPTS', 'en', { minutes: 7 })).toBe('Too many failed logins. Try again in 7 minutes.');
    expect(renderError('TOO_MANY_ATTEMPTS', 'vi', { minutes: 7 })).toBe('Đăng nhập sai quá nhiều lần. Hãy thử lại sau 7 phút.');
    expect(renderError('VALIDATION', 'en', { field: 'name', detail: 'at least 2 characters' })).toBe(
      'Please check the field "name": at least 2 characters',
    );
  });

  it('returns a message without placeholders unchanged', () => {
    expect(renderError('NOT_FOUND', 'vi')).toBe(ERRORS.NOT_FOUND.vi);
    expect(renderError('NOT_FOUND', 'en', { unused: 'x' })).toBe(ERRORS.NOT_FOUND.en);
  });

  it('leaves a placeholder it was given no value for visible rather than inventing one', () => {
    expect(renderError('PASSWORD_TOO_SHORT', 'en')).toBe('The password needs at least {min} characters.');
  });

  it('fills every placeholder of every message when given values', () => {
    for (const code of CODES) {
      for (const lang of ['vi', 'en'] as const) {
        const params = Object.fromEntries(placeholders(ERRORS[code][lang]).map((p) => [p, 'X']));
        expect(renderError(code, lang, params)).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('does not interpret replacement patterns in values', () => {
    expect(renderError('BAD_REQUEST', 'en', { detail: '$& and $1' })).toBe('The request is not valid: $& and $1');
  });
});
