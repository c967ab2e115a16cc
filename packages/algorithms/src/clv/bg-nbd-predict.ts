/**
 * BG/NBD predictions after Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way":
 * E[X(t)] (eq. 9), P(alive | x, t_x, T) (eq. 11) and E[Y(t) | x, t_x, T] (eq. 10).
 */
import type { BgNbdParams } from './bg-nbd.js';
import { hyp2f1, hyp2f1SeriesLength } from './special-functions.js';
import { requireNonNegative, requirePositive, validateSummary, type BtydSummary } from './validate.js';

/**
 * 1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z), z = t/(α+T+t).
 * Euler's transformation 2F1(A,B;C;z) = (1−z)^(C−A−B) 2F1(C−A, C−B; C; z) gives the equal form
 * 1 − (1−z)^(a−1) · 2F1(a+b−1−r, a−1; a+b+x−1; z), whose upper parameters do not grow with x. We
 * sum whichever series is shorter: the transformed one for heavy buyers and long horizons, the
 * direct one when a and b run large (a short history with no sign of dropout fits a, b → ∞, the
 * NBD limit, where the transformed series would need millions of terms).
 */
function purchaseBracket(p: BgNbdParams, x: number, T: number, t: number): number {
  const z = t / (p.alpha + T + t);
  const c = p.a + p.b + x - 1;
  const [A, B, power] = hyp2f1SeriesLength(p.a + p.b - 1 - p.r, p.a - 1, c, z) <= hyp2f1SeriesLength(p.r + x, p.b + x, c, z)
    ? [p.a + p.b - 1 - p.r, p.a - 1, p.a - 1]
    : [p.r + x, p.b + x, p.r + x];
  return 1 - Math.pow(1 - z, power) * hyp2f1(A, B, c, z);
}

/**
 * (a+b+x−1)/(a−1) · bracket. a = 1 is a removable singularity (the bracket vanishes with a−1);
 * near it we take the mean of a = 1 ± 1e-5, whose error is far below the model's own.
 */
function scaledBracket(p: BgNbdParams, x: number, T: number, t: number): number {
  if (t === 0) return 0;
  if (Math.abs(p.a - 1) < 1e-6) {
    const at = (a: number) => ((a + p.b + x - 1) / (a - 1)) * purchaseBracket({ ...p, a }, x, T, t);
    return (at(1 - 1e-5) + at(1 + 1e-5)) / 2;
  }
  return ((p.a + p.b + x - 1) / (p.a - 1)) * purchaseBracket(p, x, T, t);
}

/** Expected number of repeat purchases of a new customer in (0, t]: E[X(t)]. */
export function bgNbdExpectedPurchasesNew(params: BgNbdParams, t: number): number {
  requirePositive('bgNbdExpectedPurchasesNew', params, ['r', 'alpha', 'a', 'b']);
  requireNonNegative('bgNbdExpectedPurchasesNew', 't', t);
  return scaledBracket(params, 0, 0, t);
}

function oddsDead(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 0;
  return (p.a / (p.b + x - 1)) * Math.exp((p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx)));
}

/**
 * P(alive | x, t_x, T) per customer. In the BG/NBD a customer can only drop out right after a
 * purchase, so a customer with no repeat purchase (x = 0) is alive with probability 1.
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, summary: BtydSummary): Float64Array {
  requirePositive('bgNbdProbabilityAlive', params, ['r', 'alpha', 'a', 'b']);
  const n = validateSummary('bgNbdProbabilityAlive', summary);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 / (1 + oddsDead(params, summary.x[i]!, summary.tx[i]!, summary.T[i]!));
  return out;
}

/** Expected repeat purchases per customer in (T, T + t] given their history: E[Y(t) | x, t_x, T]. */
export function bgNbdConditionalExpectedPurchases(params: BgNbdParams, summary: BtydSummary, t: number): Float64Array {
  requirePositive('bgNbdConditionalExpectedPurchases', params, ['r', 'alpha', 'a', 'b']);
  requireNonNegative('bgNbdConditionalExpectedPurchases', 't', t);
  const n = validateSummary('bgNbdConditionalExpectedPurchases', summary);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = summary.x[i]!;
    const T = summary.T[i]!;
    out[i] = scaledBracket(params, x, T, t) / (1 + oddsDead(params, x, summary.tx[i]!, T));
  }
  return out;
}
