import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { simulateStore } from '../../ingest/simulator/index.js';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { bothWays } from '../../test-support/read-model-both-ways.js';
import { overviewFromFacts, overviewReport } from './overview.js';
import { shiftDays } from './read-model.js';
import { analyticsRollupsStep } from './rollups.pipeline.js';
import { rollupWatermark } from './rollups.js';
import { lowerRollupWatermark } from './rollups.watermark.js';

const END = '2026-02-28';

forEachDriver('analytics rollups', (t) => {
  const db = () => t().database.db;
  const build = async (asOf: string, full = false) => {
    const [res] = await runPipeline(t().database, [analyticsRollupsStep], { asOf, full });
    expect(res).toMatchObject({ step: 'analytics-rollups', status: 'succeeded' });
  };

  beforeAll(async () => {
    await simulateStore(t(), { days: 75, customers: 250, seed: 11, endDate: END });
    // Cases the simulation may not make: a refund with neither order nor channel, a late refund of
    // an old order, a guest order, a cancelled-before-payment order, and a customer's second and
    // third order on one day (repurchase within a day).
    await db().execute(sql`insert into refunds (source, external_id, amount, refunded_at) values ('test', 'unlinked', 700, '2026-02-12T10:00:00+08:00')`);
    await db().execute(sql`insert into refunds (source, external_id, order_id, customer_id, channel_id, amount, cost_amount, refunded_at)
      select 'test', 'late', id, customer_id, channel_id, 1234, 400, '2026-02-16T09:00:00+08:00' from orders
      where paid_at is not null and placed_at < '2026-01-20' order by id limit 1`);
    await db().execute(sql`insert into orders (source, external_id, channel_id, device, customer_id, status, currency, placed_at, paid_at, cancelled_at, items_amount, discount_amount, payable_amount)
      select 'test', x.ext, o.channel_id, o.device, x.cust, 'completed', o.currency, '2026-02-14T12:00:00+08:00'::timestamptz + x.k * interval '1 hour',
        case when x.cancelled then null else '2026-02-14T13:00:00+08:00'::timestamptz + x.k * interval '1 hour' end,
        case when x.cancelled then '2026-02-14T14:00:00+08:00'::timestamptz end, 5000, 0, 5000
      from (select * from orders where customer_id is not null and placed_at < '2026-02-14' order by id limit 1) o
      cross join lateral (values ('same-day-1', o.customer_id, 0, false), ('same-day-2', o.customer_id, 1, false), ('guest', null::int8, 2, false),
        ('cancelled', o.customer_id, 3, true)) x(ext, cust, k, cancelled)`);
    const [facts] = await queryRows<Record<string, number>>(db(), sql`select
      (select count(*) from orders where customer_id is null)::int8 as guests,
      (select count(*) from orders where cancelled_at is not null and paid_at is null)::int8 as cancelled,
      (select count(*) from refunds r join orders o on o.id = r.order_id where (r.refunded_at at time zone 'Asia/Shanghai')::date > (o.placed_at at time zone 'Asia/Shanghai')::date)::int8 as late_refunds,
      (select count(*) from traffic_sessions)::int8 as sessions,
      (select count(*) from traffic_sessions where campaign_id is not null)::int8 as campaign_sessions,
      (select count(*) from orders where campaign_id is not null)::int8 as campaign_orders,
      (select count(*) from refund_lines)::int8 as refund_lines`);
    expect(facts).toMatchObject({ guests: expect.any(Number), cancelled: expect.any(Number), late_refunds: expect.any(Number) });
    expect(Object.values(facts!).every((n) => n > 0)).toBe(true);
  });

  it('without a rollup every figure comes from the facts, equal to the direct computation', async () => {
    expect(await rollupWatermark(db())).toBeNull();
    const { rolled, facts } = await bothWays(db());
    expect(rolled).toEqual(facts);
  });

  it('with the watermark inside the ranges: the rollup half and the fact half merge exactly, store-wide and per channel', async () => {
    await build('2026-02-13');
    expect(await rollupWatermark(db())).toBe('2026-02-13');
    const rows = await queryRows<{ n: number }>(db(), sql`select count(*)::int8 as n from analytics_distinct_daily where day > '2026-02-13'`);
    expect(rows[0]!.n).toBe(0);
    const all = await bothWays(db());
    expect(all.rolled).toEqual(all.facts);
    const tmall = await bothWays(db(), 'tmall');
    expect(tmall.rolled).toEqual(tmall.facts);
  });

  it('with every day rolled up: equal again; a fact written behind the writers\' back shows only after a full rebuild', async () => {
    await build(END);
    const all = await bothWays(db());
    expect(all.rolled).toEqual(all.facts);
    const douyin = await bothWays(db(), 'douyin');
    expect(douyin.rolled).toEqual(douyin.facts);
    // The rollup is the truth as of its build: a refund back-dated into a rolled-up day behind the
    // writers' back (no watermark moved) is not seen by an incremental run, only by a full rebuild.
    await db().execute(sql`insert into refunds (source, external_id, amount, channel_id, refunded_at) select 'test', 'backdated', 999, id, '2026-02-03T10:00:00+08:00' from channels where code = 'tmall'`);
    const q = { from: '2026-02-01', to: '2026-02-08', compare: 'none' } as const;
    const before = (await overviewReport(db(), q)).current.refunds;
    expect((await overviewFromFacts(db(), q)).current.refunds).toBe(before + 999);
    await build(END);
    expect((await overviewReport(db(), q)).current.refunds).toBe(before);
    await build(END, true);
    expect((await overviewReport(db(), q)).current.refunds).toBe(before + 999);
    // A writer that back-fills (an import) lowers the watermark in its transaction: the change is
    // seen at once, and every figure still equals the facts. Here: a repeat order placed before the
    // customer's rolled-up first order, so their cohort moves back a month.
    await db().execute(sql`insert into orders (source, external_id, channel_id, device, customer_id, status, currency, placed_at, paid_at, items_amount, discount_amount, payable_amount)
      select 'test', 'backfilled', o.channel_id, o.device, o.customer_id, 'completed', o.currency, '2026-01-20T12:00:00+08:00', '2026-01-20T12:05:00+08:00', 4200, 0, 4200
      from orders o join analytics_customer_first f on f.customer_id = o.customer_id where f.first_day >= '2026-02-01' order by o.id limit 1`);
    expect(await lowerRollupWatermark(db(), '2026-01-20')).toBe('2026-01-19');
    expect(await rollupWatermark(db())).toBe('2026-01-19');
    expect(await lowerRollupWatermark(db(), '2026-02-20')).toBeNull(); // already lower: unchanged
    const after = await bothWays(db());
    expect(after.rolled).toEqual(after.facts);
    await build(END);
  });

  it('never rolls up today: the watermark stops at yesterday in the store zone', async () => {
    const [{ today }] = await queryRows<{ today: string }>(db(), sql`select to_char((now() at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as today`) as [{ today: string }];
    await build(shiftDays(today, 5));
    expect(await rollupWatermark(db())).toBe(shiftDays(today, -1));
    await build(END);
  });
});
