import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood, bgNbdLogLikelihoodGradient, fitBgNbd } from './bg-nbd.js';
import { bgNbdConditionalExpectedPurchases, bgNbdExpectedPurchasesNew, bgNbdProbabilityAlive } from './bg-nbd-predict.js';

const DATA = new URL('../../../../../shared/data/cdnow/', import.meta.url);

function readCdnowSummary() {
  const rows = readFileSync(new URL('cdnow_customers_summary.csv', DATA), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',').map(Number));
  return { x: Float64Array.from(rows, (r) => r[1]!), tx: Float64Array.from(rows, (r) => r[2]!), T: Float64Array.from(rows, (r) => r[3]!) };
}

// The published CDNOW figures: Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way",
// 2,357-customer sample, 39-week calibration; the BTYD vignette (cran/BTYD BTYD-walkthrough.pdf,
// section 4.2) prints 0.2425982 4.4136842 0.7929899 2.4261667 and LL = -9582.429
// (see /work/shared/data/README.md, section 1).
const PAPER = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const VIGNETTE = { r: 0.2425982, alpha: 4.4136842, a: 0.7929899, b: 2.4261667 };

describe('fitBgNbd on CDNOW', () => {
  const summary = readCdnowSummary();
  const fit = fitBgNbd(summary);

  it('reproduces the published parameters within 0.5% and LL = -9582.4', () => {
    expect(summary.x.length).toBe(2357);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(fit[k] / PAPER[k] - 1)).toBeLessThan(0.005);
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.1);
    expect(fit.converged).toBe(true);
  });

  it('gives the vignette LL at the vignette parameters', () => {
    const ll = bgNbdLogLikelihood(VIGNETTE, summary).reduce((s, v) => s + v, 0);
    expect(ll).toBeCloseTo(-9582.429, 2);
  });

  it('has an exact gradient: central differences agree, and it vanishes at the fit', () => {
    const at = { r: 0.3, alpha: 5, a: 0.9, b: 2 };
    const { gradient } = bgNbdLogLikelihoodGradient(at, summary);
    const keys = ['r', 'alpha', 'a', 'b'] as const;
    const total = (p: typeof at) => bgNbdLogLikelihood(p, summary).reduce((s, v) => s + v, 0);
    keys.forEach((k, i) => {
      const h = 1e-5;
      const up = total({ ...at, [k]: at[k] * Math.exp(h) });
      const down = total({ ...at, [k]: at[k] * Math.exp(-h) });
      expect(gradient[i]).toBeCloseTo((up - down) / (2 * h), 3);
    });
    for (const d of bgNbdLogLikelihoodGradient(fit, summary).gradient) expect(Math.abs(d)).toBeLessThan(1e-3);
  });

  it('expects 1.226 purchases in 39 weeks for x = 2, t_x = 30.43, T = 38.86', () => {
    // Hardie's Excel sheet for the paper; asserted in lifetimes tests/test_estimation.py.
    const [e] = bgNbdConditionalExpectedPurchases(PAPER, { x: [2], tx: [30.43], T: [38.86] }, 39);
    expect(e).toBeCloseTo(1.226, 3);
  });
});

