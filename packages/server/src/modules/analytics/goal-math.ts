import type { GoalMetric } from '@zhanggui/contracts';

/** Metrics that accumulate over a period (a run-rate projects them); the others are ratios or averages. */
export const VOLUME_METRICS: ReadonlySet<GoalMetric> = new Set(['gmv', 'paidAmount', 'netSales', 'orders', 'buyers', 'newBuyers', 'refunds', 'grossMargin', 'spend', 'visitors']);

export const PROJECTION_METHOD = 'run-rate: volumes (GMV, orders, buyers, spend, …) project as value-to-date × period days / elapsed days; '
  + 'ratios and averages (conversion, repurchase, ROI, AOV, CPC, …) project as their value to date. '
  + 'on_track when the projection meets the target, at_risk when within 10% of it, off_track otherwise.';

/** Band around the target inside which a goal is at risk rather than off track. */
export const AT_RISK_BAND = 0.1;

export type GoalStatus = 'not_started' | 'on_track' | 'at_risk' | 'off_track';

/** Projection to the period end and status of a goal (PROJECTION_METHOD). */
export function projectGoal(p: { metric: GoalMetric; direction: 'at_least' | 'at_most'; targetValue: number | null; actual: number | null; elapsedDays: number; totalDays: number }):
  { projected: number | null; progress: number | null; status: GoalStatus } {
  if (p.elapsedDays <= 0) return { projected: null, progress: null, status: 'not_started' };
  const projected = p.actual === null ? null : VOLUME_METRICS.has(p.metric) ? (p.actual * p.totalDays) / p.elapsedDays : p.actual;
  const progress = p.actual === null || p.targetValue === null || p.targetValue === 0 ? null : p.actual / p.targetValue;
  if (projected === null || p.targetValue === null) return { projected, progress, status: 'at_risk' };
  const t = p.targetValue;
  const status = p.direction === 'at_least'
    ? projected >= t ? 'on_track' : projected >= t - Math.abs(t) * AT_RISK_BAND ? 'at_risk' : 'off_track'
    : projected <= t ? 'on_track' : projected <= t + Math.abs(t) * AT_RISK_BAND ? 'at_risk' : 'off_track';
  return { projected, progress, status };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Robust z-score of `x` against `history`: 0.6745 · (x − median) / MAD, where MAD is the median
 * absolute deviation (0.6745 makes it comparable to a normal z). Null with fewer than 7 values
 * or MAD = 0 (a flat history gives no scale).
 */
export function robustZ(x: number, history: readonly number[]): { z: number | null; median: number | null; mad: number | null } {
  if (history.length < 7) return { z: null, median: null, mad: null };
  const m = median(history);
  const mad = median(history.map((h) => Math.abs(h - m)));
  return { z: mad === 0 ? null : (0.6745 * (x - m)) / mad, median: m, mad };
}

/** Does the comparison `op` hold between `value` and `limit`? */
export const compare = (op: 'lt' | 'gt', value: number, limit: number): boolean => (op === 'lt' ? value < limit : value > limit);
