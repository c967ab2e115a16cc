import { describe, expect, it } from 'vitest';
import { simulatePromotion, type PromotionScenario } from './monte-carlo.js';

// A 20 % price cut on a 100 元 item costing 50 元, 1,000 units a period at list price, with
// elasticity ~ N(-2.5, 0.5²), certain cost, full redemption and no fixed cost. Then
// ln q = ln q0 + ε·ln 0.8 is normal, so units are lognormal and everything has a closed form.
// Reference numbers from scipy 1.17 (python3, scipy.stats.norm):
//   E[q]  = q0·exp(μL + σ²L²/2) = 1757.835          (L = ln 0.8)
//   median q = q0·exp(μL) = 1746.928; 5th/95th pct q = q0·exp(μL ∓ 1.6449·σ|L|) = 1454.031 / 2098.826
//   ROI = 1.5 − 2500/q, so ROI < 0.3 ⇔ q < 2083.33 ⇔ ε > −3.28922: P = 1 − Φ(−1.57845) = 0.942769
//   incremental profit < 0 ⇔ q < 1666.67: P = 0.336676; E[incremental] = 3000·E[q] − 5,000,000 = 273,505 fen
const closedForm: PromotionScenario = {
  listPriceFen: 10_000,
  promoPriceFen: 8_000,
  baselineUnits: 1_000,
  unitCostFen: { mean: 5_000, sd: 0 },
  elasticity: { mean: -2.5, sd: 0.5 },
  roiTarget: 0.3,
};

describe('simulatePromotion', () => {
  it('matches the closed-form lognormal case', () => {
    const r = simulatePromotion(closedForm, { trials: 200_000, seed: 7 });
    expect(r.units.mean).toBeCloseTo(1757.835, -1); // within ±5 units (0.3 %)
    expect(Math.abs(r.units.p50 - 1746.928) / 1746.928).toBeLessThan(0.005);
    expect(Math.abs(r.units.p5 - 1454.031) / 1454.031).toBeLessThan(0.005);
    expect(Math.abs(r.units.p95 - 2098.826) / 2098.826).toBeLessThan(0.005);
    // Binomial standard error with 200,000 trials is ≈ 0.0005; allow six of them.
    expect(Math.abs(r.probRoiBelowTarget - 0.942769)).toBeLessThan(0.003);
    expect(Math.abs(r.probLoss - 0.336676)).toBeLessThan(0.003);
    expect(Math.abs(r.incrementalProfitFen.mean - 273_505)).toBeLessThan(15_000);
    expect(Math.abs(r.profitFen.mean - 5_273_505)).toBeLessThan(15_000); // 3000 · E[q]
  });

  it('is exact when nothing is uncertain', () => {
    // q = 1000 · 0.8^-2 = 1562.5; profit = 1562.5 · 3000 − 100,000 = 4,587,500;
    // incremental = 4,587,500 − 5,000,000 = −412,500; cost = 1562.5 · 2000 + 100,000 = 3,225,000.
    const r = simulatePromotion({ ...closedForm, elasticity: { mean: -2, sd: 0 }, fixedCostFen: 100_000 }, { trials: 10, seed: 1 });
    for (const v of Object.values(r.units)) expect(v).toBeCloseTo(1562.5, 9);
    expect(r.profitFen.p50).toBe(4_587_500);
    expect(r.incrementalProfitFen.p50).toBe(-412_500);
    expect(r.roi.p50).toBeCloseTo(-412_500 / 3_225_000, 12);
    expect(r.probRoiBelowTarget).toBe(1);
    expect(r.probLoss).toBe(1);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const s = { ...closedForm, unitCostFen: { mean: 5000, sd: 400 }, redemption: { min: 0.6, max: 0.9 }, fixedCostFen: 50_000 };
    const a = simulatePromotion(s, { trials: 5_000, seed: 42 });
    expect(simulatePromotion(s, { trials: 5_000, seed: 42 })).toEqual(a);
    expect(simulatePromotion(s, { trials: 5_000, seed: 43 }).profitFen.mean).not.toBe(a.profitFen.mean);
    // Partial redemption: the effective price lies between promo and list price, so units sit
    // between the no-promotion 1,000 and the full-redemption median 1,747.
    expect(a.units.p50).toBeGreaterThan(1000);
    expect(a.units.p50).toBeLessThan(1747);
    expect(a.units.p5).toBeLessThanOrEqual(a.units.p25);
    expect(a.units.p75).toBeLessThanOrEqual(a.units.p95);
  });

  it('rejects invalid input', () => {
    expect(() => simulatePromotion({ ...closedForm, listPriceFen: 0 }, { trials: 10, seed: 1 })).toThrow(RangeError);
    expect(() => simulatePromotion({ ...closedForm, redemption: { min: 0.9, max: 0.5 } }, { trials: 10, seed: 1 })).toThrow(/redemption/);
    expect(() => simulatePromotion(closedForm, { trials: 0, seed: 1 })).toThrow(/trials/);
  });
});
