import { describe, expect, it } from 'vitest';
import { planFullRefund, priceAtListPrice } from './order-pricing.js';

describe('priceAtListPrice', () => {
  it('prices each line at list price and totals the order', () => {
    expect(priceAtListPrice([
      { skuId: 7, quantity: 3, price: 1_999, unitCost: 800 },
      { skuId: 9, quantity: 1, price: 5_000, unitCost: null },
    ])).toEqual({
      lines: [
        { lineNo: 1, skuId: 7, quantity: 3, unitPrice: 1_999, unitCost: 800, amount: 5_997 },
        { lineNo: 2, skuId: 9, quantity: 1, unitPrice: 5_000, unitCost: null, amount: 5_000 },
      ],
      itemsAmount: 10_997, discountAmount: 0, shippingAmount: 0, payableAmount: 10_997,
    });
  });

  it('refuses an amount that cannot be held exactly', () => {
    expect(() => priceAtListPrice([{ skuId: 1, quantity: 100_000, price: Number.MAX_SAFE_INTEGER, unitCost: null }])).toThrow(/line 1/);
  });
});

describe('planFullRefund', () => {
  it('splits the refund by what each line paid, summing to the refund exactly', () => {
    const plan = planFullRefund(10_000, [
      { orderLineId: 1, skuId: 1, quantity: 1, netAmount: 1, unitCost: 1 },
      { orderLineId: 2, skuId: 2, quantity: 1, netAmount: 1, unitCost: 2 },
      { orderLineId: 3, skuId: 3, quantity: 2, netAmount: 1, unitCost: 3 },
    ]);
    expect(plan.lines.map((l) => l.amount)).toEqual([3_334, 3_333, 3_333]);
    expect(plan.lines.reduce((s, l) => s + l.amount, 0)).toBe(10_000);
    expect(plan.costAmount).toBe(1 + 2 + 2 * 3);
  });

  it('knows the returned cost only when every line has one, and splits a free order by quantity', () => {
    const plan = planFullRefund(0, [
      { orderLineId: 1, skuId: 1, quantity: 1, netAmount: 0, unitCost: 5 },
      { orderLineId: 2, skuId: 2, quantity: 3, netAmount: 0, unitCost: null },
    ]);
    expect(plan).toEqual({ lines: [
      { orderLineId: 1, skuId: 1, quantity: 1, amount: 0, unitCost: 5 },
      { orderLineId: 2, skuId: 2, quantity: 3, amount: 0, unitCost: null },
    ], costAmount: null });
  });
});
