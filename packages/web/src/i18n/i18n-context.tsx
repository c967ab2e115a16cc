import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { createFormatters, INTL_LOCALE, type Formatters } from './format';
import { zh, type MessageKey, type Messages } from './zh';

export type Locale = 'zh' | 'en';
const DICTIONARIES: Record<Locale, Messages> = { zh, en };
const STORAGE_KEY = 'zhanggui.locale';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  fmt: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    // Storage can be blocked (private modes, policies); Chinese is the default anyway.
    return 'zh';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try { localStorage.setItem(STORAGE_KEY, next); } catch { /* remembered for this page only */ }
    document.documentElement.lang = INTL_LOCALE[next];
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = DICTIONARIES[locale];
    const t: Translate = (key, vars) =>
      dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
    return { locale, setLocale, t, fmt: createFormatters(locale) };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
