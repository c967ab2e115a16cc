/**
 * The simulated period in the store's time zone and the demand multiplier of each day: weekly
 * and yearly seasonality plus the Chinese retail calendar (春节 lull and dip, 38节, 618, 双11,
 * 双12), which drives orders, traffic, ad spend, stock planning and service load.
 */
export interface Calendar {
  /** Business dates, YYYY-MM-DD, day 0 … n−1. */
  dates: string[];
  /** Epoch ms of each day's local midnight. */
  dayStart: number[];
  /** Demand multiplier relative to an ordinary weekday (~1). */
  demand: number[];
  /** Festival label of the day, if any. */
  festival: (string | null)[];
  /** Epoch ms of the end of the last day: nothing may happen after it. */
  end: number;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

// 春节 (first day of the lunar year); the lull before and the logistics stop follow it.
const SPRING_FESTIVAL: Record<number, string> = {
  2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10',
  2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13', 2030: '2030-02-03',
};
// Sunday first: weekend browsing and Sunday-evening ordering lift the weekend a little.
const WEEKDAY = [1.1, 0.95, 0.93, 0.94, 0.96, 1.01, 1.08];

const utcDay = (date: string): number => Date.parse(`${date}T00:00:00Z`);
export const addDays = (date: string, n: number): string => new Date(utcDay(date) + n * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string): number => Math.round((utcDay(to) - utcDay(from)) / DAY_MS);

/** Days from 春节 of the nearest year, or null when the table does not cover it. */
export function springFestivalOffset(date: string): number | null {
  const y = Number(date.slice(0, 4));
  for (const year of [y, y + 1]) {
    const sf = SPRING_FESTIVAL[year];
    if (sf) {
      const k = daysBetween(sf, date);
      if (k >= -30 && k <= 20) return k;
    }
  }
  return null;
}

/** Demand multiplier and festival label of a business date. */
export function dayDemand(date: string): { factor: number; festival: string | null } {
  const md = date.slice(5);
  const weekday = new Date(utcDay(date)).getUTCDay();
  const doy = daysBetween(`${date.slice(0, 4)}-01-01`, date);
  let f = WEEKDAY[weekday]! * (1 + 0.08 * Math.cos((2 * Math.PI * (doy - 330)) / 365));
  let festival: string | null = null;
  const sf = springFestivalOffset(date);
  if (sf !== null) {
    if (sf >= -24 && sf <= -9) { f *= 1.25; festival = '年货节'; }
    else if (sf >= -8 && sf <= -3) f *= 0.75;
    else if (sf >= -2 && sf <= 6) { f *= 0.42; festival = '春节'; }
    else if (sf >= 7 && sf <= 12) f *= 0.8;
  }
  const day = Number(date.slice(8));
  if (md === '03-08') { f *= 1.7; festival = '38节'; }
  else if (md >= '05-31' && md <= '06-17') { f *= md === '06-01' ? 1.9 : 1.15 + (0.45 * Math.max(0, day - 1)) / 16; festival = '618'; }
  else if (md === '06-18') { f *= 3.8; festival = '618'; }
  else if (md >= '10-20' && md <= '10-30') { f *= 1.15; festival = '双11预售'; }
  else if (md === '10-31') { f *= 2.3; festival = '双11'; }
  else if (md >= '11-01' && md <= '11-03') { f *= 1.6; festival = '双11'; }
  else if (md >= '11-04' && md <= '11-10') f *= 0.9; // shoppers wait for the final day
  else if (md === '11-11') { f *= 6; festival = '双11'; }
  else if (md === '11-12') f *= 1.4;
  else if (md === '12-10' || md === '12-11') f *= 1.3;
  else if (md === '12-12') { f *= 2.4; festival = '双12'; }
  return { factor: f, festival };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offset of the zone from UTC at an instant, in ms. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** Epoch ms of local midnight of a business date in the zone. */
export function localMidnight(date: string, timeZone: string): number {
  const guess = utcDay(date);
  const first = guess - zoneOffsetMs(guess, timeZone);
  return guess - zoneOffsetMs(first, timeZone);
}

/** The business date of an instant in the zone. */
export const businessDate = (instant: number, timeZone: string): string =>
  new Date(instant + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 10);

export function buildCalendar(endDate: string, days: number, timeZone: string): Calendar {
  const first = addDays(endDate, -(days - 1));
  const dates = Array.from({ length: days }, (_, i) => addDays(first, i));
  const demand = dates.map((d) => dayDemand(d));
  return {
    dates,
    dayStart: dates.map((d) => localMidnight(d, timeZone)),
    demand: demand.map((d) => d.factor),
    festival: demand.map((d) => d.festival),
    end: localMidnight(addDays(endDate, 1), timeZone),
  };
}
