/**
 * Date ranges as the API takes them: half-open [from, to) business days, `YYYY-MM-DD`.
 * Calendar arithmetic is done on UTC dates so that no local zone or DST shift can move a day.
 */
export interface DateRange { from: string; to: string }
export type RangePreset = 'last7' | 'last30' | 'thisMonth' | 'lastMonth' | 'custom';
export const PRESETS: readonly Exclude<RangePreset, 'custom'>[] = ['last7', 'last30', 'thisMonth', 'lastMonth'];

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
export const addDays = (date: string, days: number) => iso(ms(date) + days * DAY);
export const daysIn = (r: DateRange) => Math.round((ms(r.to) - ms(r.from)) / DAY);

/** Today's calendar date where the browser is (the store's zone is not exposed by the API yet). */
export function localToday(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A preset's range. "Last N days" are complete days ending yesterday; "this month" includes today. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): DateRange {
  const monthStart = `${today.slice(0, 7)}-01`;
  switch (preset) {
    case 'last7': return { from: addDays(today, -7), to: today };
    case 'last30': return { from: addDays(today, -30), to: today };
    case 'thisMonth': return { from: monthStart, to: addDays(today, 1) };
    case 'lastMonth': return { from: `${addDays(monthStart, -1).slice(0, 7)}-01`, to: monthStart };
  }
}

/**
 * The comparison period. A calendar month is compared with the month before it (环比), "this month"
 * with as many days from the start of last month; any other range with as many days just before it.
 */
export function comparisonPeriod(preset: RangePreset, r: DateRange, mode: CompareMode = 'previous'): DateRange {
  if (mode === 'last_year') return { from: lastYear(r.from), to: lastYear(r.to) };
  if (preset === 'lastMonth' || preset === 'thisMonth') {
    const from = `${addDays(r.from, -1).slice(0, 7)}-01`;
    const to = preset === 'lastMonth' ? r.from : addDays(from, daysIn(r));
    return { from, to: to < r.from ? to : r.from };
  }
  return { from: addDays(r.from, -daysIn(r)), to: r.from };
}

export type CompareMode = 'previous' | 'last_year';

/** The same calendar date a year earlier (29 February becomes 28 February), as the API's last_year comparison. */
export function lastYear(date: string): string {
  const md = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${Number(date.slice(0, 4)) - 1}-${md}`;
}

/** Every day of the range, for sparklines that must not skip empty days. */
export function daysOf(r: DateRange): string[] {
  const out: string[] = [];
  for (let d = r.from; d < r.to; d = addDays(d, 1)) out.push(d);
  return out;
}
