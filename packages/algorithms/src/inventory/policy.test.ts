import { describe, expect, it } from 'vitest';
import { abcClassify, demandCv, inventoryPolicy, xyzClass } from './policy.js';

describe('ABC by value share', () => {
  it('classifies by the cumulative share before each item (hand-computed)', () => {
    // total 1000; sorted a, b, c, d, f, e; before-shares 0, .5, .75, .85, .93, .97 → A A A B B C
    const items = [['c', 100], ['a', 500], ['b', 250], ['d', 80], ['e', 30], ['f', 40]].map(([key, value]) => ({ key: key as string, value: value as number }));
    const r = abcClassify(items);
    expect(Object.fromEntries(r)).toEqual({ a: 'A', b: 'A', c: 'A', d: 'B', f: 'B', e: 'C' });
    // Thresholds are configurable: with a = 0.5 only 'a' (before-share 0) is A, 'b' (0.5) is B.
    expect(abcClassify(items, { a: 0.5, b: 0.9 }).get('b')).toBe('B');
    expect(abcClassify([{ key: 1, value: 0 }]).get(1)).toBe('C');
    expect(() => abcClassify(items, { a: 0.9, b: 0.8 })).toThrow(/0 < a < b/);
  });
});

describe('XYZ by coefficient of variation', () => {
  it('CV = population σ / mean with cut-offs 0.5 and 1.0', () => {
    // [10, 10, 10, 10] → 0; [5, 15] → σ 5 / mean 10 = 0.5 (X: ≤ 0.5); [0, 0, 0, 12] → σ 5.196 / 3 = 1.732
    expect(demandCv([10, 10, 10, 10])).toBe(0);
    expect(demandCv([5, 15])).toBe(0.5);
    expect(xyzClass(demandCv([5, 15]))).toBe('X');
    expect(xyzClass(0.8)).toBe('Y');
    expect(demandCv([0, 0, 0, 12])).toBeCloseTo(Math.sqrt(27) / 3, 12);
    expect(xyzClass(demandCv([0, 0, 0, 12]))).toBe('Z');
    expect(demandCv([0, 0])).toBe(Infinity);
  });
});

describe('inventoryPolicy (hand computation)', () => {
  // d = 10/day, σ_d = 4, L = 9 days, σ_L = 2 days, R = 1, service level 95% → z = 1.6448536.
  // σ_LT = √(9·4² + 10²·2²) = √544 = 23.3238; SS = 1.6448536 · 23.3238 = 38.36425; ROP = 90 + SS = 128.36425.
  // S covers L + R = 10 days: 100 + 1.6448536 · √(10·16 + 400) = 100 + 1.6448536 · √560 = 138.92434.
  // EOQ = √(2 · 3650 · 5000 / 2000) = √18250 = 135.09256 (order cost ¥50, holding ¥20/unit/year, in fen).
  const base = { meanDailyDemand: 10, sigmaDailyDemand: 4, leadTimeDays: 9, leadTimeSdDays: 2, serviceLevel: 0.95, orderCost: 5000, holdingCostPerUnitYear: 2000 };

  it('safety stock, reorder point, order-up-to and EOQ', () => {
    const p = inventoryPolicy({ ...base, available: 200 });
    expect(p.z).toBeCloseTo(1.6448536, 6);
    expect(p.sigmaLeadTime).toBeCloseTo(Math.sqrt(544), 10);
    expect(p.safetyStock).toBeCloseTo(38.36425, 4);
    expect(p.reorderPoint).toBeCloseTo(128.36425, 4);
    expect(p.orderUpTo).toBeCloseTo(138.92434, 4);
    expect(p.eoq).toBeCloseTo(135.09256, 4);
    expect(p.daysOfCover).toBe(20);
    expect(p).toMatchObject({ reorderNow: false, suggestedQuantity: 0 });
  });

  it('without lead-time variability σ_LT = σ_d·√L', () => {
    const p = inventoryPolicy({ ...base, leadTimeSdDays: 0, available: 0 });
    expect(p.sigmaLeadTime).toBeCloseTo(12, 12);
    expect(p.safetyStock).toBeCloseTo(1.6448536 * 12, 5);
  });

  it('reorders up to S (at least the EOQ) when the position is at or below the ROP', () => {
    // position 100 + 20 on order = 120 ≤ 128.36: S − 120 = 18.92 → 19, but EOQ 135.09 → 136.
    const p = inventoryPolicy({ ...base, available: 100, onOrder: 20 });
    expect(p).toMatchObject({ reorderNow: true, suggestedQuantity: 136 });
    const noCost = inventoryPolicy({ ...base, orderCost: null, available: 100, onOrder: 20 });
    expect(noCost).toMatchObject({ eoq: null, suggestedQuantity: 19 });
  });

  it('projects the stockout day from the forecast path', () => {
    // 10 available, 3/day: days 1–3 leave 7, 4, 1; day 4 is short → 3 full days of cover.
    expect(inventoryPolicy({ ...base, meanDailyDemand: 3, available: 10 }).stockoutInDays).toBe(3);
    // exactly used up on day 3 is not a stockout: 9 / 3 → short on day 4
    expect(inventoryPolicy({ ...base, meanDailyDemand: 3, available: 9 }).stockoutInDays).toBe(3);
    expect(inventoryPolicy({ ...base, available: 10, dailyForecast: [1, 1, 20, 1] }).stockoutInDays).toBe(2);
    expect(inventoryPolicy({ ...base, available: 10, dailyForecast: [1, 1, 1] }).stockoutInDays).toBeNull();
    expect(inventoryPolicy({ ...base, meanDailyDemand: 0, sigmaDailyDemand: 0, available: 5 })).toMatchObject({ daysOfCover: null, stockoutInDays: null, reorderNow: false });
    expect(() => inventoryPolicy({ ...base, available: 1, serviceLevel: 1 })).toThrow(/serviceLevel/);
  });
});
