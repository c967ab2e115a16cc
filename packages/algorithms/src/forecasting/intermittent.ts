// Intermittent-demand models: Croston (1972) and its SBA bias correction (Syntetos & Boylan 2005),
// TSB (Teunter, Syntetos & Babai 2011) and ADIDA (Nikolopoulos et al. 2011), with the fixed smoothing
// constants the literature uses by default (α = 0.1) unless given.
import { fitAdditiveSmoothing, forecastSmoothing } from './additive-smoothing.js';
import type { Forecast } from './types.js';
import { assertHorizon, assertNonNegative, assertSeries, assertUnitInterval } from './validate.js';

/** Simple exponential smoothing with a fixed α, level started at the first value. */
function smoothedLevel(x: readonly number[], alpha: number): number {
  let level = x[0]!;
  for (let i = 1; i < x.length; i++) level += alpha * (x[i]! - level);
  return level;
}

/** Non-zero demand sizes and the intervals before each (the first counted from a demand just before the sample). */
export function demandIntervals(y: readonly number[]): { sizes: number[]; intervals: number[] } {
  const sizes: number[] = [];
  const intervals: number[] = [];
  let last = -1;
  for (let t = 0; t < y.length; t++) {
    if (y[t]! > 0) {
      sizes.push(y[t]!);
      intervals.push(t - last);
      last = t;
    }
  }
  return { sizes, intervals };
}

function checkDemand(fn: string, y: readonly number[], h: number): void {
  assertSeries(fn, y);
  assertNonNegative(fn, y);
  assertHorizon(fn, h);
}

export interface CrostonOptions {
  /** Smoothing constant for both demand sizes and intervals; default 0.1. */
  alpha?: number;
  /** 'classic' (Croston 1972) or 'sba' (× (1 − α/2), Syntetos & Boylan 2005); default classic. */
  variant?: 'classic' | 'sba';
}

/** Croston: smoothed demand size over smoothed inter-demand interval, flat over the horizon. */
export function croston(y: readonly number[], h: number, opts: CrostonOptions = {}): Forecast {
  checkDemand('croston', y, h);
  const alpha = opts.alpha ?? 0.1;
  assertUnitInterval('croston', 'alpha', alpha);
  const { sizes, intervals } = demandIntervals(y);
  if (sizes.length === 0) return { mean: new Array<number>(h).fill(0) };
  const rate = smoothedLevel(sizes, alpha) / smoothedLevel(intervals, alpha);
  // Croston's ratio is biased upwards; SBA's factor removes the first-order bias.
  const level = opts.variant === 'sba' ? rate * (1 - alpha / 2) : rate;
  return { mean: new Array<number>(h).fill(level) };
}

/** Croston with the Syntetos–Boylan approximation. */
export function crostonSba(y: readonly number[], h: number, opts: { alpha?: number } = {}): Forecast {
  return croston(y, h, { ...opts, variant: 'sba' });
}

export interface TsbOptions {
  /** Smoothing constant of the demand probability (updated every period); default 0.1. */
  alphaProbability?: number;
  /** Smoothing constant of the demand size (updated on demand periods only); default 0.1. */
  alphaDemand?: number;
}

/**
 * TSB: probability of demand × demand size. Updating the probability every period lets the
 * forecast decay during long runs of zeros (obsolescence), which Croston cannot do.
 */
export function tsb(y: readonly number[], h: number, opts: TsbOptions = {}): Forecast {
  checkDemand('tsb', y, h);
  const ap = opts.alphaProbability ?? 0.1;
  const ad = opts.alphaDemand ?? 0.1;
  assertUnitInterval('tsb', 'alphaProbability', ap);
  assertUnitInterval('tsb', 'alphaDemand', ad);
  let p = y[0]! > 0 ? 1 : 0;
  let z = NaN;
  for (let t = 0; t < y.length; t++) {
    const d = y[t]! > 0 ? 1 : 0;
    if (t > 0) p += ap * (d - p);
    if (d) z = Number.isNaN(z) ? y[t]! : z + ad * (y[t]! - z);
  }
  const level = Number.isNaN(z) ? 0 : p * z;
  return { mean: new Array<number>(h).fill(level) };
}

export interface AdidaOptions {
  /** Fixed SES constant on the aggregate series; by default α is fitted by least squares. */
  alpha?: number;
}

/**
 * ADIDA: sum the series into non-overlapping buckets of k = round(mean inter-demand interval)
 * periods (aligned to the end, so the last bucket is complete), forecast the bucket totals by
 * SES, and spread the bucket forecast evenly over its k periods.
 */
export function adida(y: readonly number[], h: number, opts: AdidaOptions = {}): Forecast & { aggregation: number } {
  checkDemand('adida', y, h);
  if (opts.alpha !== undefined) assertUnitInterval('adida', 'alpha', opts.alpha);
  const { sizes, intervals } = demandIntervals(y);
  if (sizes.length === 0) return { mean: new Array<number>(h).fill(0), aggregation: 1 };
  const adi = intervals.reduce((s, v) => s + v, 0) / intervals.length;
  const k = Math.max(1, Math.min(Math.round(adi), y.length));
  const buckets: number[] = [];
  for (let end = y.length; end - k >= 0; end -= k) {
    let s = 0;
    for (let t = end - k; t < end; t++) s += y[t]!;
    buckets.unshift(s);
  }
  const total = opts.alpha !== undefined ? smoothedLevel(buckets, opts.alpha) : forecastSmoothing(fitAdditiveSmoothing(buckets, 'none'), 1)[0]!;
  return { mean: new Array<number>(h).fill(Math.max(0, total) / k), aggregation: k };
}
