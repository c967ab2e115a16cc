// Naive benchmarks of the M4 competition (Makridakis et al., IJF 2020): Naive1, seasonal naive
// and Naive2 (Naive1 on data seasonally adjusted when the 90% autocorrelation test says so).
import { seasonalAdjust } from './seasonality.js';
import type { Forecast, SeasonalOptions } from './types.js';
import { assertHorizon, assertSeasonLength, assertSeries } from './validate.js';

/** Naive1: every future step equals the last observation. */
export function naive(y: readonly number[], h: number): Forecast {
  assertSeries('naive', y);
  assertHorizon('naive', h);
  return { mean: new Array<number>(h).fill(y[y.length - 1]!) };
}

/** Seasonal naive: step i repeats the observation one season earlier (Naive1 when m = 1). */
export function seasonalNaive(y: readonly number[], h: number, opts: SeasonalOptions = {}): Forecast {
  const m = opts.seasonLength ?? 1;
  assertSeasonLength('seasonalNaive', m);
  assertSeries('seasonalNaive', y, m);
  assertHorizon('seasonalNaive', h);
  const n = y.length;
  return { mean: Array.from({ length: h }, (_, i) => y[n - m + (i % m)]!) };
}

/** Naive2: Naive1 on the seasonally adjusted series, reseasonalised with the decomposition indices. */
export function naive2(y: readonly number[], h: number, opts: SeasonalOptions = {}): Forecast & { seasonal: boolean } {
  const m = opts.seasonLength ?? 1;
  assertSeasonLength('naive2', m);
  assertSeries('naive2', y);
  assertHorizon('naive2', h);
  const adj = seasonalAdjust(y, m);
  const level = adj.adjusted[adj.adjusted.length - 1]!;
  return { mean: adj.reseasonalize(new Array<number>(h).fill(level)), seasonal: adj.seasonal };
}
