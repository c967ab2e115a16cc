import { describe, expect, it } from 'vitest';
import { compileRules } from './compile.js';
import { quote } from './quote.js';
import { PricingInputError } from './validate.js';
import { percentOf, yuan, zhe } from './money.js';
import type { Cart, PricingRules, Promotion } from './types.js';

// Reference numbers are worked by hand from the rules in docs/promotions.md; the comment next to
// each expectation shows the arithmetic.

const AT = '2026-06-10T12:00:00+08:00';

/** The worked example of issue 5. */
const exampleRules: PricingRules = {
  timeZone: 'Asia/Shanghai',
  promotions: [
    { id: 'flash-b', name: '限时折扣B', kind: 'flash_sale', prices: { B: 6990 }, schedule: { start: '2026-06-10 00:00', end: '2026-06-11 00:00' } },
    { id: 'mj', name: '店铺满减', kind: 'threshold', group: 'store', tiers: [{ threshold: 19900, discount: 2000 }, { threshold: 29900, discount: 4000 }] },
    { id: 'ship99', name: '满99包邮', kind: 'free_shipping', threshold: 9900 },
  ],
  coupons: [{ id: 'c15', name: '满200减15', scope: 'order', threshold: 20000, amount: 1500 }],
  points: { pointsPerYuan: 100, maxShare: 0.1 },
  shipping: { fee: 1000 },
};
const exampleCart: Cart = {
  at: AT,
  customer: { id: 'c1', tier: 'gold' },
  lines: [
    { sku: 'A', quantity: 2, listPrice: 12000, memberPrices: { gold: 11000 } },
    { sku: 'B', quantity: 1, listPrice: 8000 },
  ],
  coupons: ['c15'],
  points: 1000,
};

describe('promotion engine: the worked example of the issue', () => {
  const q = quote(exampleRules, exampleCart);
  it('gives every stage its figure and a payable of ¥244.90', () => {
    expect(q.listAmount).toBe(32000); // 2 × 120 + 80
    expect(q.itemAmount).toBe(28990); // 2 × 110 (gold) + 69.90 (flash)
    expect(q.orderPromotionDiscount).toBe(2000); // 289.90 ≥ 199 but < 299 → −20
    expect(q.couponDiscount).toBe(1500); // 269.90 ≥ 200 → −15
    expect(q.pointsUsed).toBe(1000);
    expect(q.pointsDiscount).toBe(1000); // 1000 / 100 = ¥10 ≤ 10 % × 254.90 = 25.49
    expect(q.shippingFee).toBe(1000);
    expect(q.shippingDiscount).toBe(1000); // free over ¥99
    expect(q.goodsAmount).toBe(24490);
    expect(q.payable).toBe(24490);
  });
  it('apportions the −¥20 as ¥15.18 to A and ¥4.82 to B', () => {
    // 2000 × 22000/28990 = 1517.76, 2000 × 6990/28990 = 482.24 → floors 1517 + 482, the unit left goes to A (.76).
    const mj = q.discounts.find((d) => d.id === 'mj')!;
    expect(mj.allocations).toEqual([{ line: 0, amount: 1518 }, { line: 1, amount: 482 }]);
    // Coupon: 1500 over 20482 / 6508 → 1138.31, 361.69 → floors 1138 + 361, the unit left to B (.69) → 1138 / 362.
    expect(q.discounts.find((d) => d.id === 'c15')!.allocations).toEqual([{ line: 0, amount: 1138 }, { line: 1, amount: 362 }]);
    // Points: 1000 over 19344 / 6146 → 758.89, 241.11 → 759 / 241.
    expect(q.discounts.find((d) => d.id === 'points')!.allocations).toEqual([{ line: 0, amount: 759 }, { line: 1, amount: 241 }]);
    expect(q.lines.map((l) => l.netAmount)).toEqual([22000 - 1518 - 1138 - 759, 6990 - 482 - 362 - 241]);
    expect(q.lines[0]!.netAmount + q.lines[1]!.netAmount).toBe(24490);
  });
  it('shows each line\'s price path and each discount\'s reason in Chinese and English', () => {
    expect(q.lines[0]!.pricePath).toEqual([
      { source: 'list', unitPrice: 12000, chosen: false },
      { source: 'member', ref: 'gold', unitPrice: 11000, chosen: true, note: { zh: 'gold会员价', en: 'gold member price' } },
    ]);
    expect(q.lines[1]!.pricePath.map((s) => [s.source, s.unitPrice, s.chosen])).toEqual([['list', 8000, false], ['flash_sale', 6990, true]]);
    const mj = q.discounts.find((d) => d.id === 'mj')!;
    expect(mj.reason.zh).toBe('店铺满减（满199减20 / 满299减40）：参与活动商品金额¥289.90（已扣除此前的优惠），达到满¥199档，减¥20');
    expect(mj.reason.en).toContain('eligible items come to ¥289.90 after earlier discounts, reaching the ¥199 tier: ¥20 off');
    expect(q.discounts.find((d) => d.id === 'points')!.reason.zh).toBe('使用1000积分抵扣¥10（100积分=¥1，最多抵扣¥254.90的10%）');
    expect(q.discounts.find((d) => d.stage === 'shipping')!.reason.en).toBe('"满99包邮": free shipping over ¥99: ¥10 waived');
    expect(q.discounts.map((d) => [d.stage, d.id, d.amount])).toEqual([
      ['item_price', 'member:gold', 2000], ['item_price', 'flash-b', 1010],
      ['order_promotion', 'mj', 2000], ['order_promotion', 'ship99', 0], ['coupon', 'c15', 1500], ['points', 'points', 1000], ['shipping', 'ship99', 1000],
    ]);
    expect(q.rejected).toEqual([]);
  });
  it('is the same with compiled rules and deterministic', () => {
    expect(quote(compileRules(exampleRules), exampleCart)).toEqual(q);
  });
});

