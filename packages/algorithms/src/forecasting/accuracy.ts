// Forecast accuracy as the M4 competition defines it (Makridakis, Spiliotis & Assimakopoulos,
// IJF 2020; docs/metrics.md "Forecast accuracy"), plus WAPE and bias for SKU-level demand.
import { assertSameLength, assertSeasonLength, assertSeries } from './validate.js';

/** sMAPE in percent: mean over the horizon of 200|y − f| / (|y| + |f|); a 0/0 step counts as 0. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  assertSameLength('smape', actual, forecast);
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const f = forecast[i]!;
    const d = Math.abs(a) + Math.abs(f);
    // M4 data are strictly positive so 0/0 never arises there; 0 keeps a perfect zero forecast perfect.
    if (d > 0) s += (200 * Math.abs(a - f)) / d;
  }
  return s / actual.length;
}

/**
 * In-sample scale of MASE: mean absolute m-step seasonal-naive error over the training data
 * (M4: m = 1 Yearly/Weekly/Daily, 4 Quarterly, 12 Monthly, 24 Hourly).
 */
export function maseScale(insample: readonly number[], seasonLength: number): number {
  assertSeasonLength('maseScale', seasonLength);
  assertSeries('maseScale', insample, seasonLength + 1);
  let s = 0;
  for (let t = seasonLength; t < insample.length; t++) s += Math.abs(insample[t]! - insample[t - seasonLength]!);
  return s / (insample.length - seasonLength);
}

/** MASE: mean absolute forecast error divided by the in-sample seasonal-naive MAE. */
export function mase(insample: readonly number[], actual: readonly number[], forecast: readonly number[], seasonLength: number): number {
  assertSameLength('mase', actual, forecast);
  const scale = maseScale(insample, seasonLength);
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i]! - forecast[i]!);
  // A constant history has no scale; M4 has no such series, and Infinity/NaN would poison averages.
  if (scale === 0) throw new RangeError('mase: in-sample seasonal-naive error is zero, MASE undefined');
  return s / actual.length / scale;
}

/**
 * OWA relative to Naive2, from set-level averages (not per series), as M4 computes it:
 * 0.5 × (sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2).
 */
export function owa(smapeValue: number, maseValue: number, naive2Smape: number, naive2Mase: number): number {
  for (const [k, v] of Object.entries({ smapeValue, maseValue, naive2Smape, naive2Mase })) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`owa: ${k} must be a finite number >= 0, got ${v}`);
  }
  if (naive2Smape === 0 || naive2Mase === 0) throw new RangeError('owa: Naive2 scores must be positive');
  return 0.5 * (smapeValue / naive2Smape + maseValue / naive2Mase);
}

/** WAPE = Σ|y − f| / Σ|y| (docs/metrics.md); weights errors by volume so slow movers don't dominate. */
export function wape(actual: readonly number[], forecast: readonly number[]): number {
  assertSameLength('wape', actual, forecast);
  let num = 0;
  let den = 0;
  for (let i = 0; i < actual.length; i++) {
    num += Math.abs(actual[i]! - forecast[i]!);
    den += Math.abs(actual[i]!);
  }
  if (den === 0) throw new RangeError('wape: actuals sum to zero, WAPE undefined');
  return num / den;
}

/** Bias = Σ(f − y) / Σy (docs/metrics.md): positive means over-forecasting. */
export function bias(actual: readonly number[], forecast: readonly number[]): number {
  assertSameLength('bias', actual, forecast);
  let num = 0;
  let den = 0;
  for (let i = 0; i < actual.length; i++) {
    num += forecast[i]! - actual[i]!;
    den += actual[i]!;
  }
  if (den === 0) throw new RangeError('bias: actuals sum to zero, bias undefined');
  return num / den;
}
