import type { LANGS } from '../users/schema.ts';
import en from './en.json' with { type: 'json' };
import vi from './vi.json' with { type: 'json' };

/**
 * The interface's words in Vietnamese (the default) and English. Both dictionaries have the same
 * keys (a unit test holds them to it); messages of API errors live in ../errors/catalogue.ts.
 */
export type Lang = (typeof LANGS)[number];
export type Dictionary = typeof vi;

export const DICTIONARIES: Readonly<Record<Lang, Dictionary>> = { vi, en };
export const DEFAULT_LANG: Lang = 'vi';

export function isLang(value: unknown): value is Lang {
  return value === 'vi' || value === 'en';
}