describe('BG/NBD predictions: invariants', () => {
  const summary = readCdnowSummary();
  const pAlive = bgNbdProbabilityAlive(VIGNETTE, summary);

  it('P(alive) is in [0, 1] and exactly 1 for customers with no repeat purchase', () => {
    for (let i = 0; i < pAlive.length; i++) {
      expect(pAlive[i]).toBeGreaterThanOrEqual(0);
      expect(pAlive[i]).toBeLessThanOrEqual(1);
      if (summary.x[i] === 0) expect(pAlive[i]).toBe(1);
    }
  });

  it('P(alive) falls as the last purchase gets older', () => {
    const p = bgNbdProbabilityAlive(VIGNETTE, { x: [3, 3, 3], tx: [30, 20, 5], T: [38, 38, 38] });
    expect(p[0]!).toBeGreaterThan(p[1]!);
    expect(p[1]!).toBeGreaterThan(p[2]!);
  });

  it('expected purchases are non-negative and increase with the horizon', () => {
    const horizons = [0, 1, 4, 13, 26, 52, 104, 520];
    const one = { x: [0, 2, 7, 20], tx: [0, 30.43, 35, 38], T: [38.86, 38.86, 38.86, 38.86] };
    let previous: Float64Array = new Float64Array(4);
    for (const t of horizons) {
      const e = bgNbdConditionalExpectedPurchases(VIGNETTE, one, t);
      for (let i = 0; i < 4; i++) {
        expect(e[i]!).toBeGreaterThanOrEqual(previous[i]!);
        if (t === 0) expect(e[i]).toBe(0);
      }
      previous = e;
    }
    const news = horizons.map((t) => bgNbdExpectedPurchasesNew(VIGNETTE, t));
    for (let k = 1; k < news.length; k++) expect(news[k]!).toBeGreaterThan(news[k - 1]!);
  });

  it('E[X(t)] of a new customer equals the conditional expectation at x = 0, T = 0', () => {
    const [cond] = bgNbdConditionalExpectedPurchases(VIGNETTE, { x: [0], tx: [0], T: [0] }, 39);
    expect(bgNbdExpectedPurchasesNew(VIGNETTE, 39)).toBeCloseTo(cond!, 12);
  });

  it('tends to the fixed-dropout model when Beta(a, b) concentrates (a, b in the millions)', () => {
    // With the dropout probability fixed at p, E[X(t) | λ] = (1 − e^(−λpt))/p; averaged over
    // λ ~ Gamma(r, α) that is (1 − (α/(α + pt))^r)/p. Beta(4e6, 1e6) has p = 0.8 with sd 2e-4.
    const p = { r: 0.25, alpha: 4.4, a: 4e6, b: 1e6 };
    const fixed = (1 - Math.pow(p.alpha / (p.alpha + 0.8 * 39), p.r)) / 0.8;
    expect(bgNbdExpectedPurchasesNew(p, 39)).toBeCloseTo(fixed, 5);
    const summary = { x: new Float64Array([0, 3]), tx: new Float64Array([0, 20]), T: new Float64Array([10, 30]) };
    for (const v of bgNbdConditionalExpectedPurchases(p, summary, 39)) expect(Number.isFinite(v) && v >= 0).toBe(true);
  });

  it('E[X(t)] is continuous through the removable singularity at a = 1', () => {
    const at1 = bgNbdExpectedPurchasesNew({ ...VIGNETTE, a: 1 }, 39);
    const near = bgNbdExpectedPurchasesNew({ ...VIGNETTE, a: 1.001 }, 39);
    expect(at1).toBeCloseTo(near, 3);
  });
});

describe('BG/NBD input checks', () => {
  const ok = { x: [1], tx: [2], T: [5] };
  it.each([
    [{ x: [1], tx: [2], T: [-1] }, /T\[0\] must be a finite number >= 0/],
    [{ x: [2], tx: [0], T: [5] }, /tx\[0\] must be > 0 when x\[0\] = 2/],
    [{ x: [1.5], tx: [2], T: [5] }, /x\[0\] must be an integer/],
    [{ x: [1], tx: [6], T: [5] }, /tx\[0\] \(6\) must not exceed T\[0\]/],
    [{ x: [1, 2], tx: [2], T: [5] }, /same length/],
  ])('rejects %j', (summary, message) => {
    expect(() => bgNbdProbabilityAlive(VIGNETTE, summary)).toThrow(message);
  });
  it('rejects non-positive parameters and a negative horizon', () => {
    expect(() => bgNbdConditionalExpectedPurchases({ ...VIGNETTE, alpha: 0 }, ok, 1)).toThrow(/alpha must be a finite number > 0/);
    expect(() => bgNbdConditionalExpectedPurchases(VIGNETTE, ok, -1)).toThrow(/t must be a finite number >= 0/);
    expect(() => fitBgNbd({ x: [], tx: [], T: [] })).toThrow(/at least one customer/);
  });
  it('fits degenerate data (no repeat buyers, no MLE inside the domain) without throwing', () => {
    const fit = fitBgNbd({ x: [0, 0, 0], tx: [0, 0, 0], T: [10, 20, 30] }, { maxIterations: 50 });
    expect(fit.r).toBeLessThan(0.01);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });
});
