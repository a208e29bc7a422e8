import i18next, { type TFunction } from 'i18next';
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useMemo, useState } from 'preact/hooks';
import { DEFAULT_LANG, DICTIONARIES, isLang, type Dictionary, type Lang } from '../../core/i18n/index.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Dictionary };
  }
}

const STORAGE_KEY = 'fieldlab.lang';

/** The language this device last chose (Vietnamese until someone switches). */
export function storedLang(): Lang {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLang(value) ? value : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private windows may refuse storage; the choice then lasts until the page closes.
  }
}

export const i18n = i18next.createInstance();
void i18n.init({
  lng: storedLang(),
  fallbackLng: DEFAULT_LANG,
  supportedLngs: ['vi', 'en'],
  resources: { vi: { translation: DICTIONARIES.vi }, en: { translation: DICTIONARIES.en } },
  interpolation: { escapeValue: false }, // Preact escapes what it renders.
  initAsync: false,
});
document.documentElement.lang = i18n.language;

export interface LangContextValue {
  lang: Lang;
  t: TFunction;
  /** Shows the interface in `lang` and remembers it on this device. */
  setLang(lang: Lang): void;
}

const LangContext = createContext<LangContextValue | null>(null);

export function LangProvider({ children }: { children: ComponentChildren }) {
  const [lang, setLangState] = useState<Lang>(() => (isLang(i18n.language) ? i18n.language : DEFAULT_LANG));
  const setLang = useCallback((next: Lang) => {
    void i18n.changeLanguage(next);
    document.documentElement.lang = next;
    storeLang(next);
    setLangState(next);
  }, []);
  // A new value on every change of language, so everything that translates renders again.
  const value = useMemo<LangContextValue>(() => ({ lang, t: i18n.getFixedT(lang), setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangContextValue {
  const value = useContext(LangContext);
  if (!value) throw new Error('useLang outside LangProvider');
  return value;
}

export function useT(): TFunction {
  return useLang().t;
}
