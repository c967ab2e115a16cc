// One ETS state-space model (Hyndman, Koehler, Snyder & Grose 2002; Hyndman et al. 2008) fitted by
// maximum likelihood as R's forecast::ets does, within its "usual" parameter bounds.
import { nelderMead } from './nelder-mead.js';
import { multiplicativeSeasonalIndices } from './seasonality.js';
import { assertHorizon, assertSeasonLength, assertSeries } from './validate.js';

export interface EtsSpec {
  error: 'A' | 'M';
  trend: 'N' | 'A' | 'Ad';
  season: 'N' | 'A' | 'M';
}

export interface EtsFit {
  spec: EtsSpec;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  /** Final level, trend and seasonal states; seasonal[j] serves positions t ≡ j (mod m). */
  level: number;
  trend: number;
  seasonal: number[];
  seasonLength: number;
  /** −2 log-likelihood up to a constant shared by all models of one series (R's `lik`). */
  lik: number;
  aicc: number;
  parameters: number;
  /** Residual variance Σr²/(n − k) (additive error) or Σ(r/ŷ)²/(n − k) (multiplicative), as R's sigma2. */
  sigma2: number;
}

interface State { alpha: number; beta: number; gamma: number; phi: number; l0: number; b0: number; s0: number[] }

/**
 * Runs the recursions; in terms of the raw residual r = y − ŷ the state updates are the same for
 * additive and multiplicative errors — the error type only changes the likelihood.
 */
function filter(y: readonly number[], spec: EtsSpec, m: number, p: State) {
  let l = p.l0;
  let b = p.b0;
  const s = [...p.s0];
  let sumSq = 0;
  let sumLog = 0;
  for (let t = 0; t < y.length; t++) {
    const j = t % m;
    const q = l + p.phi * b;
    const st = s[j]!;
    const yhat = spec.season === 'A' ? q + st : spec.season === 'M' ? q * st : q;
    const r = y[t]! - yhat;
    if (spec.error === 'M') {
      if (!(yhat > 0)) return null;
      sumSq += (r / yhat) ** 2;
      sumLog += Math.log(yhat);
    } else sumSq += r * r;
    const rs = spec.season === 'M' ? r / st : r;
    l = q + p.alpha * rs;
    b = p.phi * b + p.beta * rs;
    if (spec.season === 'A') s[j] = st + p.gamma * r;
    else if (spec.season === 'M') {
      if (!(q > 0)) return null;
      s[j] = st + (p.gamma * r) / q;
    }
  }
  const n = y.length;
  const lik = n * Math.log(sumSq) + 2 * sumLog;
  return Number.isFinite(lik) ? { lik, l, b, s, sumSq } : null;
}

function initialSeasonal(y: readonly number[], spec: EtsSpec, m: number): number[] {
  if (spec.season === 'N') return [0];
  const head = y.slice(0, Math.min(y.length, 4 * m));
  const idx = multiplicativeSeasonalIndices(head, m);
  if (spec.season === 'M') return idx;
  // Additive indices from the multiplicative ones scaled by the level keep one decomposition routine.
  const mean = head.reduce((a, v) => a + v, 0) / head.length;
  return idx.map((v) => (v - 1) * mean);
}

