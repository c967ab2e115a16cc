import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { importFile } from '../../ingest/index.js';
import { forEachDriver } from '../../test-support/db.js';
import { createCampaign, recordSessions, recordSpend } from '../marketing/index.js';
import { channelsReport, cohortReport, comparisonRange, customersReport, funnelReport, funnelSteps, marginalRoi, overviewReport, productsReport } from './index.js';
import { detectAnomalies, rankSkus, type SkuRow } from './products-report.js';

// A hand-checkable store (Asia/Shanghai, CNY); every expected number below is worked out in the comments.
//  O0 2023-12-20 tmall  c2  A 1×100 (cost 60)                       → c2's first order (December cohort)
//  O1 2024-01-02 tmall  c1  A 2×100 (cost 60), discount 20           → GMV 20000, paid 18000, COGS 12000
//  O2 2024-01-03 tmall  c2  B 1×50 (cost 20), refunded 50 on 01-05    → GMV 5000, refund 5000
//  O3 2024-01-04 douyin c1  A 1×100 (cost 60)                        → GMV 10000, COGS 6000
//  O4 2024-01-04 douyin c3  B 2×50, cancelled before payment          → not an order
//  O5 2024-01-06 douyin anonymous B 1×50 (cost 20)                    → GMV 5000, COGS 2000
//  O6 2024-01-25 tmall  c4  B 1×50;  O7 2024-02-10 tmall c1 B 1×50     → outside the first week; cohorts only
const CSV = `order_id,placed_at,channel,device,customer_id,sku,quantity,unit_price,unit_cost,discount,paid_at,cancelled_at,refund_amount,refunded_at
O0,2023-12-20 10:00,tmall,mobile,c2,A,1,100,60,,2023-12-20 10:01,,,
O1,2024-01-02 10:00,tmall,mobile,c1,A,2,100,60,20,2024-01-02 10:01,,,
O2,2024-01-03 12:00,tmall,desktop,c2,B,1,50,20,,2024-01-03 12:01,,50,2024-01-05 09:00
O3,2024-01-04 20:00,douyin,mobile,c1,A,1,100,60,,2024-01-04 20:01,,,
O4,2024-01-04 21:00,douyin,mobile,c3,B,2,50,20,,,2024-01-04 21:30,,
O5,2024-01-06 09:00,douyin,mobile,,B,1,50,20,,2024-01-06 09:01,,,
O6,2024-01-25 10:00,tmall,mobile,c4,B,1,50,20,,2024-01-25 10:01,,,
O7,2024-02-10 10:00,tmall,mobile,c1,B,1,50,20,,2024-02-10 10:01,,,
`;
const WEEK = { from: '2024-01-01', to: '2024-01-08' };

