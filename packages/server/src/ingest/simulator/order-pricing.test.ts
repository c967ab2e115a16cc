import { createRng } from '@zhanggui/algorithms';
import { describe, expect, it } from 'vitest';
import { linePaid, priceBasket } from './order-pricing.js';
import { intBetween } from './sampling.js';

describe('priceBasket', () => {
  it('splits 满减, coupon and points over the lines in proportion to what is left on them', () => {
    const priced = priceBasket(
      [{ quantity: 1, unitPrice: 19900, markdown: 0.1 }, { quantity: 2, unitPrice: 5900, markdown: 0 }],
      { fullReduction: { threshold: 20000, off: 3000, stacked: false }, coupon: { threshold: 10000, off: 1000 }, points: 500 },
    );
    expect(priced.itemsAmount).toBe(31700);
    // 19900 − 1990 = 17910 and 11800 left; 满减 3000 → 1808 + 1192; coupon 1000 → 603 + 397; points 500 → 301 + 199 (largest remainder).
    expect(priced.lines).toEqual([
      { itemDiscount: 1990, orderDiscount: 1808, couponDiscount: 603, pointsDiscount: 301 },
      { itemDiscount: 0, orderDiscount: 1192, couponDiscount: 397, pointsDiscount: 199 },
    ]);
    expect(priced.discountAmount).toBe(1990 + 3000 + 1000 + 500);
  });

  it('stacks 每满 reductions and never discounts a line below zero', () => {
    const rng = createRng(11);
    for (let n = 0; n < 500; n++) {
      const lines = Array.from({ length: intBetween(rng, 1, 4) }, () => ({ quantity: intBetween(rng, 1, 5), unitPrice: intBetween(rng, 990, 69900), markdown: intBetween(rng, 0, 5) * 0.05 }));
      const priced = priceBasket(lines, { fullReduction: { threshold: 30000, off: 5000, stacked: true }, coupon: { threshold: 9900, off: 2000 }, points: intBetween(rng, 0, 3000) });
      const parts = priced.lines.map((p) => p.itemDiscount + p.orderDiscount + p.couponDiscount + p.pointsDiscount);
      expect(parts.reduce((s, x) => s + x, 0)).toBe(priced.discountAmount);
      lines.forEach((l, i) => expect(linePaid(l.quantity * l.unitPrice, priced.lines[i]!)).toBeGreaterThanOrEqual(0));
      expect(priced.discountAmount).toBeLessThan(priced.itemsAmount);
    }
  });

  it('gives nothing below the thresholds', () => {
    const priced = priceBasket([{ quantity: 1, unitPrice: 5900, markdown: 0 }], { fullReduction: { threshold: 19900, off: 2000, stacked: false }, coupon: { threshold: 9900, off: 1000 }, points: 0 });
    expect(priced).toEqual({ itemsAmount: 5900, discountAmount: 0, lines: [{ itemDiscount: 0, orderDiscount: 0, couponDiscount: 0, pointsDiscount: 0 }] });
  });
});