/** Fits one model; null when no parameters inside the bounds give a finite likelihood. */
export function fitEtsModel(y: readonly number[], spec: EtsSpec, m: number): EtsFit | null {
  assertSeries('fitEtsModel', y, 3);
  assertSeasonLength('fitEtsModel', m);
  if (spec.season !== 'N' && (m < 2 || y.length < 2 * m)) throw new RangeError('fitEtsModel: a seasonal model needs m >= 2 and at least 2m observations');
  if (spec.season === 'M' && spec.error === 'A') throw new RangeError('fitEtsModel: additive error with multiplicative season is not supported (unstable, as R excludes it)');
  const n = y.length;
  const seasonal = spec.season !== 'N';
  const trended = spec.trend !== 'N';
  const damped = spec.trend === 'Ad';
  const s0 = seasonal ? initialSeasonal(y, spec, m) : [0];
  const period = seasonal ? m : 1;
  const adj = y.map((v, t) => (spec.season === 'M' ? v / s0[t % m]! : spec.season === 'A' ? v - s0[t % m]! : v));
  const maxn = Math.min(10, n);
  let l0 = adj.slice(0, maxn).reduce((a, v) => a + v, 0) / maxn;
  let b0 = 0;
  if (trended && maxn > 1) {
    const tBar = (maxn + 1) / 2;
    let sxy = 0;
    let sxx = 0;
    for (let t = 0; t < maxn; t++) {
      sxy += (t + 1 - tBar) * (adj[t]! - l0);
      sxx += (t + 1 - tBar) ** 2;
    }
    b0 = sxy / sxx;
    l0 -= b0 * tBar;
  }
  let spread = 0;
  for (let t = 1; t < n; t++) spread += Math.abs(adj[t]! - adj[t - 1]!) / Math.max(1, n - 1);
  const scale = Math.max(spread, Math.abs(l0) * 1e-3, 1e-8);
  // Seasonal initial states are optimised for short cycles as R does; for long ones (Hourly, m = 24)
  // they stay at the decomposition values so the simplex remains small — they still count in AICc.
  // (Optimising all 23 for Hourly improved a 52-series M4 subset from OWA 1.48 to 1.16 but ran 10× slower.)
  const freeSeasons = seasonal && m <= 12 ? m - 1 : 0;
  const unpack = (x: readonly number[]): State => {
    let i = 0;
    const alpha = x[i++]!;
    const beta = trended ? x[i++]! : 0;
    const gamma = seasonal ? x[i++]! : 0;
    const phi = damped ? x[i++]! : trended ? 1 : 0;
    const lv = l0 + scale * x[i++]!;
    const tr = trended ? b0 + 0.1 * scale * x[i++]! : 0;
    const s = [...s0];
    if (freeSeasons > 0) {
      const unit = spec.season === 'M' ? 0.1 : scale;
      for (let j = 0; j < freeSeasons; j++) s[j] = s0[j]! + unit * x[i++]!;
      const rest = s.slice(0, m - 1).reduce((a, v) => a + v, 0);
      s[m - 1] = spec.season === 'M' ? m - rest : -rest;
    }
    return { alpha, beta, gamma, phi, l0: lv, b0: tr, s0: s };
  };
  const objective = (x: readonly number[]): number => {
    const p = unpack(x);
    if (p.alpha < 1e-4 || p.alpha > 0.9999) return Infinity;
    if (trended && (p.beta < 1e-4 || p.beta > p.alpha)) return Infinity;
    if (seasonal && (p.gamma < 1e-4 || p.gamma > 1 - p.alpha)) return Infinity;
    if (damped && (p.phi < 0.8 || p.phi > 0.98)) return Infinity;
    if (spec.season === 'M' && p.s0.some((v) => v <= 0)) return Infinity;
    return filter(y, spec, period, p)?.lik ?? Infinity;
  };
  // Start values as forecast::ets initparam(): small α, β and γ, φ near its upper bound.
  const x0: number[] = [];
  const step: number[] = [];
  const add = (v: number, d: number) => {
    x0.push(v);
    step.push(d);
  };
  add(seasonal ? 0.1 : 0.2, 0.1);
  if (trended) add(0.02, 0.01);
  if (seasonal) add(0.05, 0.02);
  if (damped) add(0.978, -0.02);
  add(0, 0.5);
  if (trended) add(0, 0.5);
  for (let j = 0; j < freeSeasons; j++) add(0, 0.2);
  let best = nelderMead(objective, x0, { step, maxEvaluations: 400 * x0.length, tolerance: 1e-9 });
  const again = nelderMead(objective, best.x, { step: step.map((v) => v / 4), maxEvaluations: 200 * x0.length, tolerance: 1e-11 });
  if (again.value <= best.value) best = again;
  if (!Number.isFinite(best.value)) return null;
  const p = unpack(best.x);
  const out = filter(y, spec, period, p)!;
  const k = 1 + (trended ? 1 : 0) + (seasonal ? 1 : 0) + (damped ? 1 : 0) + 1 + (trended ? 1 : 0) + (seasonal ? m - 1 : 0) + 1;
  const aicc = out.lik + 2 * k + (n - k - 1 > 0 ? (2 * k * (k + 1)) / (n - k - 1) : Infinity);
  return {
    spec, alpha: p.alpha, beta: p.beta, gamma: p.gamma, phi: damped ? p.phi : 1,
    level: out.l, trend: out.b, seasonal: out.s, seasonLength: period, lik: out.lik, aicc, parameters: k,
    // k counts σ itself (for AICc); R divides by n minus the estimated smoothing parameters and states.
    sigma2: out.sumSq / Math.max(1, n - (k - 1)),
  };
}

/** Point forecasts: level + damped trend sum, plus or times the seasonal state of that position. */
export function forecastEtsModel(fit: EtsFit, n: number, h: number): number[] {
  assertHorizon('forecastEtsModel', h);
  const out: number[] = [];
  let damp = 0;
  let pow = 1;
  for (let i = 0; i < h; i++) {
    pow *= fit.spec.trend === 'N' ? 0 : fit.phi;
    damp += pow;
    const q = fit.level + damp * fit.trend;
    const st = fit.seasonal[(n + i) % fit.seasonLength]!;
    out.push(fit.spec.season === 'A' ? q + st : fit.spec.season === 'M' ? q * st : q);
  }
  return out;
}
