// SLA clock over business hours: due times of first-response and resolution targets counted in
// opening minutes of a business calendar, and the state of each target at a given instant.
import { addDays, localDate, openingIntervals, validateCalendar, type BusinessCalendar } from './business-calendar.js';

/** Longest search for opening hours: a calendar closed for over two years is a mistake. */
const MAX_DAYS = 800;

export function addBusinessMinutes(startMs: number, minutes: number, cal: BusinessCalendar): number {
  if (!(minutes >= 0) || !Number.isFinite(startMs)) throw new RangeError('addBusinessMinutes: minutes must be >= 0 and start a finite instant');
  validateCalendar(cal);
  let remaining = minutes * 60_000;
  let date = localDate(startMs, cal.timeZone);
  for (let day = 0; day < MAX_DAYS; day++, date = addDays(date, 1)) {
    for (const [s, e] of openingIntervals(date, cal)) {
      if (e <= startMs) continue;
      const from = Math.max(s, startMs);
      if (remaining <= e - from) return remaining === 0 ? from : from + remaining;
      remaining -= e - from;
    }
  }
  throw new RangeError(`no opening hours within ${MAX_DAYS} days`);
}

/** Opening minutes between two instants (0 when b <= a). */
export function businessMinutesBetween(aMs: number, bMs: number, cal: BusinessCalendar): number {
  if (bMs <= aMs) return 0;
  validateCalendar(cal);
  let total = 0;
  const last = localDate(bMs, cal.timeZone);
  for (let date = localDate(aMs, cal.timeZone), day = 0; day < MAX_DAYS * 10; date = addDays(date, 1), day++) {
    for (const [s, e] of openingIntervals(date, cal)) total += Math.max(0, Math.min(e, bMs) - Math.max(s, aMs));
    if (date === last) break;
  }
  return total / 60_000;
}

/** A span during which a clock stands still (a ticket pending on the customer); `to: null` = still paused. */
export interface SlaPause {
  from: number;
  to: number | null;
}

/** Pauses clipped to [startMs, …), open ones ended at nowMs, sorted and merged. */
function normalisePauses(pauses: readonly SlaPause[], startMs: number, nowMs: number): [number, number][] {
  const spans = pauses
    .map((p): [number, number] => [Math.max(p.from, startMs), p.to ?? Math.max(nowMs, p.from)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/**
 * Like addBusinessMinutes, but the clock stands still during the pauses: the instant at which
 * `minutes` opening minutes outside the pauses have passed since startMs. An open pause is taken
 * to end at nowMs, so while paused the due time moves forward with the clock.
 */
export function addBusinessMinutesPaused(startMs: number, minutes: number, cal: BusinessCalendar, pauses: readonly SlaPause[], nowMs: number): number {
  let t = startMs;
  let remaining = minutes;
  for (const [from, to] of normalisePauses(pauses, startMs, nowMs)) {
    if (to <= t) continue;
    const due = addBusinessMinutes(t, remaining, cal);
    if (due <= from) return due;
    remaining -= businessMinutesBetween(t, from, cal);
    t = Math.max(t, to);
  }
  return addBusinessMinutes(t, remaining, cal);
}

/** Opening minutes between two instants outside the pauses. */
export function businessMinutesBetweenPaused(aMs: number, bMs: number, cal: BusinessCalendar, pauses: readonly SlaPause[], nowMs: number): number {
  let total = businessMinutesBetween(aMs, bMs, cal);
  for (const [from, to] of normalisePauses(pauses, aMs, nowMs)) total -= businessMinutesBetween(from, Math.min(to, bMs), cal);
  return total;
}

export interface SlaTargets {
  firstResponseMinutes: number;
  resolutionMinutes: number;
  /** Share of a target after which it is in warning (default 0.8). */
  warnFraction?: number;
}

export type SlaState = 'running' | 'warning' | 'breached' | 'met' | 'missed';

export interface SlaTargetStatus {
  dueAt: number;
  warnAt: number;
  state: SlaState;
  /** Business minutes used so far (to completion, or to now). */
  elapsedMinutes: number;
  /** Business minutes left before the due time; negative once overdue. */
  remainingMinutes: number;
}

export interface SlaStatus {
  firstResponse: SlaTargetStatus;
  resolution: SlaTargetStatus;
}

function target(
  createdMs: number, minutes: number, warnFraction: number, doneMs: number | null | undefined, nowMs: number, cal: BusinessCalendar, pauses: readonly SlaPause[] = [],
): SlaTargetStatus {
  const end = doneMs ?? nowMs;
  const dueAt = addBusinessMinutesPaused(createdMs, minutes, cal, pauses, end);
  const warnAt = addBusinessMinutesPaused(createdMs, minutes * warnFraction, cal, pauses, end);
  const elapsed = businessMinutesBetweenPaused(createdMs, end, cal, pauses, end);
  let state: SlaState;
  if (doneMs != null) state = doneMs <= dueAt ? 'met' : 'missed';
  else state = nowMs >= dueAt ? 'breached' : nowMs >= warnAt ? 'warning' : 'running';
  return { dueAt, warnAt, state, elapsedMinutes: elapsed, remainingMinutes: minutes - elapsed };
}

/**
 * The SLA of a ticket at `nowMs`: 'met'/'missed' once answered or resolved, otherwise
 * 'running', 'warning' (past warnFraction of the target) or 'breached' (past due).
 * `pauses` (spans pending on the customer) stop the resolution clock: opening minutes inside
 * them do not count, and the due time moves out by as much. A target already breached when a
 * pause begins stays breached. The first-response clock never pauses.
 */
export function slaStatus(
  ticket: { createdAt: number; firstResponseAt?: number | null; resolvedAt?: number | null; pauses?: readonly SlaPause[] },
  targets: SlaTargets,
  cal: BusinessCalendar,
  nowMs: number,
): SlaStatus {
  const warn = targets.warnFraction ?? 0.8;
  if (!(warn > 0 && warn <= 1)) throw new RangeError('warnFraction must be in (0, 1]');
  return {
    firstResponse: target(ticket.createdAt, targets.firstResponseMinutes, warn, ticket.firstResponseAt, nowMs, cal),
    resolution: target(ticket.createdAt, targets.resolutionMinutes, warn, ticket.resolvedAt, nowMs, cal, ticket.pauses ?? []),
  };
}
