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

function target(createdMs: number, minutes: number, warnFraction: number, doneMs: number | null | undefined, nowMs: number, cal: BusinessCalendar): SlaTargetStatus {
  const dueAt = addBusinessMinutes(createdMs, minutes, cal);
  const warnAt = addBusinessMinutes(createdMs, minutes * warnFraction, cal);
  const end = doneMs ?? nowMs;
  const elapsed = businessMinutesBetween(createdMs, end, cal);
  let state: SlaState;
  if (doneMs != null) state = doneMs <= dueAt ? 'met' : 'missed';
  else state = nowMs >= dueAt ? 'breached' : nowMs >= warnAt ? 'warning' : 'running';
  return { dueAt, warnAt, state, elapsedMinutes: elapsed, remainingMinutes: minutes - elapsed };
}

/**
 * The SLA of a ticket at `nowMs`: 'met'/'missed' once answered or resolved, otherwise
 * 'running', 'warning' (past warnFraction of the target) or 'breached' (past due).
 */
export function slaStatus(
  ticket: { createdAt: number; firstResponseAt?: number | null; resolvedAt?: number | null },
  targets: SlaTargets,
  cal: BusinessCalendar,
  nowMs: number,
): SlaStatus {
  const warn = targets.warnFraction ?? 0.8;
  if (!(warn > 0 && warn <= 1)) throw new RangeError('warnFraction must be in (0, 1]');
  return {
    firstResponse: target(ticket.createdAt, targets.firstResponseMinutes, warn, ticket.firstResponseAt, nowMs, cal),
    resolution: target(ticket.createdAt, targets.resolutionMinutes, warn, ticket.resolvedAt, nowMs, cal),
  };
}
