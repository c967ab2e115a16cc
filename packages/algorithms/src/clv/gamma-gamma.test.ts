import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitGammaGamma, gammaGammaConditionalExpectedSpend } from './gamma-gamma.js';

const DATA = new URL('../../../../../shared/data/cdnow/', import.meta.url);

describe('fitGammaGamma on CDNOW', () => {
  // Reference: Fader, Hardie & Lee (2005), "RFM and CLV", CDNOW 946 repeat customers:
  // p = 6.25, q = 3.74, γ = 15.44 (asserted in lifetimes tests/test_estimation.py and quoted in
  // cran/BTYD R/spend.R; /work/shared/data/README.md section 1).
  const rows = readFileSync(new URL('cdnow_customers_summary_with_transactions.csv', DATA), 'utf8')
    .trim().split(/\r?\n/).slice(1).map((l) => l.split(',').map(Number)).filter((r) => r[1]! > 0);
  const summary = { x: rows.map((r) => r[1]!), zbar: rows.map((r) => r[4]!) };

  it('reproduces p, q, γ within 0.5% on the 946 repeat customers', () => {
    expect(rows.length).toBe(946);
    const fit = fitGammaGamma(summary);
    const ref = { p: 6.25, q: 3.74, gamma: 15.44 };
    for (const k of ['p', 'q', 'gamma'] as const) expect(Math.abs(fit[k] / ref[k] - 1)).toBeLessThan(0.005);
    expect(fit.converged).toBe(true);
  });

  it('shrinks each customer towards the population mean, more so with fewer purchases', () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    const populationMean = (15.44 * 6.25) / 2.74;
    const e = gammaGammaConditionalExpectedSpend(params, { x: [0, 1, 10], zbar: [0, 100, 100] });
    expect(e[0]).toBeCloseTo(populationMean, 10);
    expect(e[1]!).toBeGreaterThan(populationMean);
    expect(e[1]!).toBeLessThan(e[2]!);
    expect(e[2]!).toBeLessThan(100);
    // Weight on zbar is px / (px + q − 1).
    const w = 6.25 / (6.25 + 2.74);
    expect(e[1]).toBeCloseTo(w * 100 + (1 - w) * populationMean, 10);
  });

  it('rejects bad input naming the field', () => {
    expect(() => fitGammaGamma({ x: [0], zbar: [1] })).toThrow(/x\[0\] must be an integer >= 1/);
    expect(() => fitGammaGamma({ x: [1], zbar: [-2] })).toThrow(/zbar\[0\] must be a finite number > 0/);
    expect(() => gammaGammaConditionalExpectedSpend({ p: 1, q: 0.9, gamma: 1 }, { x: [1], zbar: [1] })).toThrow(/q must be > 1/);
  });
});
