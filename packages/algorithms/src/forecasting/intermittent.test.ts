import { describe, expect, it } from 'vitest';
import { adida, croston, crostonSba, demandIntervals, tsb } from './intermittent.js';

// y = [0, 3, 0, 0, 2, 0, 4]: demands 3, 2, 4 after intervals 2, 3, 2 (the first counted from t = −1).
const y = [0, 3, 0, 0, 2, 0, 4];

describe('intermittent demand (hand-computed, α = 0.1)', () => {
  it('splits sizes and intervals', () => {
    expect(demandIntervals(y)).toEqual({ sizes: [3, 2, 4], intervals: [2, 3, 2] });
  });

  it('Croston: size 3 → 2.9 → 3.01, interval 2 → 2.1 → 2.09, forecast 3.01 / 2.09', () => {
    const f = croston(y, 3).mean;
    expect(f).toHaveLength(3);
    f.forEach((v) => expect(v).toBeCloseTo(3.01 / 2.09, 12));
  });

  it('SBA multiplies Croston by 1 − α/2 = 0.95', () => {
    expect(crostonSba(y, 1).mean[0]).toBeCloseTo((0.95 * 3.01) / 2.09, 12);
    // α = 0.2: size 3 → 2.8 → 3.04, interval 2 → 2.2 → 2.16.
    expect(croston(y, 1, { variant: 'sba', alpha: 0.2 }).mean[0]).toBeCloseTo((0.9 * 3.04) / 2.16, 12);
  });

  it('TSB: probability 0 → .1 → .09 → .081 → .1729 → .15561 → .240049, size 3 → 2.9 → 3.01', () => {
    expect(tsb(y, 2).mean).toEqual([expect.closeTo(0.240049 * 3.01, 12), expect.closeTo(0.240049 * 3.01, 12)]);
  });

  it('TSB decays through a run of zeros where Croston stays put', () => {
    const tail = [...y, 0, 0, 0, 0, 0];
    expect(tsb(tail, 1).mean[0]!).toBeLessThan(tsb(y, 1).mean[0]!);
    expect(croston(tail, 1).mean[0]).toBe(croston(y, 1).mean[0]);
  });

  it('ADIDA: ADI 7/3 → k = 2, buckets [3, 2, 4] (first period dropped), SES 3 → 2.9 → 3.01, / 2', () => {
    const r = adida(y, 2, { alpha: 0.1 });
    expect(r.aggregation).toBe(2);
    expect(r.mean).toEqual([expect.closeTo(1.505, 12), expect.closeTo(1.505, 12)]);
    expect(adida(y, 1).mean[0]!).toBeGreaterThan(0);
  });

  it('forecasts zero with no demand and rejects negative demand or bad α', () => {
    expect(croston([0, 0, 0], 2).mean).toEqual([0, 0]);
    expect(tsb([0, 0], 1).mean).toEqual([0]);
    expect(adida([0, 0], 1).mean).toEqual([0]);
    expect(() => croston([1, -1], 1)).toThrow(/>= 0/);
    expect(() => tsb([1, 2], 1, { alphaDemand: 0 })).toThrow(/alphaDemand/);
    expect(() => croston([1], 0)).toThrow(/h must be/);
  });
});
