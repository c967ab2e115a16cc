import { describe, expect, it } from 'vitest';
import { poolAccuracy } from './forecast-query.service.js';

describe('store-wide forecast accuracy', () => {
  it('averages sMAPE and MASE over series and pools WAPE and bias over every pair (metrics.md)', () => {
    // A: Σ|y| = Σy = 100 with Σ|y − f| = 20, Σ(f − y) = 10; B: Σ|y| = Σy = 300 with Σ|y − f| = 150,
    // Σ(f − y) = −60. Pooled by hand: WAPE = 170 / 400 = 0.425, bias = −50 / 400 = −0.125.
    const pooled = poolAccuracy([
      { smape: 10, mase: 0.8, wape: 0.2, bias: 0.1, actualAbs: 100, actualSum: 100 },
      { smape: 30, mase: 1.2, wape: 0.5, bias: -0.2, actualAbs: 300, actualSum: 300 },
      { smape: null, mase: null, wape: null, bias: null, actualAbs: null, actualSum: null },
    ]);
    expect(pooled.backtested).toBe(2);
    expect(pooled.smape).toBeCloseTo(20, 12);
    expect(pooled.mase).toBeCloseTo(1, 12);
    expect(pooled.wape).toBeCloseTo(0.425, 12);
    expect(pooled.bias).toBeCloseTo(-0.125, 12);
    expect(poolAccuracy([])).toEqual({ backtested: 0, smape: null, mase: null, wape: null, bias: null });
  });
});