const cart = (lines: Cart['lines'], extra: Partial<Cart> = {}): Cart => ({ at: AT, lines, ...extra });
const rules = (promotions: Promotion[], extra: Partial<PricingRules> = {}): PricingRules => ({ promotions, ...extra });

describe('promotion engine: item price stage', () => {
  it('takes the lowest of list, member and flash prices and never stacks them', () => {
    const r = rules([{ id: 'f', name: 'F', kind: 'flash_sale', percentOff: 20 }]);
    const q = quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 10000, memberPrices: { gold: 9000, vip: 8500 } }], { customer: { tier: 'gold', groups: ['vip'] } }));
    // list 100, gold 90, vip group 85, flash 20 % off = 80 → 80 (not 80 % of 85)
    expect(q.lines[0]!.unitPrice).toBe(8000);
    expect(q.lines[0]!.pricePath.filter((s) => s.chosen).map((s) => s.source)).toEqual(['flash_sale']);
  });
  it('ignores a flash sale outside its daily window in the store time zone', () => {
    const r = rules([{ id: 'f', name: '晚八点', kind: 'flash_sale', prices: { A: 5000 }, schedule: { dailyStart: '20:00', dailyEnd: '22:00' } }]);
    // 12:30 UTC is 20:30 in Shanghai.
    expect(quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 8000 }], { at: '2026-06-10T12:30:00Z' })).payable).toBe(5000);
    const off = quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 8000 }], { at: '2026-06-10T14:30:00Z' }));
    expect(off.payable).toBe(8000);
    expect(off.rejected[0]!.reason.en).toBe('not running at this time (store time 2026-06-10 22:30:00)');
    // The same instant in New York is 08:30/10:30 — outside.
    expect(quote({ ...r, timeZone: 'America/New_York' }, cart([{ sku: 'A', quantity: 1, listPrice: 8000 }], { at: '2026-06-10T12:30:00Z' })).payable).toBe(8000);
  });
  it('caps a flash price at the margin floor and says so', () => {
    const r = rules([{ id: 'f', name: 'F', kind: 'flash_sale', prices: { A: 5000 } }], { marginFloor: 0.1 });
    const q = quote(r, cart([{ sku: 'A', quantity: 2, listPrice: 8000, cost: 5000 }]));
    expect(q.lines[0]!.unitPrice).toBe(5500); // cost 50 × 1.1
    expect(q.discounts[0]!.capped!.en).toBe('capped at the margin floor');
  });
});

