/**
 * RFM scoring by quintile (Hughes 1994, "Strategic Database Marketing"; the metric book's RFM
 * row): recency in days since the last order, frequency in orders, monetary in GMV over a window.
 */
import { rfmGroup, rfmStratum, type RfmGroup, type RfmStratum } from './rfm-groups.js';

export interface RfmInput {
  customerId: string;
  /** Days since the last order in the window; null for customers without one. */
  recencyDays: number | null;
  /** Orders in the window; 0 makes the customer a prospect. */
  frequency: number;
  /** GMV in the window (any unit, minor units included). */
  monetary: number;
}

export interface RfmScore {
  customerId: string;
  /** 1–5 scores, 5 best; null for prospects (no order in the window). */
  r: number | null;
  f: number | null;
  m: number | null;
  group: RfmGroup;
  stratum: RfmStratum;
}

/**
 * Quintile score of each value among all values, 5 best: 1 + ⌊5 · (values strictly worse) / n⌋.
 * Equal values always get the same score (the score of the first of them in sorted order), so
 * the result does not depend on input order; with n distinct values each score holds n/5 of
 * them (rounded), and heavy ties push a tied block down to where the block starts.
 */
export function quintileScores(values: ArrayLike<number>, higherIsBetter: boolean): Int8Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`quintileScores: values[${i}] must be finite, got ${v}`);
    const worse = higherIsBetter ? lowerBound(sorted, v) : n - upperBound(sorted, v);
    out[i] = 1 + Math.floor((5 * worse) / n);
  }
  return out;
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid]! < v) lo = mid + 1; else hi = mid; }
  return lo;
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid]! <= v) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Scores, named group and stratum per customer, in input order; quintiles over buyers only. */
export function scoreRfm(customers: readonly RfmInput[]): RfmScore[] {
  const buyers: number[] = [];
  customers.forEach((c, i) => {
    if (typeof c.customerId !== 'string' || c.customerId === '') throw new RangeError(`scoreRfm: customers[${i}].customerId must be a non-empty string`);
    if (!Number.isInteger(c.frequency) || c.frequency < 0) throw new RangeError(`scoreRfm: customers[${i}].frequency must be an integer >= 0, got ${c.frequency}`);
    if (!Number.isFinite(c.monetary)) throw new RangeError(`scoreRfm: customers[${i}].monetary must be a finite number, got ${c.monetary}`);
    if (c.frequency > 0) {
      if (c.recencyDays === null || !Number.isFinite(c.recencyDays) || c.recencyDays < 0) {
        throw new RangeError(`scoreRfm: customers[${i}].recencyDays must be a finite number >= 0 when frequency > 0, got ${c.recencyDays}`);
      }
      buyers.push(i);
    }
  });
  const r = quintileScores(buyers.map((i) => customers[i]!.recencyDays!), false);
  const f = quintileScores(buyers.map((i) => customers[i]!.frequency), true);
  const m = quintileScores(buyers.map((i) => customers[i]!.monetary), true);
  const out: RfmScore[] = customers.map((c) => ({ customerId: c.customerId, r: null, f: null, m: null, group: 'prospects', stratum: 'basic' }));
  buyers.forEach((i, k) => {
    const scores = { r: r[k]!, f: f[k]!, m: m[k]! };
    out[i] = { customerId: customers[i]!.customerId, ...scores, group: rfmGroup(scores.r, scores.f), stratum: rfmStratum(scores) };
  });
  return out;
}
