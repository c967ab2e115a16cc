/**
 * Gamma-Gamma spend model after Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves
 * for Customer Base Analysis", JMR 42(4), and Fader & Hardie's note "The Gamma-Gamma Model of
 * Monetary Value" (2013), equations (1)–(5); the gradient is our differentiation of eq. (4).
 */
import { bfgs } from './bfgs.js';
import { digamma, logGamma } from './special-functions.js';
import { groupByCount, requirePositive, safely } from './validate.js';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  customers: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/** Repeat customers only: x > 0 repeat purchases with mean spend zbar > 0. */
export interface SpendSummary {
  x: ArrayLike<number>;
  zbar: ArrayLike<number>;
}

function validateSpend(where: string, s: SpendSummary): number {
  const n = s.x.length;
  if (s.zbar.length !== n) throw new RangeError(`${where}: x and zbar must have the same length, got ${n} and ${s.zbar.length}`);
  for (let i = 0; i < n; i++) {
    const x = s.x[i]!;
    const z = s.zbar[i]!;
    if (!Number.isInteger(x) || x < 1) throw new RangeError(`${where}: x[${i}] must be an integer >= 1 (fit on repeat customers only), got ${x}`);
    if (!Number.isFinite(z) || z <= 0) throw new RangeError(`${where}: zbar[${i}] must be a finite number > 0, got ${z}`);
  }
  return n;
}

/** Total log-likelihood and its gradient in (ln p, ln q, ln γ); terms in x alone once per distinct x. */
function evaluate(par: GammaGammaParams, s: SpendSummary, groups: ReturnType<typeof groupByCount>, logZ: Float64Array, logX: Float64Array): { ll: number; gradient: number[] } {
  const { p, q, gamma } = par;
  const k = groups.values.length;
  const constant = new Float64Array(k);
  const dConstP = new Float64Array(k);
  const dConstQ = new Float64Array(k);
  const logGammaParam = Math.log(gamma);
  const base = -logGamma(q) + q * logGammaParam;
  const baseQ = -digamma(q) + logGammaParam;
  for (let g = 0; g < k; g++) {
    const x = groups.values[g]!;
    const px = p * x;
    const psiPxQ = digamma(px + q);
    constant[g] = base + logGamma(px + q) - logGamma(px);
    dConstP[g] = x * (psiPxQ - digamma(px));
    dConstQ[g] = baseQ + psiPxQ;
  }
  let total = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < logZ.length; i++) {
    const x = s.x[i]!;
    const px = p * x;
    const g = groups.index[i]!;
    const denom = gamma + x * s.zbar[i]!;
    const logDenom = Math.log(denom);
    // ln f(zbar | x) of the mean of x Gamma(p, ν) spends, mixed over ν ~ Gamma(q, γ).
    total += constant[g]! + (px - 1) * logZ[i]! + px * logX[i]! - (px + q) * logDenom;
    gp += dConstP[g]! + x * (logZ[i]! + logX[i]! - logDenom);
    gq += dConstQ[g]! - logDenom;
    gg += q / gamma - (px + q) / denom;
  }
  return { ll: total, gradient: [gp * p, gq * q, gg * gamma] };
}

/** Maximum-likelihood fit of p, q, γ on log-parameters. */
export function fitGammaGamma(summary: SpendSummary, options: { initial?: GammaGammaParams } = {}): GammaGammaFit {
  const n = validateSpend('fitGammaGamma', summary);
  if (n === 0) throw new RangeError('fitGammaGamma: summary must contain at least one repeat customer');
  const init = options.initial ?? { p: 1, q: 1, gamma: 1 };
  requirePositive('fitGammaGamma: initial', init, ['p', 'q', 'gamma']);
  const groups = groupByCount(summary.x);
  const logZ = new Float64Array(n);
  const logX = new Float64Array(n);
  for (let i = 0; i < n; i++) { logZ[i] = Math.log(summary.zbar[i]!); logX[i] = Math.log(summary.x[i]!); }
  const fromLog = (v: readonly number[]) => ({ p: Math.exp(v[0]!), q: Math.exp(v[1]!), gamma: Math.exp(v[2]!) });
  const res = bfgs((v) => {
    // Parameters that under- or overflow make the special functions throw: treat as infeasible.
    const e = safely(() => evaluate(fromLog(v), summary, groups, logZ, logX));
    return e && Number.isFinite(e.ll) ? { value: -e.ll, gradient: e.gradient.map((d) => -d) } : { value: Infinity, gradient: [0, 0, 0] };
  }, [init.p, init.q, init.gamma].map(Math.log));
  return { ...fromLog(res.x), logLikelihood: -res.value, customers: n, iterations: res.iterations, evaluations: res.evaluations, converged: res.converged };
}

/**
 * E[Z | x, zbar] per customer: a weighted mean of the population mean γp/(q−1) and the
 * customer's own zbar, weight px/(px+q−1) on the latter. Customers with x = 0 get the
 * population mean. Needs q > 1, else the population mean spend is infinite.
 */
export function gammaGammaConditionalExpectedSpend(params: GammaGammaParams, summary: { x: ArrayLike<number>; zbar: ArrayLike<number> }): Float64Array {
  requirePositive('gammaGammaConditionalExpectedSpend', params, ['p', 'q', 'gamma']);
  if (params.q <= 1) throw new RangeError(`gammaGammaConditionalExpectedSpend: q must be > 1 for a finite mean spend, got ${params.q}`);
  const n = summary.x.length;
  if (summary.zbar.length !== n) throw new RangeError(`gammaGammaConditionalExpectedSpend: x and zbar must have the same length, got ${n} and ${summary.zbar.length}`);
  const { p, q, gamma } = params;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = summary.x[i]!;
    const z = summary.zbar[i]!;
    if (!Number.isInteger(x) || x < 0) throw new RangeError(`gammaGammaConditionalExpectedSpend: x[${i}] must be an integer >= 0, got ${x}`);
    if (x > 0 && (!Number.isFinite(z) || z <= 0)) throw new RangeError(`gammaGammaConditionalExpectedSpend: zbar[${i}] must be a finite number > 0 when x > 0, got ${z}`);
    const w = (p * x) / (p * x + q - 1);
    out[i] = (1 - w) * ((gamma * p) / (q - 1)) + (x > 0 ? w * z : 0);
  }
  return out;
}
