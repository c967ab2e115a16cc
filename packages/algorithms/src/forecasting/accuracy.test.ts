import { describe, expect, it } from 'vitest';
import { bias, mase, maseScale, owa, smape, wape } from './accuracy.js';

describe('forecast accuracy (hand-computed)', () => {
  it('sMAPE: 200|y − f| / (|y| + |f|) averaged, in percent', () => {
    // steps: 200·10/210, 200·0/200, 200·50/150
    expect(smape([100, 100, 50], [110, 100, 100])).toBeCloseTo((2000 / 210 + 0 + 10000 / 150) / 3, 12);
    expect(smape([0, 5], [0, 5])).toBe(0);
    expect(smape([1], [0])).toBe(200);
  });

  it('MASE scales by the in-sample m-step seasonal-naive MAE', () => {
    const insample = [1, 3, 2, 6, 4];
    expect(maseScale(insample, 1)).toBe((2 + 1 + 4 + 2) / 4);
    expect(maseScale(insample, 2)).toBe((1 + 3 + 2) / 3);
    // errors 1 and 3 → MAE 2; scale 9/4
    expect(mase(insample, [5, 7], [4, 4], 1)).toBeCloseTo(2 / (9 / 4), 12);
    expect(mase(insample, [5, 7], [4, 4], 2)).toBe(1);
  });

  it('OWA averages the ratios to Naive2', () => {
    expect(owa(9, 2.5, 10, 2.5)).toBeCloseTo(0.95, 12);
    expect(owa(9.161, 2.777, 9.161, 2.777)).toBe(1);
  });

  it('WAPE and bias follow docs/metrics.md', () => {
    // |errors| 2 + 1 + 0 over Σy 20; Σ(f − y) = 2 − 1 + 0 = 1
    expect(wape([10, 5, 5], [12, 4, 5])).toBeCloseTo(3 / 20, 12);
    expect(bias([10, 5, 5], [12, 4, 5])).toBeCloseTo(1 / 20, 12);
    expect(bias([10], [8])).toBeCloseTo(-0.2, 12);
  });

  it('rejects what it cannot score', () => {
    expect(() => smape([1, 2], [1])).toThrow(/lengths differ/);
    expect(() => smape([], [])).toThrow(/nothing to score/);
    expect(() => smape([1], [NaN])).toThrow(/finite/);
    expect(() => mase([2, 2, 2], [1], [1], 1)).toThrow(/MASE undefined/);
    expect(() => maseScale([1, 2], 2)).toThrow(/at least 3/);
    expect(() => wape([0, 0], [1, 1])).toThrow(/WAPE undefined/);
    expect(() => owa(1, 1, 0, 1)).toThrow(/positive/);
  });
});
