/** Wall-clock time in the store's time zone, for schedules (pure: the instant is an input). */
import { wallNumber } from './compile.js';

// ---- time in the store's zone ------------------------------------------------------------

export const formatters = new Map<string, Intl.DateTimeFormat>();
/** UTC offsets (ms) by zone and quarter hour: zone transitions fall on quarter hours, so one lookup per bucket is exact. */
export const offsets = new Map<string, number>();
export interface LocalTime { wall: string; dow: number; hhmm: string }
export const QUARTER = 15 * 60_000;
export const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function offsetAt(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / QUARTER);
  const key = `${timeZone}|${bucket}`;
  let off = offsets.get(key);
  if (off === undefined) {
    let f = formatters.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
      formatters.set(timeZone, f);
    }
    const at = bucket * QUARTER;
    const p: Record<string, number> = {};
    for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, off);
  }
  return off;
}

/** The wall-clock time of an instant in a zone ("YYYY-MM-DD HH:mm:ss"), its ISO weekday and "HH:mm". */
export function localTime(instant: string, timeZone: string): LocalTime {
  const ms = Date.parse(instant);
  const d = new Date(ms + offsetAt(ms, timeZone));
  const hhmm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return {
    wall: `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${hhmm}:${pad2(d.getUTCSeconds())}`,
    dow: d.getUTCDay() === 0 ? 7 : d.getUTCDay(),
    hhmm,
  };
}


/** The last quote's moment: carts are often quoted at the same instant (a batch, a preview). */
let lastNow: { at: string; timeZone: string; now: LocalTime; nowN: number } | undefined;
export function storeNow(at: string, timeZone: string): { now: LocalTime; nowN: number } {
  if (lastNow && lastNow.at === at && lastNow.timeZone === timeZone) return lastNow;
  const now = localTime(at, timeZone);
  lastNow = { at, timeZone, now, nowN: wallNumber(now.wall) };
  return lastNow;
}
