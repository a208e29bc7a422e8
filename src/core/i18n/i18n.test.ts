import { describe, expect, it } from 'vitest';
import { DEFAULT_LANG, DICTIONARIES, isLang } from './index.ts';

type Tree = { [key: string]: string | Tree };

/** Every key path with its value: "home.cards.sites.title" → "Sites". */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') for (const [k, v] of flatten(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('the interface dictionaries', () => {
  const vi = flatten(DICTIONARIES.vi as unknown as Tree);
  const en = flatten(DICTIONARIES.en as unknown as Tree);

  it('have exactly the same keys in Vietnamese and English', () => {
    expect([...en.keys()].sort()).toEqual([...vi.keys()].sort());
  });

  it('have no empty or non-text values', () => {
    for (const [lang, dict] of [['vi', vi], ['en', en]] as const) {
      for (const [key, value] of dict) {
        expect(typeof value, `${lang}: ${key}`).toBe('string');
        expect((value as string).trim(), `${lang}: ${key}`).not.toBe('');
      }
    }
  });

  it('use the same {{placeholders}} in both languages', () => {
    for (const [key, text] of vi) expect(placeholders(en.get(key) as string), key).toEqual(placeholders(text as string));
  });

  it('write Vietnamese in composed Unicode (NFC), as keyboards and fonts expect', () => {
    for (const [key, text] of vi) expect((text as string).normalize('NFC'), key).toBe(text);
  });

  it('default to Vietnamese', () => {
    expect(DEFAULT_LANG).toBe('vi');
    expect(isLang('en')).toBe(true);
    expect(isLang('fr')).toBe(false);
  });
});
