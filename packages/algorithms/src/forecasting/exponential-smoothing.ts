// The M4 exponential-smoothing benchmarks (Makridakis et al., IJF 2020): SES, Holt and Damped fitted
// on the seasonally adjusted series and reseasonalised, and Comb, the mean of the three.
import { fitAdditiveSmoothing, forecastSmoothing, type SmoothingFit, type TrendKind } from './additive-smoothing.js';
import { seasonalAdjust } from './seasonality.js';
import type { Forecast, SeasonalOptions } from './types.js';
import { assertHorizon, assertSeasonLength, assertSeries } from './validate.js';

export interface SmoothingForecast extends Forecast {
  fit: SmoothingFit;
  seasonal: boolean;
}

function smoothingBenchmark(fn: string, kind: TrendKind, y: readonly number[], h: number, opts: SeasonalOptions): SmoothingForecast {
  const m = opts.seasonLength ?? 1;
  assertSeasonLength(fn, m);
  assertSeries(fn, y, kind === 'none' ? 1 : 2);
  assertHorizon(fn, h);
  const adj = seasonalAdjust(y, m);
  const fit = fitAdditiveSmoothing(adj.adjusted, kind);
  return { mean: adj.reseasonalize(forecastSmoothing(fit, h)), fit, seasonal: adj.seasonal };
}

/** SES (ETS A,N,N) on seasonally adjusted data. */
export function ses(y: readonly number[], h: number, opts: SeasonalOptions = {}): SmoothingForecast {
  return smoothingBenchmark('ses', 'none', y, h, opts);
}

/** Holt's linear trend (ETS A,A,N) on seasonally adjusted data. */
export function holt(y: readonly number[], h: number, opts: SeasonalOptions = {}): SmoothingForecast {
  return smoothingBenchmark('holt', 'linear', y, h, opts);
}

/** Damped trend (ETS A,Ad,N, Gardner & McKenzie) on seasonally adjusted data. */
export function damped(y: readonly number[], h: number, opts: SeasonalOptions = {}): SmoothingForecast {
  return smoothingBenchmark('damped', 'damped', y, h, opts);
}

/** Comb: the simple mean of SES, Holt and Damped (M4's "Com" benchmark). */
export function comb(y: readonly number[], h: number, opts: SeasonalOptions = {}): Forecast {
  const a = ses(y, h, opts).mean;
  const b = holt(y, h, opts).mean;
  const c = damped(y, h, opts).mean;
  return { mean: a.map((v, i) => (v + b[i]! + c[i]!) / 3) };
}
