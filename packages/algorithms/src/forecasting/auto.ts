// Automatic model choice per series by rolling-origin backtest (Tashman 2000): refit each candidate
// on the data up to several forecast origins, score its forecasts of the next h periods, and keep the
// candidate with the best mean score; the candidate pool follows the demand class (classifyDemand).
import { bias, maseScale, smape, wape } from './accuracy.js';
import { classifyDemand, type DemandClassification } from './demand-class.js';
import { forecastMean, forecastModel, modelMinLength, type ModelForecast, type ModelName } from './models.js';
import { assertHorizon, assertSeasonLength, assertSeries } from './validate.js';

export interface AutoOptions {
  seasonLength?: number;
  levels?: readonly number[];
  /** Number of forecast origins (default 3), spaced ⌈h / origins⌉ apart, the last at n − h. */
  origins?: number;
  /** Restrict or widen the pool; default by demand class (see DEFAULT_POOLS). */
  candidates?: readonly ModelName[];
  nonNegative?: boolean;
}

export interface BacktestAccuracy {
  /** Origins actually scored (those with enough history). */
  origins: number;
  /** Forecast/actual pairs pooled over the origins. */
  points: number;
  /** Mean over origins of sMAPE (percent), MASE (m-step scale of each origin's history), and the selection score. */
  smape: number;
  mase: number;
  score: number;
  /** WAPE and bias over all pooled pairs (null when the actuals sum to zero). */
  wape: number | null;
  bias: number | null;
  /** Σ|y| and Σy of the pooled actuals: the weights that pool WAPE and bias over many series exactly. */
  actualAbsSum: number;
  actualSum: number;
}

export interface AutoForecast extends ModelForecast {
  demand: DemandClassification | null;
  /** Why this model: 'backtest' normally, 'fallback' when the history was too short to backtest. */
  selectedBy: 'backtest' | 'fallback';
  /** Backtest accuracy of every candidate scored, by model name. */
  backtest: Partial<Record<ModelName, BacktestAccuracy>>;
}

/** Pools: the M4 benchmark family for regular demand, the intermittent-demand family (plus SES) otherwise. */
export const DEFAULT_POOLS: Record<'regular' | 'intermittent', readonly ModelName[]> = {
  regular: ['naive', 'ses', 'holt', 'damped', 'theta'],
  intermittent: ['croston', 'sba', 'tsb', 'adida', 'ses'],
};

interface Window { train: number[]; test: number[] }

/** Rolling origins: K windows of length ≤ h whose training ends at n − h − (K − 1 − k)·⌈h/K⌉. */
export function rollingOrigins(y: readonly number[], h: number, origins: number, minTrain: number): Window[] {
  assertHorizon('rollingOrigins', h);
  if (!Number.isInteger(origins) || origins < 1) throw new RangeError(`rollingOrigins: origins must be an integer >= 1, got ${origins}`);
  const step = Math.ceil(h / origins);
  const out: Window[] = [];
  for (let k = 0; k < origins; k++) {
    const end = y.length - h - (origins - 1 - k) * step;
    if (end < minTrain) continue;
    out.push({ train: y.slice(0, end), test: y.slice(end, end + h) });
  }
  return out;
}

function scoreWindows(model: ModelName, windows: readonly Window[], m: number, intermittent: boolean): BacktestAccuracy | null {
  let sS = 0;
  let sM = 0;
  let sScore = 0;
  let used = 0;
  const actual: number[] = [];
  const fc: number[] = [];
  for (const w of windows) {
    if (w.train.length < modelMinLength(model, m)) continue;
    let f: number[];
    try {
      f = forecastMean(model, w.train, w.test.length, m);
    } catch {
      return null;
    }
    if (!f.every(Number.isFinite)) return null;
    const scale = w.train.length > m ? maseScale(w.train, m) : 0;
    const denom = scale > 0 ? scale : Math.max(1e-9, w.train.reduce((s, v) => s + Math.abs(v), 0) / w.train.length);
    let absErr = 0;
    let sqErr = 0;
    for (let i = 0; i < f.length; i++) {
      absErr += Math.abs(w.test[i]! - f[i]!);
      sqErr += (w.test[i]! - f[i]!) ** 2;
    }
    const s = smape(w.test, f);
    const q = absErr / f.length / denom;
    // Naive's sMAPE on the same window normalises sMAPE the way OWA does.
    const naiveS = smape(w.test, new Array<number>(f.length).fill(w.train[w.train.length - 1]!));
    // Regular demand: an OWA-like sum of MASE and relative sMAPE. Intermittent: the RMSSE (M5), since
    // absolute errors and sMAPE reward forecasting zero.
    sScore += intermittent ? Math.sqrt(sqErr / f.length) / denom : q + s / Math.max(naiveS, 1e-9);
    sS += s;
    sM += q;
    used++;
    actual.push(...w.test);
    fc.push(...f);
  }
  if (used === 0) return null;
  const total = actual.reduce((a, v) => a + Math.abs(v), 0);
  const signed = actual.reduce((a, v) => a + v, 0);
  return {
    origins: used, points: actual.length, smape: sS / used, mase: sM / used, score: sScore / used,
    wape: total > 0 ? wape(actual, fc) : null,
    bias: signed !== 0 ? bias(actual, fc) : null,
    actualAbsSum: total, actualSum: signed,
  };
}

/**
 * The automatic choice: classify the demand (when the data are non-negative), backtest each candidate
 * of its pool over rolling origins, refit the best on the whole history and forecast with intervals.
 */
export function autoForecast(y: readonly number[], h: number, opts: AutoOptions = {}): AutoForecast {
  const m = opts.seasonLength ?? 1;
  assertSeasonLength('autoForecast', m);
  assertSeries('autoForecast', y);
  assertHorizon('autoForecast', h);
  const demand = y.every((v) => v >= 0) ? classifyDemand(y) : null;
  const intermittent = demand?.class === 'intermittent' || demand?.class === 'lumpy';
  let pool = opts.candidates ?? (intermittent ? DEFAULT_POOLS.intermittent : DEFAULT_POOLS.regular);
  if (!opts.candidates && m > 1 && !intermittent) pool = [...pool, 'snaive'];
  if (pool.length === 0) throw new RangeError('autoForecast: candidates must not be empty');
  const windows = rollingOrigins(y, h, opts.origins ?? 3, Math.max(4, m + 1));
  const backtest: Partial<Record<ModelName, BacktestAccuracy>> = {};
  let best: ModelName | null = null;
  for (const model of pool) {
    const r = scoreWindows(model, windows, m, intermittent);
    if (!r) continue;
    backtest[model] = r;
    if (best === null || r.score < backtest[best]!.score) best = model;
  }
  const levels = opts.levels ?? [];
  const base = { levels, seasonLength: m, ...(opts.nonNegative === undefined ? {} : { nonNegative: opts.nonNegative }) };
  if (best === null) {
    // Too short to backtest: the simplest sensible model for the class that fits this length.
    const fallback: ModelName = intermittent ? 'sba' : y.length >= 2 ? 'ses' : 'naive';
    const model = opts.candidates?.find((c) => y.length >= modelMinLength(c, m)) ?? fallback;
    return { ...forecastModel(model, y, h, base), demand, selectedBy: 'fallback', backtest };
  }
  return { ...forecastModel(best, y, h, base), demand, selectedBy: 'backtest', backtest };
}
