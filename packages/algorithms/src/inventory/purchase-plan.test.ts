// Proposal rules on fixtures, every number by hand: MOQ, pack size, price breaks, reliability,
// lead time and the split across suppliers.
import { describe, expect, it } from 'vitest';
import { orderableQuantity, planPurchase, quoteOffer, type SupplierOffer } from './purchase-plan.js';

const offer = (o: Partial<SupplierOffer> & { supplierId: number }): SupplierOffer => ({
  name: `S${o.supplierId}`, leadTimeDays: 5, moq: 1, packSize: 1, unitCost: 600, priceBreaks: [], reliability: 1, capacity: null, ...o,
});

describe('quantity rules', () => {
  it('MOQ: 15 needed, minimum 20 → 20', () => {
    const [line] = planPurchase(15, [offer({ supplierId: 1, moq: 20 })]);
    expect(line).toMatchObject({ supplierId: 1, quantity: 20, unitCost: 600, amount: 12_000 });
    expect(line!.reason).toContain('MOQ 20');
  });

  it('pack size: 15 needed in packs of 12 → 24; MOQ 20 in packs of 12 → 24', () => {
    expect(orderableQuantity(offer({ supplierId: 1, packSize: 12 }), 15)).toBe(24);
    expect(orderableQuantity(offer({ supplierId: 1, packSize: 12, moq: 20 }), 5)).toBe(24);
    expect(planPurchase(15, [offer({ supplierId: 1, packSize: 12 })])[0]!.reason).toContain('packs of 12');
    expect(orderableQuantity(offer({ supplierId: 1, packSize: 12 }), 24)).toBe(24);
  });

  it('price break: move up only when the larger order costs no more in total', () => {
    const o = offer({ supplierId: 1, unitCost: 600, priceBreaks: [{ minQty: 100, unitCost: 550 }] });
    // 90 × ¥6 = ¥540 < 100 × ¥5.50 = ¥550 → stay at 90
    expect(quoteOffer(o, 90)).toMatchObject({ quantity: 90, unitCost: 600 });
    // 95 × ¥6 = ¥570 > ¥550 → 100 at ¥5.50
    const q = quoteOffer(o, 95);
    expect(q).toMatchObject({ quantity: 100, unitCost: 550 });
    expect(q.notes.join()).toContain('price break: 100 at ¥5.50 costs ¥550.00 ≤ 95 at ¥6.00 = ¥570.00');
    // at or above a break the break price applies directly
    expect(quoteOffer(o, 120)).toMatchObject({ quantity: 120, unitCost: 550 });
  });
});

describe('supplier choice and split', () => {
  it('ranks by cost per delivered unit: ¥6.00 at 80% reliability (¥7.50) loses to ¥6.50 at 100%', () => {
    const lines = planPurchase(10, [offer({ supplierId: 1, unitCost: 600, reliability: 0.8 }), offer({ supplierId: 2, unitCost: 650 })]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ supplierId: 2, quantity: 10, amount: 6500 });
    expect(lines[0]!.reason).toContain('lowest cost per delivered unit ¥6.50');
  });

  it('prefers a supplier that arrives before the projected stockout', () => {
    const offers = [offer({ supplierId: 1, leadTimeDays: 5, unitCost: 600 }), offer({ supplierId: 2, leadTimeDays: 9, unitCost: 550 })];
    expect(planPurchase(10, offers)[0]!.supplierId).toBe(2);
    expect(planPurchase(10, offers, { arriveWithinDays: 6 })[0]!.supplierId).toBe(1);
    expect(planPurchase(10, offers, { arriveWithinDays: 3 })[0]!.reason).toContain('no supplier delivers within 3 days');
  });

  it('splits when the best supplier cannot cover the need: capacity 50 of 80 → 50 + 30', () => {
    const lines = planPurchase(80, [offer({ supplierId: 1, unitCost: 500, capacity: 50 }), offer({ supplierId: 2, unitCost: 600 })]);
    expect(lines.map((l) => [l.supplierId, l.quantity, l.amount])).toEqual([[1, 50, 25_000], [2, 30, 18_000]]);
    expect(lines[1]!.reason).toContain('S2 covers the remaining 30');
  });

  it('diversifies when asked: at most 60% of 100 from the best → 60 + 40, the second in packs of 25 → 50', () => {
    const offers = [offer({ supplierId: 1, unitCost: 500 }), offer({ supplierId: 2, unitCost: 600, packSize: 25 })];
    const lines = planPurchase(100, offers, { maxShare: 0.6 });
    expect(lines.map((l) => [l.supplierId, l.quantity])).toEqual([[1, 60], [2, 50]]);
    expect(lines[0]!.reason).toContain('diversified: 60 of 100');
  });

  it('needs nothing → no lines; rejects bad input', () => {
    expect(planPurchase(0, [offer({ supplierId: 1 })])).toEqual([]);
    expect(planPurchase(5, [])).toEqual([]);
    expect(() => planPurchase(1.5, [])).toThrow(/integer/);
    expect(() => planPurchase(5, [offer({ supplierId: 1, reliability: 0 })])).toThrow(/bad terms/);
  });
});
