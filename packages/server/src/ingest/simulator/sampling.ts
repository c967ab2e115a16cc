import { createRng, type Rng } from '@zhanggui/algorithms';

/**
 * Random variates over the seeded generator. Every phase of the simulator draws from its own
 * stream (`deriveRng(seed, 'orders')`), so changing one phase does not reshuffle the others.
 */
export function deriveRng(seed: number, label: string): Rng {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619) >>> 0;
  return createRng(h);
}

export const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.next();
/** Integer in [lo, hi], both ends included. */
export const intBetween = (rng: Rng, lo: number, hi: number): number => lo + Math.floor((hi - lo + 1) * rng.next());
export const chance = (rng: Rng, p: number): boolean => rng.next() < p;
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!;

export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

export const logNormal = (rng: Rng, median: number, sigma: number): number => median * Math.exp(sigma * normal(rng));
export const exponential = (rng: Rng, rate: number): number => -Math.log(1 - rng.next()) / rate;

/** Gamma(shape, scale) by Marsaglia–Tsang, with the shape < 1 boost. */
export function gamma(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) return gamma(rng, shape + 1, scale) * Math.pow(rng.next() || 1e-12, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a, 1);
  return x / (x + gamma(rng, b, 1));
}

export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

/** Draws indices in proportion to fixed weights (binary search over the cumulative sums). */
export class WeightedSampler {
  readonly #cum: Float64Array;
  readonly total: number;

  constructor(weights: readonly number[]) {
    this.#cum = new Float64Array(weights.length);
    let s = 0;
    weights.forEach((w, i) => { s += Math.max(0, w); this.#cum[i] = s; });
    this.total = s;
  }

  sample(rng: Rng): number {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.#cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#cum[mid]! > x) hi = mid; else lo = mid + 1;
    }
    return lo;
  }
}
