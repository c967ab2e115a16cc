import type { Rng } from '../shared/rng.js';

/** Standard normal draw by Box–Muller (one of the pair; simple and exact in distribution). */
export function normal(rng: Rng, mean: number, sd: number): number {
  if (sd === 0) return mean;
  let u = rng.next();
  while (u === 0) u = rng.next();
  const v = rng.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Percentile of sorted values with linear interpolation between ranks (numpy's default "linear"). */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
