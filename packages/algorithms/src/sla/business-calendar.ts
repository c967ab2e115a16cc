// Business hours in a time zone: the opening intervals of a local date as UTC instants, using
// only Intl (the IANA time-zone database the runtime carries). Handles DST, holidays and 调休
// (weekend days declared working days).

export interface OpeningInterval {
  /** Local time "HH:MM", 00:00–24:00. */
  start: string;
  end: string;
}

export interface BusinessCalendar {
  /** IANA time zone, e.g. Asia/Shanghai. */
  timeZone: string;
  /** Opening hours by ISO weekday: 1 = Monday … 7 = Sunday; a missing day is closed. */
  weekly: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, OpeningInterval[]>>;
  /** Local dates (YYYY-MM-DD) that are closed. */
  holidays?: string[];
  /** Local dates that are working days although the weekday is closed (调休); they open like Monday unless workdayHours says otherwise. */
  workdays?: string[];
  workdayHours?: OpeningInterval[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - (ms - (ms % 1000 + 1000) % 1000);
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDate(ms: number, timeZone: string): string {
  const d = new Date(ms + offsetAt(ms, timeZone));
  return d.toISOString().slice(0, 10);
}

/** The UTC instant of a local wall-clock time (a time skipped by DST moves forward). */
export function zonedToUtc(date: string, minutesOfDay: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minutesOfDay * 60_000;
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return second;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function isoWeekday(date: string): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return (w === 0 ? 7 : w) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

function minutes(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || (Number(m[1]) === 24 && m[2] !== '00')) throw new RangeError(`bad time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Opening intervals of a local date as [startMs, endMs) pairs, in order. */
export function openingIntervals(date: string, cal: BusinessCalendar): [number, number][] {
  if (cal.holidays?.includes(date)) return [];
  const hours = cal.workdays?.includes(date) ? cal.workdayHours ?? cal.weekly[1] ?? [] : cal.weekly[isoWeekday(date)] ?? [];
  return hours
    .map((h): [number, number] => [zonedToUtc(date, minutes(h.start), cal.timeZone), zonedToUtc(date, minutes(h.end), cal.timeZone)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
}

export function validateCalendar(cal: BusinessCalendar): void {
  formatter(cal.timeZone); // throws RangeError on an unknown zone
  const all = [...Object.values(cal.weekly).flat(), ...(cal.workdayHours ?? [])];
  for (const h of all) if (minutes(h!.end) <= minutes(h!.start)) throw new RangeError(`opening interval ends before it starts: ${h!.start}–${h!.end}`);
  if (all.length === 0) throw new RangeError('the calendar is never open');
}
