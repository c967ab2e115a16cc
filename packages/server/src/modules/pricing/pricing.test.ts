import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { createProduct } from '../catalog/index.js';
import { customers } from '../customers/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { createChannel, orderLines, orders } from '../orders/index.js';
import { charmPrice, competitorAnchoredPrice, couponExpiryStep, expireCoupons, inHoldout } from './index.js';

const NOW = new Date('2026-06-10T04:00:00Z'); // 12:00 in Shanghai

forEachDriver('pricing API', (t) => {
  let app: FastifyInstance;
  let operator: Record<string, string>;
  let analyst: Record<string, string>;
  const sku: Record<string, number> = {};
  let channelId = 0;
  const customerIds: number[] = [];
  let nextOrder = 1;
  const post = (url: string, payload: unknown, headers = operator) => app.inject({ method: 'POST', url: `/api${url}`, headers, payload: payload as object });
  const get = (url: string, headers = operator) => app.inject({ method: 'GET', url: `/api${url}`, headers });

  /** A paid order straight into the orders tables (test setup). */
  async function order(customerId: number | null, skuCode: string, quantity: number, unitPrice: number, placedAt: Date, unitCost = 5000) {
    const { db } = t().database;
    const amount = quantity * unitPrice;
    const [o] = await db.insert(orders).values({
      externalId: `t-${nextOrder++}`, channelId, customerId, status: 'paid', currency: 'CNY', placedAt, paidAt: placedAt,
      itemsAmount: amount, payableAmount: amount,
    }).returning({ id: orders.id });
    await db.insert(orderLines).values({ orderId: o!.id, lineNo: 1, skuId: sku[skuCode]!, quantity, unitPrice, unitCost });
    return o!.id;
  }

  beforeAll(async () => {
    const { db } = t().database;
    app = await buildApp({ platform: t(), now: () => NOW });
    operator = (await createTestCaller(db, 'operator')).headers;
    analyst = (await createTestCaller(db, 'analyst')).headers;
    channelId = (await createChannel(db, SYSTEM_ACTOR, { code: 'own', name: '官网', kind: 'own_site' })).id;
    const product = await createProduct(db, SYSTEM_ACTOR, {
      name: '测试商品', status: 'active', skus: [
        { code: 'A', name: 'A', price: 12_000, unitCost: 6_000, active: true },
        { code: 'B', name: 'B', price: 8_000, unitCost: 3_000, active: true },
        { code: 'P', name: 'P', price: 12_000, unitCost: 5_000, active: true },
      ],
    });
    for (const s of product.skus) sku[s.code] = s.id;
    const rows = await db.insert(customers).values(Array.from({ length: 41 }, () => ({}))).returning({ id: customers.id });
    customerIds.push(...rows.map((r) => r.id));
  });
  afterAll(async () => app?.close());

  it('creates a 满减 promotion and refuses duplicates, bad definitions and the wrong role', async () => {
    const mj = { definition: { id: 'mj618', name: '店铺满减', kind: 'threshold', tiers: [{ threshold: 19900, discount: 2000 }, { threshold: 29900, discount: 4000 }] } };
    const res = await post('/pricing/promotions', mj);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'mj618', kind: 'threshold', status: 'active', holdoutShare: 0 });
    expect((await post('/pricing/promotions', mj)).statusCode).toBe(409);
    const bad = await post('/pricing/promotions', { definition: { ...mj.definition, id: 'bad', tiers: [{ threshold: 100, discount: 200 }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', message: 'promotions[0].tiers[0].discount: must not exceed the threshold' });
    expect((await post('/pricing/promotions', { definition: { ...mj.definition, id: 'x' } }, analyst)).statusCode).toBe(403);
    await post('/pricing/promotions', { definition: { id: 'flash-b', name: '限时折扣B', kind: 'flash_sale', prices: { B: 6990 } } });
    await post('/pricing/promotions', { definition: { id: 'ship99', name: '满99包邮', kind: 'free_shipping', threshold: 9900 } });
    expect((await get('/pricing/promotions', analyst)).json().map((p: { code: string }) => p.code)).toEqual(['mj618', 'flash-b', 'ship99']);
  });

  it('quotes the worked example with the store\'s catalog and the customer\'s coupon, then records the redemption once', async () => {
    const batch = await post('/pricing/coupon-batches', { definition: { id: 'c15', name: '满200减15', scope: 'order', threshold: 20000, amount: 1500, validTo: '2026-07-01 00:00' } });
    expect(batch.statusCode).toBe(201);
    const me = customerIds[40]!;
    expect((await post('/pricing/coupon-batches/c15/issue', { customerIds: [me, me] })).json()).toEqual({ issued: 1, heldOut: 0, skipped: 0 });
    const [coupon] = (await get(`/pricing/customers/${me}/coupons`)).json();
    const cart = {
      customerId: me, tier: 'gold', couponCodes: [coupon.code], points: 1000,
      lines: [{ sku: 'A', quantity: 2, memberPrices: { gold: 11000 } }, { sku: 'B', quantity: 1 }],
      settings: { points: { pointsPerYuan: 100, maxShare: 0.1 }, shipping: { fee: 1000 } },
    };
    const q = await post('/pricing/quote', cart, analyst);
    expect(q.statusCode).toBe(200);
    // Issue 5's worked example: ¥289.90 → −20 → −15 → −10 points → free shipping: ¥244.90; −20 split 15.18 / 4.82.
    expect(q.json()).toMatchObject({ itemAmount: 28990, orderPromotionDiscount: 2000, couponDiscount: 1500, pointsDiscount: 1000, shippingDiscount: 1000, payable: 24490 });
    expect(q.json().discounts.find((d: { id: string }) => d.id === 'mj618').allocations).toEqual([{ line: 0, amount: 1518 }, { line: 1, amount: 482 }]);
    // Costs come from the catalog: the lines carry their floors only with a margin floor set.
    const floored = await post('/pricing/quote', { ...cart, settings: { ...cart.settings, marginFloor: 1 } }, analyst);
    expect(floored.json().lines.map((l: { floorAmount: number }) => l.floorAmount)).toEqual([22000, 6000]); // min(item amount, cost × 2 × qty)

    const orderId = await order(me, 'A', 2, 11000, NOW);
    const red = await post('/pricing/redemptions', { ...cart, orderId });
    expect(red.json().recorded).toBe(5); // flash-b (its uses count against its limits), mj618, c15, points, ship99
    const rows = await queryRows<{ ref_code: string; amount: number }>(t().database.db, sql`select ref_code, amount from pricing_redemptions where order_id = ${orderId} order by ref_code`);
    expect(rows.map((r) => [r.ref_code, Number(r.amount)])).toEqual([['c15', 1500], ['flash-b', 1010], ['mj618', 2000], ['points', 1000], ['ship99', 1000]]);
    expect((await post('/pricing/redemptions', { ...cart, orderId })).json().recorded).toBe(0);
    expect((await get(`/pricing/customers/${me}/coupons`)).json()[0].status).toBe('redeemed');
    const again = await post('/pricing/quote', cart, analyst);
    expect(again.json().couponDiscount).toBe(0);
    expect(again.json().rejected.find((r: { stage: string }) => r.stage === 'coupon').reason.en).toBe('no such coupon');
    expect((await get('/pricing/coupon-batches/c15')).json()).toMatchObject({ issued: 1, redeemed: 1, heldOut: 0 });
  });

  it('previews draft rules without storing them', async () => {
    const res = await post('/pricing/preview', { rules: { promotions: [{ id: 'draft', name: '满199减20', kind: 'threshold', tiers: [{ threshold: 19900, discount: 2000 }] }] },
      cart: { at: '2026-06-10T12:00:00+08:00', lines: [{ sku: 'A', quantity: 2, listPrice: 12000 }] } }, analyst);
    expect(res.json()).toMatchObject({ orderPromotionDiscount: 2000, payable: 22000 });
    expect((await get('/pricing/promotions', analyst)).json().some((p: { code: string }) => p.code === 'draft')).toBe(false);
  });

  it('names unknown SKUs', async () => {
    const res = await post('/pricing/quote', { lines: [{ sku: 'NOPE', quantity: 1 }] }, analyst);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe("lines[0].sku: no SKU 'NOPE'");
  });

  it('measures a coupon batch against its random holdout, and labels a batch without one as not causal', async () => {
    await post('/pricing/coupon-batches', { definition: { id: 'win', name: '召回券', scope: 'order', amount: 1000 }, holdoutShare: 0.5 });
    const targets = customerIds.slice(0, 40);
    const issued = (await post('/pricing/coupon-batches/win/issue', { customerIds: targets })).json();
    const held = targets.filter((c) => inHoldout('win', c, 5000));
    expect(issued).toEqual({ issued: 40 - held.length, heldOut: held.length, skipped: 0 });
    expect(held.length).toBeGreaterThan(5);
    // Outcomes: every targeted customer buys once for ¥100; offered customers with an even id buy a
    // second time for ¥50 with the coupon (¥10 off, recorded).
    const offered = targets.filter((c) => !held.includes(c));
    const day = new Date('2026-06-12T04:00:00Z');
    for (const c of targets) await order(c, 'P', 1, 10000, day);
    let second = 0;
    for (const c of offered) {
      if (c % 2 !== 0) continue;
      const id = await order(c, 'P', 1, 5000, day);
      await t().database.db.execute(sql`insert into pricing_redemptions (order_id, customer_id, ref_code, stage, amount, redeemed_at) values (${id}, ${c}, 'win', 'coupon', 1000, ${day.toISOString()})`);
      second++;
    }
    const r = (await get('/pricing/incrementality/win?from=2026-06-11&to=2026-06-20', analyst)).json();
    expect(r).toMatchObject({ causal: true, offered: offered.length, heldOut: held.length, discountCost: second * 1000, roiTarget: 1.8 });
    // Orders per customer: offered (n + second)/n against 1 → the difference is second / n exactly.
    expect(r.orders.diffPerCustomer).toBeCloseTo(second / offered.length, 12);
    expect(r.orders.incrementalTotal).toBeCloseTo(second, 9);
    expect(r.gmv.incrementalTotal).toBeCloseTo(second * 5000, 6); // the second orders' GMV
    expect(r.roi).toBeCloseTo(5, 9); // ¥50 of incremental GMV per ¥10 coupon
    expect(r.meetsTarget).toBe(true);
    // Holdout outcomes have no variance here; the CI is the offered group's: p(1 − p)/n with p = second / n.
    const p = second / offered.length;
    const se = Math.sqrt((p * (1 - p) * offered.length / (offered.length - 1)) / offered.length);
    expect(r.orders.ci[1] - r.orders.diffPerCustomer).toBeCloseTo(1.959963984540054 * se, 9); // stats.norm.ppf(0.975)

    const nh = (await get('/pricing/incrementality/c15?from=2026-06-01&to=2026-06-20', analyst)).json();
    expect(nh).toMatchObject({ causal: false, redeemingOrders: 1, redeemingGmv: 22000, attributedRoi: 22000 / 1500 });
    expect(nh.label.en).toMatch(/NOT causal/);
  });

  it('suggests prices: cost-plus with an x9.90 ending and the margin-maximising price from the history', async () => {
    // 12 weeks of sales of P at prices p with units = 4e11 / p² (constant elasticity −2, rounded to whole units).
    const prices = [9000, 9500, 10000, 10500, 11000, 12000, 9000, 9500, 10000, 10500, 11000, 12000];
    const monday = Date.parse('2026-03-02T04:00:00Z');
    for (const [w, p] of prices.entries()) await order(null, 'P', Math.round(4e11 / p ** 2), p, new Date(monday + w * 7 * 86_400_000));
    const res = await get('/pricing/skus/P/price-suggestions?targetMargin=0.4&asOf=2026-05-25&weeks=12', analyst);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.costPlus).toEqual({ targetMargin: 0.4, price: 8333, charmPrice: 8990 }); // 5000 / 0.6 = 8333.3 → next x9.90: 89.90
    expect(s.elasticity.weeks).toBe(12);
    expect(s.elasticity.estimate).toBeCloseTo(-2, 3);
    // p* = c·e/(1 + e) = 5000 × 2 = 10000 at e = −2.
    expect(Math.abs(s.elasticity.marginMaxPrice - 10000)).toBeLessThan(5);
    expect(s.elasticity.marginMaxRange[0]).toBeLessThanOrEqual(s.elasticity.marginMaxPrice);
    expect(s.elasticity.marginMaxRange[1]).toBeGreaterThanOrEqual(s.elasticity.marginMaxPrice);
    expect([charmPrice(8333), charmPrice(8990), charmPrice(100), charmPrice(12001)]).toEqual([8990, 8990, 990, 12990]);
  });

  it('records competitor prices and anchors a suggestion on the lowest recent one, never under the margin floor', async () => {
    // P costs ¥50.00 (5000 fen). Observations around asOf 2026-05-25; the default window is 30 days: 2026-04-26 … 2026-05-25.
    const rec = (competitor: string, price: number, observedOn: string, headers = operator) => post('/pricing/skus/P/competitor-prices', { competitor, price, observedOn }, headers);
    expect((await rec('京东自营', 9900, '2026-05-20')).statusCode).toBe(201);
    expect((await rec('京东自营', 9700, '2026-05-20')).json()).toEqual({ sku: 'P', competitor: '京东自营', price: 9700, observedOn: '2026-05-20', url: null }); // same day: replaces 99.00
    await rec('拼多多', 9800, '2026-05-10');
    await rec('天猫', 9500, '2026-04-01'); // 54 days before asOf: outside 30, inside 60
    await rec('抖音', 8000, '2026-05-26'); // after asOf: never counts
    expect((await rec('x', 9000, '2026-05-20', analyst)).statusCode).toBe(403); // analyst has marketing:read only
    expect((await rec('x', 0, '2026-05-20')).statusCode).toBe(400);
    expect((await post('/pricing/skus/NOPE/competitor-prices', { competitor: 'x', price: 100, observedOn: '2026-05-20' })).statusCode).toBe(404);
    const list = (await get('/pricing/skus/P/competitor-prices', analyst)).json();
    expect(list.map((r: { competitor: string; price: number; observedOn: string }) => [r.competitor, r.price, r.observedOn])).toEqual([
      ['抖音', 8000, '2026-05-26'], ['京东自营', 9700, '2026-05-20'], ['拼多多', 9800, '2026-05-10'], ['天猫', 9500, '2026-04-01'],
    ]);

    const sugg = async (q: string) => { const r = await get(`/pricing/skus/P/price-suggestions?asOf=2026-05-25&weeks=12${q}`, analyst); expect(r.statusCode, r.body).toBe(200); return r.json().competitorAnchored; };
    // Lowest in 30 days: 京东 97.00; minus the default gap ¥1.00 → 96.00; floor 5000 × 1.1 = 5500 is below it.
    const a = await sugg('');
    expect(a).toMatchObject({ days: 30, gap: 100, marginFloor: 0.1, lowest: { competitor: '京东自营', price: 9700, observedOn: '2026-05-20' }, floorPrice: 5500, price: 9600, cappedAtFloor: false });
    expect(a.rule.zh).toBe('近 30 天最低竞品价 ¥97.00（京东自营，2026-05-20）减 ¥1.00 = ¥96.00，不低于利润底线 ¥55.00');
    // 60 days reach 天猫 95.00 → 94.00.
    expect((await sugg('&competitorDays=60')).price).toBe(9400);
    // A ¥50 gap would give 47.00, under the floor 50.00 × 1.1 = 55.00 → capped at 55.00, and the rule says so.
    const capped = await sugg('&competitorGap=5000');
    expect(capped).toMatchObject({ price: 5500, floorPrice: 5500, cappedAtFloor: true });
    expect(capped.rule.en).toBe('lowest competitor price in the last 30 days ¥97.00 (京东自营, 2026-05-20) minus ¥50.00 = ¥47.00, under the margin floor (cost × (1 + 10%) = ¥55.00): the floor');
    // A floor of 100% (cost × 2 = 100.00) caps even the default gap.
    expect(await sugg('&marginFloor=1')).toMatchObject({ price: 10000, cappedAtFloor: true });
    // Nothing seen in the 3 days 2026-05-23 … 2026-05-25: no competitor-anchored price.
    expect(await sugg('&competitorDays=3')).toBeNull();
    // Without a unit cost the floor is not checked (and the price never goes under 1 fen).
    expect(competitorAnchoredPrice({ competitor: 'c', price: 50, observedOn: '2026-05-01' }, null, { days: 30, gap: 100, marginFloor: 0.1 }))
      .toMatchObject({ price: 1, floorPrice: null, cappedAtFloor: false });
  });

  it('lets customers claim code-less coupons within the limits', async () => {
    await post('/pricing/coupon-batches', { definition: { id: 'claim5', name: '领券减5', scope: 'order', amount: 500, totalQuantity: 2 }, codeless: true });
    const [a, b, c] = customerIds;
    expect((await post('/pricing/coupon-batches/claim5/claim', { customerId: a })).json()).toMatchObject({ claimed: true, reason: null });
    expect((await post('/pricing/coupon-batches/claim5/claim', { customerId: a })).json()).toEqual({ claimed: false, code: null, reason: 'limit_reached' });
    expect((await post('/pricing/coupon-batches/claim5/claim', { customerId: b })).json().claimed).toBe(true);
    expect((await post('/pricing/coupon-batches/claim5/claim', { customerId: c })).json()).toEqual({ claimed: false, code: null, reason: 'sold_out' });
    expect((await get('/pricing/coupon-batches/claim5')).json()).toMatchObject({ codeless: true, issued: 2 });
  });

  it('expires the coupons of ended batches', async () => {
    await post('/pricing/coupon-batches', { definition: { id: 'old', name: '过期券', scope: 'order', amount: 500, validTo: '2026-06-01 00:00' } });
    await post('/pricing/coupon-batches/old/issue', { customerIds: customerIds.slice(0, 3) });
    const step = (asOf: string) => t().database.db.transaction((tx) => couponExpiryStep.run({ tx, database: t().database, asOf, timeZone: 'Asia/Shanghai', progress: () => {} }));
    // Valid until 2026-06-01 00:00 store time (exclusive): still valid on 2026-05-30, expired by the end of 05-31.
    expect(await step('2026-05-30')).toEqual({ rows: 0 });
    expect(await step('2026-05-31')).toEqual({ rows: 3 });
    expect(await step('2026-05-31')).toEqual({ rows: 0 });
    expect(await expireCoupons(t().database.db, NOW)).toBe(0);
  });

  it('lists every coupon batch a page at a time with its redemption tracking (issued, redeemed, expired, remaining)', async () => {
    // A percent item coupon on a category, capped at ¥15, 3 in all: issued to 5 customers → 3 given, 2 skipped.
    const pct = { id: 'tea10', name: '茶叶9折券', scope: 'item', percentOff: 10, maxDiscount: 1500, threshold: 10000, targeting: { categories: ['tea'] }, totalQuantity: 3, perCustomerLimit: 1, validFrom: '2026-06-01 00:00', validTo: '2026-07-01 00:00' };
    expect((await post('/pricing/coupon-batches', { definition: pct })).statusCode).toBe(201);
    expect((await post('/pricing/coupon-batches/tea10/issue', { customerIds: customerIds.slice(10, 15) })).json()).toEqual({ issued: 3, heldOut: 0, skipped: 2 });
    // The category coupon on a cart: 10% of the tea line (¥240) is ¥24, capped at ¥15; the other line is not in the category.
    const q = (await post('/pricing/preview', { rules: { promotions: [], coupons: [pct] }, cart: { at: '2026-06-10T12:00:00+08:00', coupons: ['tea10'], lines: [
      { sku: 'A', category: 'tea', quantity: 2, listPrice: 12_000 }, { sku: 'B', category: 'cups', quantity: 1, listPrice: 8_000 }] } })).json();
    expect({ couponDiscount: q.couponDiscount, payable: q.payable }).toEqual({ couponDiscount: 1500, payable: 30_500 });

    const all = await get('/pricing/coupon-batches?limit=500', analyst);
    expect(all.statusCode).toBe(200);
    const body = all.json() as { items: { code: string; issued: number; redeemed: number; expired: number; heldOut: number; remaining: number | null }[]; total: number; limit: number; offset: number };
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(t().database.db, sql`select count(*)::int as n from pricing_coupon_batches`);
    expect(body).toMatchObject({ total: Number(n), limit: 500, offset: 0 });
    expect(body.items).toHaveLength(Number(n));
    // Newest first; every item's counts are the single-batch endpoint's.
    expect(body.items[0]).toMatchObject({ code: 'tea10', issued: 3, redeemed: 0, expired: 0, heldOut: 0, remaining: 0, definition: pct });
    for (const item of body.items) expect(item).toEqual((await get(`/pricing/coupon-batches/${item.code}`)).json());
    // 'old' (issued to 3, expired by the step above) and 'claim5' (2 of 2 claimed): by hand.
    expect(body.items.find((b) => b.code === 'old')).toMatchObject({ issued: 3, redeemed: 0, expired: 3, remaining: null });
    expect(body.items.find((b) => b.code === 'claim5')).toMatchObject({ issued: 2, expired: 0, remaining: 0 });
    // Redeemed and held out add up with the coupons table, batch by batch.
    const sums = await queryRows<{ code: string; redeemed: number }>(t().database.db, sql`select b.code, count(c.id) filter (where c.status = 'redeemed')::int as redeemed from pricing_coupon_batches b left join pricing_coupons c on c.batch_id = b.id group by b.code`);
    for (const r of sums) expect(body.items.find((b) => b.code === r.code)!.redeemed).toBe(Number(r.redeemed));
    expect(body.items.some((b) => b.redeemed > 0)).toBe(true);
    // Pages: the same order in slices.
    const p2 = (await get('/pricing/coupon-batches?limit=2&offset=1', analyst)).json();
    expect(p2.items.map((b: { code: string }) => b.code)).toEqual(body.items.slice(1, 3).map((b) => b.code));
    expect(p2.total).toBe(Number(n));
    expect((await get('/pricing/coupon-batches?limit=0', analyst)).statusCode).toBe(400);
  });
});
