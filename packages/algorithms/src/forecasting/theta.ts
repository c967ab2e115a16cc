// The standard Theta method (Assimakopoulos & Nikolopoulos 2000) as the M4 benchmark runs it: on the
// seasonally adjusted series, the mean of the extrapolated regression line (θ = 0) and SES on θ = 2.
import { fitAdditiveSmoothing, forecastSmoothing } from './additive-smoothing.js';
import { seasonalAdjust } from './seasonality.js';
import type { Forecast, SeasonalOptions } from './types.js';
import { assertHorizon, assertSeasonLength, assertSeries } from './validate.js';

export function theta(y: readonly number[], h: number, opts: SeasonalOptions = {}): Forecast & { seasonal: boolean } {
  const m = opts.seasonLength ?? 1;
  assertSeasonLength('theta', m);
  assertSeries('theta', y, 2);
  assertHorizon('theta', h);
  const adj = seasonalAdjust(y, m);
  const x = adj.adjusted;
  const n = x.length;
  // Ordinary least squares of x on t = 1..n: the θ = 0 line.
  const tBar = (n + 1) / 2;
  const xBar = x.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t + 1 - tBar) * (x[t]! - xBar);
    sxx += (t + 1 - tBar) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = xBar - slope * tBar;
  // θ = 2 doubles the local curvature: 2x − line.
  const theta2 = x.map((v, t) => 2 * v - (intercept + slope * (t + 1)));
  const sesPart = forecastSmoothing(fitAdditiveSmoothing(theta2, 'none'), h);
  const combined = sesPart.map((v, i) => 0.5 * (intercept + slope * (n + i + 1)) + 0.5 * v);
  return { mean: adj.reseasonalize(combined), seasonal: adj.seasonal };
}
