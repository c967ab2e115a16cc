// One entry point for every model with prediction intervals: forecastModel(name, y, h, opts) returns
// the point forecasts of the existing model functions (bit for bit) plus the standard error of each
// step's forecast error and the requested central intervals (normal quantiles, as R's forecast does).
import { fitAdditiveSmoothing, forecastSmoothing, type SmoothingFit, type TrendKind } from './additive-smoothing.js';
import { ets } from './ets.js';
import { adida, croston, tsb } from './intermittent.js';
import { naive, seasonalNaive } from './naive.js';
import { normalQuantile } from './normal.js';
import { seasonalAdjust } from './seasonality.js';
import { theta } from './theta.js';
import { assertHorizon, assertSeasonLength, assertSeries } from './validate.js';

export const MODEL_NAMES = ['naive', 'snaive', 'naive2', 'ses', 'holt', 'damped', 'theta', 'comb', 'ets', 'croston', 'sba', 'tsb', 'adida'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export const isModelName = (s: string): s is ModelName => (MODEL_NAMES as readonly string[]).includes(s);

export interface ModelOptions {
  seasonLength?: number;
  /** Central interval coverages in percent, e.g. [80, 95]; default none. */
  levels?: readonly number[];
  /** Clip lower bounds at 0; default true when every observation is ≥ 0 (demand). */
  nonNegative?: boolean;
}

export interface PredictionInterval {
  level: number;
  lower: number[];
  upper: number[];
}

export interface ModelForecast {
  model: ModelName;
  /** Detail of the fitted form, e.g. "ETS(M,Ad,N)" or "SES (seasonally adjusted)". */
  method: string;
  mean: number[];
  /** Standard deviation of the h-step forecast error, per step. */
  se: number[];
  intervals: PredictionInterval[];
}

interface Core { mean: number[]; se: number[]; method: string }

/** Variance multipliers of ETS class 1 (Hyndman et al. 2008, Table 6.1): 1 + Σ_{j<h} c_j². */
function etsMultipliers(h: number, alpha: number, beta: number, phi: number, gamma: number, m: number, trend: 'N' | 'A' | 'Ad'): number[] {
  const out: number[] = [];
  let acc = 1;
  let phiSum = 0;
  let pow = 1;
  for (let i = 1; i <= h; i++) {
    out.push(acc);
    // c_j for the next step j = i: α + β·φ_j + γ·[j ≡ 0 mod m]
    pow *= trend === 'Ad' ? phi : 1;
    phiSum += trend === 'N' ? 0 : pow;
    const c = alpha + beta * phiSum + (m > 1 && i % m === 0 ? gamma : 0);
    acc += c * c;
  }
  return out;
}

function smoothingCore(y: readonly number[], h: number, m: number, kind: TrendKind, withSe: boolean): Core & { fit: SmoothingFit } {
  const adj = seasonalAdjust(y, m);
  const fit = fitAdditiveSmoothing(adj.adjusted, kind);
  const mean = adj.reseasonalize(forecastSmoothing(fit, h));
  const name = kind === 'none' ? 'SES' : kind === 'linear' ? 'Holt' : 'Damped';
  const method = adj.seasonal ? `${name} (seasonally adjusted)` : name;
  if (!withSe) return { mean, se: [], method, fit };
  const k = kind === 'none' ? 2 : kind === 'linear' ? 4 : 5;
  const sigma = Math.sqrt(fit.sse / Math.max(1, fit.n - k));
  const mult = etsMultipliers(h, fit.alpha, fit.beta, fit.phi, 0, 1, kind === 'none' ? 'N' : kind === 'linear' ? 'A' : 'Ad');
  // Errors of the adjusted series scale with the seasonal index like the forecast does.
  const se = adj.reseasonalize(mult.map((c) => sigma * Math.sqrt(c)));
  return { mean, se, method, fit };
}

function rmse(errors: readonly number[]): number {
  if (errors.length === 0) return 0;
  return Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
}

/** In-sample one-step forecasts of Croston/SBA (with the model's own start) and TSB, for their error σ. */
function intermittentSigma(y: readonly number[], kind: 'croston' | 'sba' | 'tsb'): number {
  const alpha = 0.1;
  const errors: number[] = [];
  if (kind === 'tsb') {
    let p = y[0]! > 0 ? 1 : 0;
    let z = y[0]! > 0 ? y[0]! : NaN;
    for (let t = 1; t < y.length; t++) {
      errors.push(y[t]! - (Number.isNaN(z) ? 0 : p * z));
      const d = y[t]! > 0 ? 1 : 0;
      p += alpha * (d - p);
      if (d) z = Number.isNaN(z) ? y[t]! : z + alpha * (y[t]! - z);
    }
    return rmse(errors);
  }
  let size = NaN;
  let interval = NaN;
  let last = -1;
  const factor = kind === 'sba' ? 1 - alpha / 2 : 1;
  for (let t = 0; t < y.length; t++) {
    if (!Number.isNaN(size)) errors.push(y[t]! - factor * (size / interval));
    if (y[t]! > 0) {
      const q = t - last;
      last = t;
      if (Number.isNaN(size)) {
        size = y[t]!;
        interval = q;
      } else {
        size += alpha * (y[t]! - size);
        interval += alpha * (q - interval);
      }
    }
  }
  return rmse(errors);
}

function core(model: ModelName, y: readonly number[], h: number, m: number, withSe: boolean): Core {
  const flat = (v: number) => new Array<number>(h).fill(v);
  switch (model) {
    case 'naive': {
      // Random walk: σ² from the one-step differences, Var(h) = h·σ² (R's rwf/naive).
      const mean = naive(y, h).mean;
      if (!withSe) return { mean, se: [], method: 'Naive' };
      const sigma = rmse(y.slice(1).map((v, t) => v - y[t]!));
      return { mean, se: mean.map((_, i) => sigma * Math.sqrt(i + 1)), method: 'Naive' };
    }
    case 'snaive': {
      const mean = seasonalNaive(y, h, { seasonLength: m }).mean;
      if (!withSe) return { mean, se: [], method: 'Seasonal naive' };
      const sigma = rmse(y.slice(m).map((v, t) => v - y[t]!));
      // Var(h) = σ²·(⌊(h − 1)/m⌋ + 1) (R's snaive).
      return { mean, se: mean.map((_, i) => sigma * Math.sqrt(Math.floor(i / m) + 1)), method: 'Seasonal naive' };
    }
    case 'naive2': {
      const adj = seasonalAdjust(y, m);
      const x = adj.adjusted;
      const mean = adj.reseasonalize(flat(x[x.length - 1]!));
      if (!withSe) return { mean, se: [], method: 'Naive2' };
      const sigma = rmse(x.slice(1).map((v, t) => v - x[t]!));
      return { mean, se: adj.reseasonalize(mean.map((_, i) => sigma * Math.sqrt(i + 1))), method: adj.seasonal ? 'Naive2 (seasonally adjusted)' : 'Naive2' };
    }
    case 'ses':
      return smoothingCore(y, h, m, 'none', withSe);
    case 'holt':
      return smoothingCore(y, h, m, 'linear', withSe);
    case 'damped':
      return smoothingCore(y, h, m, 'damped', withSe);
    case 'comb': {
      const parts = (['none', 'linear', 'damped'] as const).map((k) => smoothingCore(y, h, m, k, withSe));
      const mean = parts[0]!.mean.map((_, i) => parts.reduce((s, p) => s + p.mean[i]!, 0) / 3);
      // The mean of the three σ_h: exact if their errors were perfectly correlated, an upper bound otherwise.
      const se = withSe ? mean.map((_, i) => parts.reduce((s, p) => s + p.se[i]!, 0) / 3) : [];
      return { mean, se, method: 'Comb (SES, Holt, Damped)' };
    }
    case 'theta': {
      const r = theta(y, h, { seasonLength: m });
      if (!withSe) return { mean: r.mean, se: [], method: 'Theta' };
      // As R's forecast::thetaf: the interval of SES on the (seasonally adjusted) data, around the Theta mean.
      const s = smoothingCore(y, h, m, 'none', true);
      return { mean: r.mean, se: s.se, method: r.seasonal ? 'Theta (seasonally adjusted)' : 'Theta' };
    }
    case 'ets': {
      const r = ets(y, h, { seasonLength: m });
      if (!withSe) return { mean: r.mean, se: [], method: r.method };
      const f = r.fit;
      const mult = etsMultipliers(h, f.alpha, f.beta, f.phi, f.gamma, f.seasonLength, f.spec.trend);
      const sigma = Math.sqrt(f.sigma2);
      // Additive error: exact class-1 variance. Multiplicative error: σ is relative, so scale by the
      // point forecast — a first-order approximation of the class-2/3 formulas.
      const se = r.mean.map((v, i) => sigma * Math.sqrt(mult[i]!) * (f.spec.error === 'M' ? Math.abs(v) : 1));
      return { mean: r.mean, se, method: r.method };
    }
    case 'croston':
    case 'sba': {
      const mean = croston(y, h, { variant: model === 'sba' ? 'sba' : 'classic' }).mean;
      const name = model === 'sba' ? 'Croston (SBA)' : 'Croston';
      if (!withSe) return { mean, se: [], method: name };
      // Flat forecasts of independent periods: each step's error σ is the in-sample one-step RMSE.
      return { mean, se: flat(intermittentSigma(y, model)), method: name };
    }
    case 'tsb': {
      const mean = tsb(y, h).mean;
      return { mean, se: withSe ? flat(intermittentSigma(y, 'tsb')) : [], method: 'TSB' };
    }
    case 'adida': {
      const r = adida(y, h);
      if (!withSe) return { mean: r.mean, se: [], method: `ADIDA (k = ${r.aggregation})` };
      // σ of single periods around the spread-out bucket forecast, over the aggregated history.
      const level = r.mean[0]!;
      const k = r.aggregation;
      const tail = y.slice(y.length - Math.floor(y.length / k) * k);
      return { mean: r.mean, se: flat(rmse(tail.map((v) => v - level))), method: `ADIDA (k = ${k})` };
    }
  }
}

const MIN_LENGTH: Record<ModelName, number> = {
  naive: 1, snaive: 1, naive2: 1, ses: 1, holt: 2, damped: 2, theta: 2, comb: 2, ets: 3, croston: 1, sba: 1, tsb: 1, adida: 1,
};

/** Minimum observations a model needs (seasonal naive needs one full season). */
export function modelMinLength(model: ModelName, seasonLength = 1): number {
  return model === 'snaive' ? Math.max(1, seasonLength) : MIN_LENGTH[model];
}

/** Point forecasts only (what backtests need): the same numbers as forecastModel without the σ work. */
export function forecastMean(model: ModelName, y: readonly number[], h: number, seasonLength = 1): number[] {
  if (!isModelName(model)) throw new RangeError(`forecastMean: unknown model ${String(model)}`);
  assertSeasonLength(model, seasonLength);
  assertSeries(model, y, modelMinLength(model, seasonLength));
  assertHorizon(model, h);
  return core(model, y, h, seasonLength, false).mean;
}

/** Forecasts, per-step error σ and central prediction intervals mean ± z_{(1+level)/2}·σ_h. */
export function forecastModel(model: ModelName, y: readonly number[], h: number, opts: ModelOptions = {}): ModelForecast {
  if (!isModelName(model)) throw new RangeError(`forecastModel: unknown model ${String(model)} (one of ${MODEL_NAMES.join(', ')})`);
  const m = opts.seasonLength ?? 1;
  assertSeasonLength(model, m);
  assertSeries(model, y, modelMinLength(model, m));
  assertHorizon(model, h);
  const levels = opts.levels ?? [];
  for (const l of levels) if (!(l > 0 && l < 100)) throw new RangeError(`forecastModel: levels must be in (0, 100), got ${l}`);
  const clip = opts.nonNegative ?? y.every((v) => v >= 0);
  const c = core(model, y, h, m, true);
  const intervals = levels.map((level) => {
    const z = normalQuantile(0.5 + level / 200);
    return {
      level,
      lower: c.mean.map((v, i) => (clip ? Math.max(0, v - z * c.se[i]!) : v - z * c.se[i]!)),
      upper: c.mean.map((v, i) => v + z * c.se[i]!),
    };
  });
  return { model, method: c.method, mean: c.mean, se: c.se, intervals };
}