forEachDriver('analytics read model', (t) => {
  beforeAll(async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zg-rm-')), 'orders.csv');
    fs.writeFileSync(file, CSV);
    await importFile(t(), 'orders-csv', file);
    const db = t().database.db;
    const ids = Object.fromEntries((await queryRows<{ external_id: string; id: number }>(db, sql`select external_id, id from orders`)).map((r) => [r.external_id, r.id]));
    const customer = Object.fromEntries((await queryRows<{ external_id: string; id: number }>(db, sql`select external_id, id from customers`)).map((r) => [r.external_id, r.id]));
    const T = await createCampaign(db, { channel: 'tmall', name: '年货节 · 万相台', startsOn: '2024-01-01', endsOn: '2024-01-10' });
    const D = await createCampaign(db, { channel: 'douyin', name: '千川 · 新品', startsOn: '2024-01-05' });
    // Sessions: visitor, channel, device, start (+08:00), page views, product views, add-to-carts, checkouts, order, campaign.
    const s = (visitor: string, channel: string, device: string, at: string, pv: number, prod: number, atc: number, co: number, order?: string, campaignId?: number) => ({
      visitor, customerId: visitor.startsWith('c') ? customer[visitor]! : null, channel, device, startedAt: `${at}+08:00`,
      pageViews: pv, productViews: prod, addToCarts: atc, checkouts: co, orderId: order ? ids[order]! : null, campaignId: campaignId ?? null,
    });
    await recordSessions(db, [
      s('c1', 'tmall', 'mobile', '2024-01-02T09:50:00', 3, 2, 1, 1, 'O1', T), // a paid touch: O1 and, within 7 days, O3 go to tmall / T
      s('c2', 'tmall', 'desktop', '2024-01-03T11:50:00', 2, 1, 1, 1, 'O2'),
      s('g1', 'tmall', 'mobile', '2024-01-02T15:00:00', 1, 0, 0, 0), // bounce
      s('g2', 'tmall', 'desktop', '2024-01-03T16:00:00', 3, 2, 1, 0),
      s('g3', 'tmall', 'mobile', '2024-01-05T16:00:00', 2, 0, 0, 0),
      s('c1', 'douyin', 'mobile', '2024-01-04T19:40:00', 4, 2, 1, 1, 'O3'),
      s('g4', 'douyin', 'mobile', '2024-01-04T20:50:00', 2, 1, 1, 1, 'O4'), // its order was cancelled before payment
      s('g5', 'douyin', 'mobile', '2024-01-06T08:50:00', 2, 1, 1, 1, 'O5', D),
      s('g6', 'douyin', 'tablet', '2024-01-06T12:00:00', 1, 0, 0, 0),
      s('c1', 'douyin', 'mobile', '2023-12-31T12:00:00', 1, 0, 0, 0), // before the range
    ]);
    await recordSpend(db, [
      { channel: 'tmall', campaignId: T, day: '2024-01-02', impressions: 10_000, clicks: 200, spend: 10_000 },
      { channel: 'tmall', day: '2024-01-03', impressions: 5_000, clicks: 50, spend: 4_000 },
      { channel: 'douyin', campaignId: D, day: '2024-01-06', impressions: 20_000, clicks: 400, spend: 6_000 },
      { channel: 'tmall', day: '2024-01-08', impressions: 1, clicks: 1, spend: 99_999 }, // after the range
    ]);
  });

  it('overview: every figure over the week, hand-computed', async () => {
    const o = await overviewReport(t().database.db, { ...WEEK, compare: 'none' });
    expect(o.comparison).toBeNull();
    expect(o.current).toEqual({
      orders: 4, gmv: 40_000, paidAmount: 38_000, refunds: 5_000, netSales: 33_000,
      buyers: 2, newBuyers: 1, aov: 10_000, arppu: 20_000, repurchaseRate: 0.5, // c1 twice (O1, O3), c2 once (O2; first order in December)
      visitors: 8, convertedVisitors: 3, conversionRate: 3 / 8, // c1, c2, g1…g6; converted c1, c2, g5 (g4's order was cancelled)
      refundRate: 5_000 / 38_000, cogs: 22_000, grossMargin: 38_000 - 22_000 - 5_000 + 0, // refunds carry no cost from a CSV import
      spend: 20_000, roi: 2,
    });
  });

  it('overview: splits by channel and device', async () => {
    const o = await overviewReport(t().database.db, { ...WEEK, compare: 'none' });
    expect(o.byChannel.map(({ key, orders, gmv, buyers, visitors, convertedVisitors }) => ({ key, orders, gmv, buyers, visitors, convertedVisitors }))).toEqual([
      { key: 'tmall', orders: 2, gmv: 25_000, buyers: 2, visitors: 5, convertedVisitors: 2 },
      { key: 'douyin', orders: 2, gmv: 15_000, buyers: 1, visitors: 4, convertedVisitors: 2 },
    ]);
    expect(o.byDevice.map(({ key, orders, gmv, visitors, convertedVisitors, conversionRate }) => ({ key, orders, gmv, visitors, convertedVisitors, conversionRate }))).toEqual([
      { key: 'mobile', orders: 3, gmv: 35_000, visitors: 5, convertedVisitors: 2, conversionRate: 0.4 },
      { key: 'desktop', orders: 1, gmv: 5_000, visitors: 2, convertedVisitors: 1, conversionRate: 0.5 },
      { key: 'tablet', orders: 0, gmv: 0, visitors: 1, convertedVisitors: 0, conversionRate: 0 },
    ]);
  });

  it('overview: the comparison period is the week before, or the same dates last year', async () => {
    expect(comparisonRange('2024-01-01', '2024-01-08', 'previous')).toEqual({ from: '2023-12-25', to: '2024-01-01' });
    expect(comparisonRange('2024-02-29', '2024-03-01', 'last_year')).toEqual({ from: '2023-02-28', to: '2023-03-01' });
    const o = await overviewReport(t().database.db, { from: '2023-12-25', to: '2024-01-25', compare: 'previous' });
    expect(o.comparison).toEqual({ from: '2023-11-24', to: '2023-12-25' });
    expect(o.previous).toMatchObject({ orders: 1, gmv: 10_000, buyers: 1, newBuyers: 1, visitors: 0, conversionRate: null, spend: 0, roi: null }); // O0 only
  });

  it('funnel: step conversion, drop-off and the biggest drop', async () => {
    const f = await funnelReport(t().database.db, WEEK);
    // visitors 8; product viewers c1, c2, g2, g4, g5; add-to-cart the same 5; checkout c1, c2, g4, g5; paid c1, c2, g5.
    expect(f.groups).toEqual([{ key: 'all', name: 'all', biggestDrop: 'productViewers', steps: [
      { step: 'visitors', visitors: 8, stepConversion: 1, overallConversion: 1, dropOff: 0 },
      { step: 'productViewers', visitors: 5, stepConversion: 5 / 8, overallConversion: 5 / 8, dropOff: 3 },
      { step: 'addToCart', visitors: 5, stepConversion: 1, overallConversion: 5 / 8, dropOff: 0 },
      { step: 'checkout', visitors: 4, stepConversion: 0.8, overallConversion: 0.5, dropOff: 1 },
      { step: 'paid', visitors: 3, stepConversion: 0.75, overallConversion: 3 / 8, dropOff: 1 },
    ] }]);
    const byChannel = await funnelReport(t().database.db, { ...WEEK, by: 'channel' });
    expect(byChannel.groups.map((g) => [g.key, g.steps.map((s) => s.visitors), g.biggestDrop])).toEqual([
      ['tmall', [5, 3, 3, 2, 2], 'productViewers'], // c1, c2, g1, g2, g3 → c1, c2, g2 → … → checkout c1, c2
      ['douyin', [4, 3, 3, 3, 2], 'paid'], // c1, g4, g5, g6 → c1, g4, g5 → … → paid c1, g5 (3/4 < 3/3)
    ]);
    const byDevice = await funnelReport(t().database.db, { ...WEEK, by: 'device' });
    expect(byDevice.groups.map((g) => [g.key, g.steps[0]!.visitors, g.steps[4]!.visitors])).toEqual([['mobile', 5, 2], ['desktop', 2, 1], ['tablet', 1, 0]]);
    expect((await funnelReport(t().database.db, { ...WEEK, channel: 'douyin' })).groups[0]!.steps.map((s) => s.visitors)).toEqual([4, 3, 3, 3, 2]);
  });

  it('channels: spend, CPC, CPM, attribution (last non-direct touch in 7 days), CAC, ROI, margin ROI', async () => {
    const c = await channelsReport(t().database.db, WEEK);
    expect(c.attribution).toMatchObject({ model: 'last_non_direct_touch', windowDays: 7 });
    // tmall: O1 (its own campaign session), O2 (organic), O3 (placed on douyin, but c1's last paid touch was tmall / T two days before).
    // margin: O1 18000 − 12000 = 6000; O2 5000 − 2000 − 5000 = −2000; O3 10000 − 6000 = 4000 → 8000. New buyers: O1 (c1's first order).
    const tmall = c.channels.find((x) => x.channel === 'tmall');
    expect(tmall).toEqual({
      channel: 'tmall', name: expect.any(String), spend: 14_000, impressions: 15_000, clicks: 250, cpc: 56, cpm: 933,
      attributedOrders: 3, attributedGmv: 35_000, attributedNewBuyers: 1, attributedMargin: 8_000, cac: 14_000, roi: 2.5, marginRoi: (8_000 - 14_000) / 14_000,
      marginalRoi: null, underTarget: false,
    });
    // douyin: O5 through campaign D; anonymous, so no new buyer and no CAC.
    expect(c.channels.find((x) => x.channel === 'douyin')).toMatchObject({
      spend: 6_000, cpc: 15, cpm: 300, attributedOrders: 1, attributedGmv: 5_000, attributedNewBuyers: 0, attributedMargin: 3_000, cac: null, roi: 5_000 / 6_000, marginRoi: -0.5, underTarget: true,
    });
    expect(c.campaigns.map(({ campaign, spend, attributedOrders, attributedGmv, cpc, cpm, cac, roi, marginRoi }) => ({ campaign, spend, attributedOrders, attributedGmv, cpc, cpm, cac, roi, marginRoi }))).toEqual([
      { campaign: '年货节 · 万相台', spend: 10_000, attributedOrders: 2, attributedGmv: 30_000, cpc: 50, cpm: 1_000, cac: 10_000, roi: 3, marginRoi: 0 },
      { campaign: '千川 · 新品', spend: 6_000, attributedOrders: 1, attributedGmv: 5_000, cpc: 15, cpm: 300, cac: null, roi: 5_000 / 6_000, marginRoi: -0.5 },
    ]);
    // Fewer than 7 days of spend: no marginal ROI; ties are ranked by code; under the 1.8 target means reduce.
    expect(c.recommendations.map((r) => [r.channel, r.advice])).toEqual([['douyin', 'reduce'], ['tmall', 'hold']]);
  });

  it('customers: new vs returning per month, repurchase trend, orders per customer', async () => {
    const c = await customersReport(t().database.db, { from: '2023-12-01', to: '2024-02-01', granularity: 'month' });
    // Over the two months: c1 (O1, O3), c2 (O0, O2), c4 (O6) — all first ordered inside the range.
    expect(c.totals).toEqual({ buyers: 3, newBuyers: 3, returningBuyers: 0, repurchaseRate: 2 / 3 });
    expect(c.trend).toEqual([
      { period: '2023-12', buyers: 1, newBuyers: 1, returningBuyers: 0, repurchaseRate: 0 }, // c2
      { period: '2024-01', buyers: 3, newBuyers: 2, returningBuyers: 1, repurchaseRate: 1 / 3 }, // c1 twice, c2 returning, c4 new
    ]);
    expect(c.ordersPerCustomer).toEqual([{ orders: '1', buyers: 1 }, { orders: '2', buyers: 2 }, { orders: '3', buyers: 0 }, { orders: '4', buyers: 0 }, { orders: '5+', buyers: 0 }]);
  });

  it('products: top and bottom SKUs by GMV with margin and refund rate', async () => {
    const p = await productsReport(t().database.db, WEEK);
    // A: O1 2×100 (order discount 20 falls on its only line) + O3 1×100 → GMV 30000, paid 28000, cost 3×60 → margin 10000.
    // B: O2 1×50 + O5 1×50 → GMV 10000, paid 10000, cost 2×20 → margin 6000. O2's refund came from the CSV as an order-level
    // amount without refund lines, so it belongs to no SKU (docs/analytics.md): SKU refunds read refund lines only.
    const A = { sku: 'A', name: expect.any(String), units: 3, orders: 2, gmv: 30_000, margin: 10_000, refunds: 0, refundRate: 0 };
    const B = { sku: 'B', name: expect.any(String), units: 2, orders: 2, gmv: 10_000, margin: 6_000, refunds: 0, refundRate: 0 };
    expect(p.top).toEqual([A, B]);
    expect(p.bottom).toEqual([B, A]);
    expect(p.anomalies).toEqual([]); // A's baseline is 1 unit (< 10); no SKU has refund lines
  });

  it('products: ranking by margin, refund rate or units; SKUs without a paid amount have no refund rate to rank by', () => {
    const sku = (code: string, units: number, gmv: number, paid: number, cogs: number, refunds: number): SkuRow =>
      ({ sku: code, name: code, units, orders: units, gmv, paid, cogs, refunds, refunded_lines: refunds > 0 ? 1 : 0 });
    // margin = paid − cogs: P 600, Q 1,500, R 200, S 0 (free gift, no paid amount → no refund rate); T sold nothing.
    const rows = [sku('P', 5, 1000, 900, 300, 90), sku('Q', 2, 2000, 2000, 500, 0), sku('R', 9, 400, 400, 200, 200), sku('S', 1, 0, 0, 0, 0), sku('T', 0, 0, 0, 0, 50)];
    const codes = (r: { top: { sku: string }[]; bottom: { sku: string }[] }) => [r.top.map((x) => x.sku), r.bottom.map((x) => x.sku)];
    expect(codes(rankSkus(rows, 'gmv', 2))).toEqual([['Q', 'P'], ['S', 'R']]);
    expect(codes(rankSkus(rows, 'margin', 3))).toEqual([['Q', 'P', 'R'], ['S', 'R', 'P']]);
    expect(codes(rankSkus(rows, 'refundRate', 5))).toEqual([['R', 'P', 'Q'], ['Q', 'P', 'R']]); // 0.5, 0.1, 0; S has none
    expect(codes(rankSkus(rows, 'units', 1))).toEqual([['R'], ['S']]);
    expect(rankSkus(rows, 'margin', 1).top).toEqual([{ sku: 'Q', name: 'Q', units: 2, orders: 2, gmv: 2000, margin: 1500, refunds: 0, refundRate: 0 }]);
  });

  it('cohorts: monthly first-order cohorts and retention by month', async () => {
    // December: c2 (O0), ordered again in January (O2), not in February. January: c1 (O1) and c4 (O6); c1 again in February (O7).
    // c3's only order was cancelled before payment: no cohort. No customer's first order is in February: no row.
    expect(await cohortReport(t().database.db, { from: '2023-12-01', to: '2024-03-01' })).toEqual({ cohorts: [
      { cohort: '2023-12', size: 1, retention: [1, 1, 0] },
      { cohort: '2024-01', size: 2, retention: [1, 0.5] },
    ] });
    // Orders from `to` on are not read: O7 falls outside.
    expect((await cohortReport(t().database.db, { from: '2024-01-10', to: '2024-02-05' })).cohorts).toEqual([{ cohort: '2024-01', size: 2, retention: [1, 0] }]);
  });
});

