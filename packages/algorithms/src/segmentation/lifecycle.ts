/**
 * Customer lifecycle stages from purchase days alone (our rules; docs/customers.md states them):
 *
 * - no purchase up to the day: no stage (a prospect);
 * - `churned`: the last purchase is more than `churnDays` days ago;
 * - `at_risk`: the last purchase is more than `atRiskDays` and at most `churnDays` days ago;
 * - otherwise (bought within `atRiskDays`):
 *   - `won_back` when the last purchase came more than `churnDays` days after the one before it
 *     (the customer had churned and came back);
 *   - `new` when it is the customer's only purchase day;
 *   - `active` otherwise.
 */

export type LifecycleStage = 'new' | 'active' | 'at_risk' | 'churned' | 'won_back';

export interface LifecycleRules {
  /** Days without a purchase after which a customer is at risk (default 90). */
  atRiskDays: number;
  /** Days without a purchase after which a customer has churned (default 180). */
  churnDays: number;
}

export const DEFAULT_LIFECYCLE_RULES: LifecycleRules = { atRiskDays: 90, churnDays: 180 };

export interface LifecycleTransition {
  day: number;
  from: LifecycleStage | null;
  to: LifecycleStage;
}

function checkRules(where: string, rules: LifecycleRules): void {
  if (!Number.isInteger(rules.atRiskDays) || rules.atRiskDays < 1) throw new RangeError(`${where}: atRiskDays must be an integer >= 1, got ${rules.atRiskDays}`);
  if (!Number.isInteger(rules.churnDays) || rules.churnDays <= rules.atRiskDays) {
    throw new RangeError(`${where}: churnDays must be an integer > atRiskDays (${rules.atRiskDays}), got ${rules.churnDays}`);
  }
}

function checkDays(where: string, days: readonly number[]): void {
  for (let i = 0; i < days.length; i++) {
    if (!Number.isSafeInteger(days[i]!)) throw new RangeError(`${where}: purchaseDays[${i}] must be an integer day index, got ${days[i]}`);
    if (i > 0 && days[i]! <= days[i - 1]!) throw new RangeError(`${where}: purchaseDays must be strictly increasing (distinct days), got ${days[i - 1]} then ${days[i]}`);
  }
}

/** Index of the last purchase day <= day, or −1. */
function lastIndexAtOrBefore(days: readonly number[], day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (days[mid]! <= day) lo = mid + 1; else hi = mid; }
  return lo - 1;
}

function stageFor(days: readonly number[], day: number, rules: LifecycleRules): LifecycleStage | null {
  const k = lastIndexAtOrBefore(days, day);
  if (k < 0) return null;
  const gap = day - days[k]!;
  if (gap > rules.churnDays) return 'churned';
  if (gap > rules.atRiskDays) return 'at_risk';
  if (k > 0 && days[k]! - days[k - 1]! > rules.churnDays) return 'won_back';
  return k === 0 ? 'new' : 'active';
}

/** The stage on `day` of a customer who bought on `purchaseDays` (sorted, distinct day indexes). */
export function lifecycleStage(purchaseDays: readonly number[], day: number, rules: LifecycleRules = DEFAULT_LIFECYCLE_RULES): LifecycleStage | null {
  checkRules('lifecycleStage', rules);
  checkDays('lifecycleStage', purchaseDays);
  return stageFor(purchaseDays, day, rules);
}

/**
 * Every change of stage up to and including `asOfDay`, in day order: a stage can only change on
 * a purchase day or when a threshold is crossed (last purchase + atRiskDays + 1, + churnDays + 1),
 * so those days are the only ones examined.
 */
export function lifecycleTimeline(purchaseDays: readonly number[], asOfDay: number, rules: LifecycleRules = DEFAULT_LIFECYCLE_RULES): LifecycleTransition[] {
  checkRules('lifecycleTimeline', rules);
  checkDays('lifecycleTimeline', purchaseDays);
  if (!Number.isSafeInteger(asOfDay)) throw new RangeError(`lifecycleTimeline: asOfDay must be an integer day index, got ${asOfDay}`);
  const candidates: number[] = [];
  for (const d of purchaseDays) {
    if (d > asOfDay) break;
    candidates.push(d, d + rules.atRiskDays + 1, d + rules.churnDays + 1);
  }
  candidates.sort((a, b) => a - b);
  const out: LifecycleTransition[] = [];
  let current: LifecycleStage | null = null;
  for (const day of candidates) {
    if (day > asOfDay) break;
    const stage = stageFor(purchaseDays, day, rules);
    if (stage !== null && stage !== current) {
      out.push({ day, from: current, to: stage });
      current = stage;
    }
  }
  return out;
}