describe('promotion engine: order promotions', () => {
  it('checks thresholds against the amount after the item price stage', () => {
    const r = rules([
      { id: 'f', name: 'F', kind: 'flash_sale', prices: { A: 18000 } },
      { id: 'mj', name: '满减', kind: 'threshold', tiers: [{ threshold: 19900, discount: 2000 }] },
    ]);
    const q = quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 20000 }]));
    expect(q.orderPromotionDiscount).toBe(0); // 180 < 199 although the list price 200 ≥ 199
    expect(q.rejected.find((x) => x.id === 'mj')!.reason.zh).toBe('参与活动商品金额¥180（已扣除此前的优惠），还差¥19');
  });
  it('applies the highest tier reached', () => {
    const r = rules([{ id: 'mj', name: '满减', kind: 'threshold', tiers: [{ threshold: 19900, discount: 2000 }, { threshold: 29900, discount: 4000 }] }]);
    expect(quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 29900 }])).orderPromotionDiscount).toBe(4000);
    expect(quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 29899 }])).orderPromotionDiscount).toBe(2000);
  });
  it('repeats 每满200减20 up to the cap', () => {
    const r = rules([{ id: 'm', name: '每满减', kind: 'repeating', step: 20000, discount: 2000, cap: 5000 }]);
    expect(quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 59999 }])).orderPromotionDiscount).toBe(4000); // 2 × 20
    const q = quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 100000 }]));
    expect(q.orderPromotionDiscount).toBe(5000); // 5 × 20 = 100, capped at 50
    expect(q.discounts[0]!.capped!.zh).toBe('封顶¥50');
  });
  it('takes 满2件9折 / 满300打9折 on the eligible lines only, rounded half up', () => {
    const r = rules([{ id: 'p', name: '多件折', kind: 'percent', rules: [{ minQuantity: 2, percentOff: 10 }, { minQuantity: 3, percentOff: 20 }], targeting: { categories: ['shoes'] } }]);
    const q = quote(r, cart([
      { sku: 'S1', category: 'shoes', quantity: 1, listPrice: 12345 },
      { sku: 'S2', category: 'shoes', quantity: 1, listPrice: 10000 },
      { sku: 'T', category: 'tops', quantity: 5, listPrice: 5000 },
    ]));
    // 2 shoes (not 7 items): 10 % of 223.45 = 22.345 → 22.35 half up; over 12345/10000 → 1234.5/1000.5, ties go to the earlier line.
    expect(q.orderPromotionDiscount).toBe(2235);
    expect(q.discounts[0]!.allocations).toEqual([{ line: 0, amount: 1235 }, { line: 1, amount: 1000 }]);
    expect(q.discounts[0]!.reason.zh).toContain('满2件9折');
  });
  it('gives buy-2-get-1 on the cheapest unit and 第二件半价 per SKU', () => {
    const b = rules([{ id: 'b', name: '买二送一', kind: 'buy_x_get_y', buy: 2, get: 1 }]);
    const q = quote(b, cart([{ sku: 'A', quantity: 2, listPrice: 3000 }, { sku: 'B', quantity: 1, listPrice: 1999 }]));
    expect(q.discounts[0]!.allocations).toEqual([{ line: 1, amount: 1999 }]);
    const n = rules([{ id: 'n', name: '第二件半价', kind: 'nth_item' }]);
    const q2 = quote(n, cart([{ sku: 'A', quantity: 3, listPrice: 3333 }, { sku: 'B', quantity: 1, listPrice: 5000 }]));
    // A: one of three units half off: 3333 × 0.5 = 1666.5 → 1667 (half up); B alone: nothing.
    expect(q2.discounts[0]!.allocations).toEqual([{ line: 0, amount: 1667 }]);
    expect(q2.discounts[0]!.reason.zh).toBe('第二件半价（第二件半价）：1件按5折计');
  });
  it('lets only the best of an exclusivity group apply, and stacks groups by priority', () => {
    const r = rules([
      { id: 'small', name: '满100减10', kind: 'threshold', group: 'g', priority: 5, tiers: [{ threshold: 10000, discount: 1000 }] },
      { id: 'pct', name: '9折', kind: 'percent', group: 'g', priority: 1, rules: [{ percentOff: 10 }] },
      { id: 'later', name: '满250减30', kind: 'threshold', group: 'h', priority: 0, tiers: [{ threshold: 25000, discount: 3000 }] },
    ]);
    const q = quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 27000 }]));
    // Group g: 10 % of 270 = 27 beats 10 → 243 left; group h then needs 250 on 243: not reached.
    expect(q.discounts.map((d) => [d.id, d.amount])).toEqual([['pct', 2700]]);
    expect(q.rejected.map((x) => x.id)).toEqual(['small', 'later']);
    expect(q.rejected[0]!.reason.en).toBe('same exclusivity group "g" as "9折", which is better (¥27 vs ¥10)');
    // Without the group, both g promotions stack (priority 5 first: 270 − 10 = 260, then 10 % = 26).
    const stacked = quote(rules(r.promotions.map((p) => ({ ...p, group: p.id }))), cart([{ sku: 'A', quantity: 1, listPrice: 27000 }]));
    expect(stacked.discounts.map((d) => [d.id, d.amount])).toEqual([['small', 1000], ['pct', 2600]]);
  });
  it('adds a gift and waives shipping over the threshold', () => {
    const r = rules([
      { id: 'g', name: '满赠', kind: 'gift', threshold: 10000, gift: { sku: 'GIFT', name: '帆布袋', quantity: 1, value: 1500 } },
      { id: 's', name: '包邮', kind: 'free_shipping', threshold: 5000 },
    ], { shipping: { fee: 800, regionFees: { XZ: 2000 } } });
    const q = quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 12000 }], { region: 'XZ' }));
    expect(q.gifts).toEqual([{ promotionId: 'g', sku: 'GIFT', name: '帆布袋', quantity: 1, value: 1500 }]);
    expect([q.shippingFee, q.shippingDiscount, q.payable]).toEqual([2000, 2000, 12000]);
    const small = quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 4000 }]));
    expect([small.shippingFee, small.shippingDiscount, small.payable, small.gifts.length]).toEqual([800, 0, 4800, 0]);
  });
  it('never takes a line below zero and caps at the margin floor with a note', () => {
    const r = rules([{ id: 'big', name: '大额', kind: 'threshold', tiers: [{ threshold: 1000, discount: 900 }] }]);
    const q = quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 500 }, { sku: 'B', quantity: 1, listPrice: 600 }]));
    expect(q.lines.map((l) => l.netAmount)).toEqual([500 - 409, 600 - 491]); // 900 × 5/11 = 409.09, × 6/11 = 490.9 → 409 / 491
    const floor = quote({ ...r, marginFloor: 0.2 }, cart([{ sku: 'A', quantity: 1, listPrice: 500, cost: 400 }, { sku: 'B', quantity: 1, listPrice: 600, cost: 100 }]));
    // A may go down to 480 (20 of room), B to 120 (480 of room): 500 in total < 900.
    expect(floor.lines.map((l) => l.netAmount)).toEqual([480, 120]);
    expect(floor.orderPromotionDiscount).toBe(500);
    expect(floor.discounts[0]!.capped!.en).toBe('capped at the margin floor');
    const zero = quote(rules([{ id: 'z', name: 'Z', kind: 'threshold', tiers: [{ threshold: 100, discount: 100 }] }]), cart([{ sku: 'A', quantity: 1, listPrice: 50 }, { sku: 'B', quantity: 1, listPrice: 50 }]));
    expect(zero.lines.map((l) => l.netAmount)).toEqual([0, 0]);
    expect(zero.payable).toBe(0);
  });
  it('re-splits what a line cannot take over the other lines', () => {
    // Line A has little room above its floor; the prorate share it cannot take goes to B and C.
    const r = rules([{ id: 'd', name: 'D', kind: 'threshold', tiers: [{ threshold: 0, discount: 3000 }] }], { marginFloor: 0 });
    const q = quote(r, cart([
      { sku: 'A', quantity: 1, listPrice: 10000, cost: 9900 },
      { sku: 'B', quantity: 1, listPrice: 10000 },
      { sku: 'C', quantity: 1, listPrice: 10000 },
    ]));
    // Shares 1000 each; A's room is 100 → A 100, the 2900 left over B/C 1450 each.
    expect(q.discounts[0]!.allocations).toEqual([{ line: 0, amount: 100 }, { line: 1, amount: 1450 }, { line: 2, amount: 1450 }]);
    expect(q.discounts[0]!.capped).toBeUndefined();
  });
  it('honours targeting, budget and usage limits', () => {
    const base = { id: 'p', name: 'P', kind: 'threshold' as const, tiers: [{ threshold: 0, discount: 1000 }] };
    const line = [{ sku: 'A', category: 'c', quantity: 1, listPrice: 5000 }];
    expect(quote(rules([{ ...base, targeting: { channels: ['tmall'] } }]), cart(line, { channel: 'jd' })).rejected[0]!.reason.en).toBe('not offered on this channel');
    expect(quote(rules([{ ...base, targeting: { tiers: ['gold'] } }]), cart(line)).rejected[0]!.reason.en).toBe('only for certain member tiers');
    expect(quote(rules([{ ...base, targeting: { segments: ['lapsed'] } }]), cart(line, { customer: { segments: ['lapsed'] } })).orderPromotionDiscount).toBe(1000);
    expect(quote(rules([{ ...base, targeting: { excludeCategories: ['c'] } }]), cart(line)).rejected[0]!.reason.en).toBe('no eligible items in the cart');
    expect(quote(rules([{ ...base, limits: { maxUses: 10 } }]), cart(line, { usage: { p: { uses: 10 } } })).rejected[0]!.reason.en).toBe('no uses left');
    expect(quote(rules([{ ...base, limits: { perCustomer: 1 } }]), cart(line, { usage: { p: { customerUses: 1 } } })).rejected[0]!.reason.zh).toBe('每人限用1次，已用完');
    const b = quote(rules([{ ...base, limits: { budget: 100000 } }]), cart(line, { usage: { p: { spent: 99700 } } }));
    expect(b.orderPromotionDiscount).toBe(300);
    expect(b.discounts[0]!.capped!.en).toBe('capped by the remaining budget');
    expect(quote(rules([{ ...base, schedule: { start: '2026-06-10 12:00', end: '2026-06-11 00:00' } }]), cart(line)).orderPromotionDiscount).toBe(1000);
    expect(quote(rules([{ ...base, schedule: { start: '2026-06-10 12:00:01' } }]), cart(line)).orderPromotionDiscount).toBe(0);
    expect(quote(rules([{ ...base, schedule: { daysOfWeek: [3] } }]), cart(line)).orderPromotionDiscount).toBe(1000); // 2026-06-10 is a Wednesday
  });
});