describe('read model arithmetic', () => {
  it('funnel steps with an empty step before', () => {
    expect(funnelSteps([0, 0, 0, 0, 0]).biggestDrop).toBeNull();
    expect(funnelSteps([10, 0, 0, 0, 0]).steps.map((s) => s.stepConversion)).toEqual([1, 0, null, null, null]);
  });

  it('marginal ROI is the log-log elasticity times the average ROI', () => {
    // GMV = 10·√spend exactly: elasticity 0.5; ΣGMV / Σspend = 2800 / 14000 = 0.2 → marginal ROI 0.1.
    const days = [100, 400, 900, 1600, 2500, 3600, 4900].map((spend) => ({ spend, gmv: 10 * Math.sqrt(spend) }));
    expect(marginalRoi(days)).toBeCloseTo(0.1, 12);
    expect(marginalRoi(days.slice(0, 6))).toBeNull();
    expect(marginalRoi(days.map((d) => ({ ...d, spend: 100 })))).toBeNull();
  });
});

describe('异常商品', () => {
  const sku = (code: string, units: number, gmv: number, refunds = 0, lines = 0): SkuRow => ({ sku: code, name: code, units, orders: units, gmv, paid: gmv, cogs: 0, refunds, refunded_lines: lines });
  const map = (...rows: SkuRow[]) => new Map(rows.map((r) => [r.sku, r]));
  it('flags a sudden drop below half the baseline week and a refund spike, and nothing else', () => {
    // Baseline 4 weeks: D 40 units / 40000 → 10000 a week; last week 4000 → 0.4 < 0.5: a drop. E 10000 a week, last week 6000 → 0.6: none.
    // F sold 8 units in the baseline (< 10): never a drop. Range: store refunds 6000 of 100000 paid = 6%; G 4000 of 10000 = 40% with 3 lines → 6.67×;
    // H 2000 of 10000 = 20% (≥ 2 × 6% and ≥ 10%) with 5 lines → 3.33×; I has none.
    const base = map(sku('D', 40, 40_000), sku('E', 40, 40_000), sku('F', 8, 8_000));
    const last = map(sku('D', 4, 4_000), sku('E', 6, 6_000));
    const all = map(sku('G', 10, 10_000, 4_000, 3), sku('H', 10, 10_000, 2_000, 5), sku('I', 80, 80_000, 0, 0));
    expect(detectAnomalies(base, last, all).map((a) => [a.sku, a.kind, +a.ratio.toFixed(4)])).toEqual([['D', 'sudden_drop', 0.4], ['G', 'refund_spike', 6.6667], ['H', 'refund_spike', 3.3333]]);
    // With only 2 refunded lines G is not flagged (too few to call a spike); H still is (store rate unchanged at 6%).
    const withoutLines = map(sku('G', 10, 10_000, 4_000, 2), sku('H', 10, 10_000, 2_000, 5), sku('I', 80, 80_000, 0, 0));
    expect(detectAnomalies(new Map(), new Map(), withoutLines).map((a) => a.sku)).toEqual(['H']);
  });
});
