import type { Locale } from './i18n-context';

/** The Intl locale behind each console language. */
export const INTL_LOCALE: Record<Locale, string> = { zh: 'zh-CN', en: 'en-US' };

export interface Formatters {
  number(n: number): string;
  /** An integer amount in the currency's minor units (分 for CNY). */
  money(minor: number, currency: string): string;
  /** A ratio (0.153 → 15.3%). */
  percent(ratio: number, digits?: number): string;
  /** A signed relative change (0.05 → +5.0%). */
  change(ratio: number): string;
  /** A business date `YYYY-MM-DD`, shown without any time-zone shift. */
  date(iso: string): string;
}

export function createFormatters(locale: Locale): Formatters {
  const tag = INTL_LOCALE[locale];
  const numberFmt = new Intl.NumberFormat(tag);
  const moneyFmts = new Map<string, Intl.NumberFormat>();
  const moneyFmt = (currency: string) => {
    let f = moneyFmts.get(currency);
    if (!f) moneyFmts.set(currency, (f = new Intl.NumberFormat(tag, { style: 'currency', currency })));
    return f;
  };
  // Parsed as UTC and shown in UTC so that a calendar date never moves by the viewer's zone.
  const dateFmt = new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  return {
    number: (n) => numberFmt.format(n),
    money(minor, currency) {
      const f = moneyFmt(currency);
      // The currency's own minor-unit digits (2 for CNY, 0 for JPY).
      const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
      return f.format(minor / 10 ** digits);
    },
    percent: (ratio, digits = 1) =>
      new Intl.NumberFormat(tag, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio),
    change: (ratio) =>
      new Intl.NumberFormat(tag, { style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio),
    date: (iso) => dateFmt.format(new Date(`${iso}T00:00:00Z`)),
  };
}