describe('promotion engine: coupons and points', () => {
  const coupons: PricingRules['coupons'] = [
    { id: 'o1', name: '满200减15', scope: 'order', threshold: 20000, amount: 1500 },
    { id: 'o2', name: '9折券', scope: 'order', percentOff: 10, maxDiscount: 2000 },
    { id: 'shoe', name: '鞋类券', scope: 'item', amount: 1000, threshold: 5000, targeting: { categories: ['shoes'] } },
    { id: 'old', name: '过期', scope: 'order', amount: 500, validTo: '2026-06-01 00:00' },
    { id: 'gone', name: '抢光', scope: 'order', amount: 500, totalQuantity: 100 },
  ];
  const lines = [{ sku: 'S', category: 'shoes', quantity: 1, listPrice: 8000 }, { sku: 'T', category: 'tops', quantity: 1, listPrice: 15000 }];
  it('takes item coupons first, then the best single order coupon', () => {
    const q = quote(rules([], { coupons }), cart(lines, { coupons: ['o1', 'o2', 'shoe', 'old', 'gone'], usage: { gone: { uses: 100 } } }));
    // shoe: −10 on S (80 ≥ 50) → 220 left; o1 = 15, o2 = 10 % of 220 = 22 → o2 wins.
    expect(q.discounts.map((d) => [d.id, d.amount])).toEqual([['shoe', 1000], ['o2', 2000]]); // 22 capped at 20 still beats 15
    expect(q.discounts.find((d) => d.id === 'o2')!.capped!.zh).toBe('最多减¥20');
    expect(Object.fromEntries(q.rejected.map((r) => [r.id, r.reason.en]))).toEqual({
      old: 'not valid at this time (store time 2026-06-10 12:00:00)',
      gone: 'all coupons of this batch are used',
      o1: 'one order coupon per order: "9折券" is better',
    });
  });
  it('checks the coupon threshold after order promotions', () => {
    const r = rules([{ id: 'mj', name: '满减', kind: 'threshold', tiers: [{ threshold: 20000, discount: 1000 }] }], { coupons });
    const q = quote(r, cart([{ sku: 'T', quantity: 1, listPrice: 20500 }], { coupons: ['o1'] }));
    expect(q.couponDiscount).toBe(0); // 205 − 10 = 195 < 200
    expect(q.rejected[0]!.reason.zh).toBe('适用商品金额¥195（已扣除此前的优惠），未满¥200，还差¥5');
  });
  it('caps points at the share and in whole steps', () => {
    const r = rules([], { points: { pointsPerYuan: 100, maxShare: 0.1 } });
    const q = quote(r, cart([{ sku: 'A', quantity: 1, listPrice: 12345 }], { points: 5000 }));
    expect([q.pointsUsed, q.pointsDiscount, q.payable]).toEqual([1234, 1234, 11111]); // cap floor(1234.5) = 1234
    expect(q.discounts[0]!.capped!.en).toBe('at most 10% of the amount due (¥12.34)');
    const stepped = quote(rules([], { points: { pointsPerYuan: 100, maxShare: 0.5, step: 100 } }), cart([{ sku: 'A', quantity: 1, listPrice: 12345 }], { points: 5050 }));
    expect([stepped.pointsUsed, stepped.pointsDiscount]).toEqual([5000, 5000]);
    const none = quote(rules([]), cart([{ sku: 'A', quantity: 1, listPrice: 100 }], { points: 10 }));
    expect(none.rejected[0]!.reason.en).toBe('this store does not take points');
  });
  it('gives a tier shipping benefit', () => {
    const q = quote(rules([], { shipping: { fee: 600, freeForTiers: ['gold'] } }), cart([{ sku: 'A', quantity: 1, listPrice: 100 }], { customer: { tier: 'gold' } }));
    expect([q.shippingFee, q.shippingDiscount, q.payable]).toEqual([600, 600, 100]);
  });
});

