// Additive-error, non-seasonal exponential smoothing (ETS A,N,N / A,A,N / A,Ad,N of Hyndman et al.
// 2008), fitted as R's forecast::ses/holt do: smoothing parameters and initial states by least squares.
import { nelderMead } from './nelder-mead.js';
import { assertHorizon, assertSeries } from './validate.js';

export type TrendKind = 'none' | 'linear' | 'damped';

export interface SmoothingFit {
  alpha: number;
  beta: number;
  phi: number;
  /** Initial level and trend (time 0), as estimated. */
  level0: number;
  trend0: number;
  /** Final level and trend, from which forecasts start. */
  level: number;
  trend: number;
  sse: number;
  n: number;
}

// Bounds as forecast::ets's "usual" region: 0 < β ≤ α < 1 and 0.8 ≤ φ ≤ 0.98.
const LO = 1e-4;
const HI = 0.9999;

function run(y: readonly number[], alpha: number, beta: number, phi: number, l0: number, b0: number): [number, number, number] {
  let l = l0;
  let b = b0;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const yhat = l + phi * b;
    const e = y[t]! - yhat;
    sse += e * e;
    l = yhat + alpha * e;
    b = phi * b + beta * e;
  }
  return [sse, l, b];
}

export function fitAdditiveSmoothing(y: readonly number[], kind: TrendKind): SmoothingFit {
  assertSeries('fitAdditiveSmoothing', y, kind === 'none' ? 1 : 2);
  if (!['none', 'linear', 'damped'].includes(kind)) throw new RangeError(`fitAdditiveSmoothing: unknown trend kind ${kind}`);
  const n = y.length;
  const maxn = Math.min(10, n);
  // Starting states as forecast::ets initstate(): mean of the first 10, or their regression line.
  let l0 = 0;
  let b0 = 0;
  for (let t = 0; t < maxn; t++) l0 += y[t]! / maxn;
  if (kind !== 'none' && maxn > 1) {
    const tBar = (maxn + 1) / 2;
    let sxy = 0;
    let sxx = 0;
    for (let t = 0; t < maxn; t++) {
      sxy += (t + 1 - tBar) * (y[t]! - l0);
      sxx += (t + 1 - tBar) ** 2;
    }
    b0 = sxy / sxx;
    l0 -= b0 * tBar;
  }
  let spread = 0;
  for (let t = 1; t < n; t++) spread += Math.abs(y[t]! - y[t - 1]!) / Math.max(1, n - 1);
  const scale = Math.max(spread, Math.abs(l0) * 1e-3, 1e-8);

  const trended = kind !== 'none';
  const damped = kind === 'damped';
  const unpack = (x: readonly number[]) => {
    let i = 0;
    const alpha = x[i++]!;
    const beta = trended ? x[i++]! : 0;
    const phi = damped ? x[i++]! : 1;
    const lv = l0 + scale * x[i++]!;
    const tr = trended ? b0 + 0.1 * scale * x[i++]! : 0;
    return { alpha, beta, phi, lv, tr };
  };
  const objective = (x: readonly number[]): number => {
    const p = unpack(x);
    if (p.alpha < LO || p.alpha > HI) return Infinity;
    if (trended && (p.beta < LO || p.beta > p.alpha)) return Infinity;
    if (damped && (p.phi < 0.8 || p.phi > 0.98)) return Infinity;
    return run(y, p.alpha, p.beta, p.phi, p.lv, p.tr)[0];
  };
  // Start values as forecast::ets initparam(): α 0.2·range, β 0.1·α, φ near its upper bound.
  const x0 = [LO + 0.2 * (HI - LO)];
  const step = [0.1];
  const add = (v: number, s: number) => {
    x0.push(v);
    step.push(s);
  };
  if (trended) add(LO + 0.1 * (x0[0]! - LO), 0.01);
  if (damped) add(0.8 + 0.99 * 0.18, -0.02);
  add(0, 0.5);
  if (trended) add(0, 0.5);
  let best = nelderMead(objective, x0, { step, maxEvaluations: 600 * x0.length, tolerance: 1e-9 });
  // One restart from the optimum: a collapsed simplex often stops short of the minimum.
  const again = nelderMead(objective, best.x, { step: step.map((s) => s / 4), maxEvaluations: 300 * x0.length, tolerance: 1e-11 });
  if (again.value <= best.value) best = again;
  const p = unpack(best.x);
  const [sse, level, trend] = run(y, p.alpha, p.beta, p.phi, p.lv, p.tr);
  return { alpha: p.alpha, beta: p.beta, phi: p.phi, level0: p.lv, trend0: p.tr, level, trend, sse, n };
}

/** h-step forecasts from a fit: l + (φ + … + φ^i)·b. */
export function forecastSmoothing(fit: SmoothingFit, h: number): number[] {
  assertHorizon('forecastSmoothing', h);
  const out: number[] = [];
  let damp = 0;
  let pow = 1;
  for (let i = 0; i < h; i++) {
    pow *= fit.phi;
    damp += pow;
    out.push(fit.level + damp * fit.trend);
  }
  return out;
}
