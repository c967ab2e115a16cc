// Seasonal adjustment of the M4 benchmarks (Makridakis et al., IJF 2020, "Benchmarks"): a 90%
// autocorrelation test at lag m, then classical multiplicative decomposition (R's decompose()).
import { assertSeasonLength, assertSeries } from './validate.js';

/** Sample autocorrelations r_1..r_maxLag (denominator Σ(y − ȳ)², as R's acf()). */
export function acf(y: readonly number[], maxLag: number): number[] {
  const n = y.length;
  const mean = y.reduce((s, v) => s + v, 0) / n;
  let den = 0;
  for (const v of y) den += (v - mean) ** 2;
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let num = 0;
    for (let t = k; t < n; t++) num += (y[t]! - mean) * (y[t - k]! - mean);
    out.push(den === 0 ? 0 : num / den);
  }
  return out;
}

/**
 * M4's seasonality test: seasonal when |r_m| exceeds 1.645·√((1 + 2Σ_{k<m} r_k²)/n), i.e. the
 * lag-m autocorrelation is significant at 90% (one-sided 95%); needs at least 3m observations.
 */
export function seasonalityTest(y: readonly number[], seasonLength: number): boolean {
  assertSeasonLength('seasonalityTest', seasonLength);
  assertSeries('seasonalityTest', y);
  if (seasonLength === 1 || y.length < 3 * seasonLength) return false;
  const r = acf(y, seasonLength);
  let sumSq = 0;
  for (let k = 0; k < seasonLength - 1; k++) sumSq += r[k]! ** 2;
  const limit = (1.645 / Math.sqrt(y.length)) * Math.sqrt(1 + 2 * sumSq);
  return Math.abs(r[seasonLength - 1]!) > limit;
}

/**
 * Seasonal indices of classical multiplicative decomposition: ratios to a centred moving
 * average (2×m MA for even m), averaged by position in the cycle and normalised to mean 1.
 * Index i belongs to positions t ≡ i (mod m), counting from the first observation.
 */
export function multiplicativeSeasonalIndices(y: readonly number[], seasonLength: number): number[] {
  const m = seasonLength;
  assertSeasonLength('multiplicativeSeasonalIndices', m);
  assertSeries('multiplicativeSeasonalIndices', y, 2 * m);
  const n = y.length;
  const half = Math.floor(m / 2);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = half; t < n - half; t++) {
    let ma: number;
    if (m % 2 === 1) {
      ma = 0;
      for (let j = -half; j <= half; j++) ma += y[t + j]!;
      ma /= m;
    } else {
      ma = 0.5 * y[t - half]! + 0.5 * y[t + half]!;
      for (let j = -half + 1; j < half; j++) ma += y[t + j]!;
      ma /= m;
    }
    if (ma === 0) continue;
    sums[t % m]! += y[t]! / ma;
    counts[t % m]! += 1;
  }
  const raw = sums.map((s, i) => (counts[i]! > 0 ? s / counts[i]! : 1));
  const mean = raw.reduce((s, v) => s + v, 0) / m;
  return raw.map((v) => v / mean);
}

export interface SeasonalAdjustment {
  seasonal: boolean;
  /** y divided by its seasonal index (y itself when not seasonal). */
  adjusted: number[];
  /** Multiply a forecast of the adjusted series (starting right after y) back by the indices. */
  reseasonalize: (forecast: readonly number[]) => number[];
}

/** The M4 benchmarks' deseasonalisation: adjust only when seasonalityTest says seasonal. */
export function seasonalAdjust(y: readonly number[], seasonLength: number): SeasonalAdjustment {
  const n = y.length;
  if (!seasonalityTest(y, seasonLength)) {
    return { seasonal: false, adjusted: [...y], reseasonalize: (f) => [...f] };
  }
  const idx = multiplicativeSeasonalIndices(y, seasonLength);
  return {
    seasonal: true,
    adjusted: y.map((v, t) => v / idx[t % seasonLength]!),
    reseasonalize: (f) => f.map((v, i) => v * idx[(n + i) % seasonLength]!),
  };
}