describe('promotion engine: invariants and input checks', () => {
  it('keeps every discount equal to the sum of its allocations and lines consistent, on many random carts', () => {
    // A fixed pseudo-random sequence (LCG) so the test is deterministic.
    let s = 12345;
    const rnd = (n: number) => { s = (s * 1103515245 + 12345) % 2 ** 31; return s % n; };
    const r = compileRules({
      marginFloor: 0.05,
      promotions: [
        { id: 'mj', name: 'mj', kind: 'threshold', tiers: [{ threshold: 9900, discount: 1000 }, { threshold: 29900, discount: 5000 }] },
        { id: 'rep', name: 'rep', kind: 'repeating', step: 10000, discount: 1500, cap: 6000, group: 'x' },
        { id: 'pct', name: 'pct', kind: 'percent', group: 'x', rules: [{ minQuantity: 3, percentOff: 12.5 }] },
        { id: 'nth', name: 'nth', kind: 'nth_item', targeting: { categories: ['c1'] } },
      ],
      coupons: [{ id: 'cp', name: 'cp', scope: 'order', percentOff: 7 }],
      points: { pointsPerYuan: 100, maxShare: 0.3 },
    });
    for (let k = 0; k < 300; k++) {
      const lines = Array.from({ length: 1 + rnd(6) }, (_, i) => ({ sku: `S${i}`, category: `c${rnd(3)}`, quantity: 1 + rnd(4), listPrice: 1 + rnd(20000), ...(rnd(2) ? { cost: rnd(15000) } : {}) }));
      const q = quote(r, cart(lines, { coupons: ['cp'], points: rnd(5000) }));
      for (const d of q.discounts) if (d.stage !== 'shipping' && d.stage !== 'item_price') expect(d.allocations.reduce((a, x) => a + x.amount, 0)).toBe(d.amount);
      for (const l of q.lines) {
        expect(l.netAmount).toBeGreaterThanOrEqual(0);
        expect(l.itemAmount - l.discounts.reduce((a, x) => a + x.amount, 0)).toBe(l.netAmount);
        const promo = l.discounts.filter((x) => x.stage !== 'points').reduce((a, x) => a + x.amount, 0);
        expect(l.itemAmount - promo).toBeGreaterThanOrEqual(l.floorAmount);
      }
      expect(q.goodsAmount).toBe(q.itemAmount - q.orderPromotionDiscount - q.couponDiscount - q.pointsDiscount);
    }
  });
  it('names the bad field', () => {
    expect(() => quote(rules([{ id: 'x', name: 'x', kind: 'threshold', tiers: [{ threshold: 100, discount: 200 }] }]), cart([{ sku: 'A', quantity: 1, listPrice: 1 }])))
      .toThrow('promotions[0].tiers[0].discount: must not exceed the threshold');
    expect(() => quote(rules([]), cart([{ sku: 'A', quantity: 0, listPrice: 1 }]))).toThrow(PricingInputError);
    expect(() => quote(rules([]), cart([{ sku: 'A', quantity: 1, listPrice: 1.5 }]))).toThrow('cart.lines[0].listPrice: must be an integer amount');
    expect(() => quote(rules([]), { ...cart([{ sku: 'A', quantity: 1, listPrice: 1 }]), at: '2026-06-10 12:00' })).toThrow('cart.at');
    expect(() => quote({ promotions: [], timeZone: 'Mars/Base' }, cart([{ sku: 'A', quantity: 1, listPrice: 1 }]))).toThrow('timeZone: unknown time zone');
    expect(() => compileRules(rules([{ id: 'x', name: 'x', kind: 'threshold', tiers: [] }, { id: 'x', name: 'y', kind: 'free_shipping', threshold: 1 }]))).toThrow('promotions[0].tiers');
  });
  it('rounds half up and formats money', () => {
    expect([percentOf(12345, 10), percentOf(5, 10), percentOf(15, 10), percentOf(1000, 12.5)]).toEqual([1235, 1, 2, 125]);
    expect([yuan(26990), yuan(2000), yuan(5)]).toEqual(['¥269.90', '¥20', '¥0.05']);
    expect([zhe(10), zhe(15), zhe(50)]).toEqual(['9折', '8.5折', '5折']);
  });
});
