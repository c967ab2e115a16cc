import { sql, type SQL } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows, type Tx } from '../../db/client.js';
import { simulateStore } from '../../ingest/simulator/index.js';
import { runPipeline } from '../../pipeline/runner.js';
import { stepLockKey } from '../../pipeline/step-lock.js';
import { forEachDriver } from '../../test-support/db.js';
import { bothWays } from '../../test-support/read-model-both-ways.js';
import { eraseSubject, setRetentionPolicy, purgeExpired, RETENTION_KEYS } from '../compliance/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { recordSessions } from '../marketing/index.js';
import { cancelOrder, payOrder } from '../orders/index.js';
import { updateStoreSettings } from '../store/index.js';
import { analyticsRollupsStep } from './rollups.pipeline.js';
import { rollupWatermark } from './rollups.js';
import { ROLLUP_STEP } from './rollups.sql.js';
import { lowerRollupWatermark } from './rollups.watermark.js';

const END = '2026-02-28';
const W1 = '2026-02-14';
const TZ = 'Asia/Shanghai';

/**
 * Each rollup table with the condition that puts a row on the days from `d` on: the rows an
 * incremental build starting at `d` may write; every other row it must leave alone.
 */
const TABLES: Record<string, (d: string) => SQL> = {
  analytics_sales_daily: (d) => sql`day >= ${d}::date`,
  analytics_distinct_daily: (d) => sql`day >= ${d}::date`,
  analytics_attributed_daily: (d) => sql`day >= ${d}::date`,
  analytics_attributed_refunds: (d) => sql`(day >= ${d}::date or refund_day >= ${d}::date)`,
  analytics_sku_daily: (d) => sql`day >= ${d}::date`,
  analytics_customer_first: (d) => sql`first_day >= ${d}::date`,
  analytics_cohort_months: (d) => sql`month >= date_trunc('month', ${d}::date)::date`,
};

/** Every row of every rollup table, sorted. */
async function contents(db: Tx): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of Object.keys(TABLES)) {
    out[t] = (await queryRows<{ r: string }>(db, sql`select to_jsonb(x)::text as r from ${sql.identifier(t)} x order by 1`)).map((x) => x.r);
  }
  return out;
}

/**
 * Per table, the rows the last build wrote (their xmin is the transaction that recorded the
 * watermark) off its days, and the rows on its days it did not write: both must be 0.
 */
async function writtenOutside(db: Tx, from: string): Promise<Record<string, { off: number; missed: number }>> {
  const out: Record<string, { off: number; missed: number }> = {};
  for (const [t, onDays] of Object.entries(TABLES)) {
    const [row] = await queryRows<{ off: number; missed: number; on: number }>(db, sql`
      with b as (select xmin as x from analytics_rollup_state where name = 'read-model')
      select count(*) filter (where x.xmin = b.x and not ${onDays(from)})::int8 as off,
        count(*) filter (where x.xmin <> b.x and ${onDays(from)})::int8 as missed
      from ${sql.identifier(t)} x, b`);
    out[t] = { off: Number(row!.off), missed: Number(row!.missed) };
  }
  return out;
}

/** Pending orders placed before W1 that the tests pay and cancel later, each with a converting session. */
async function addPendingOrders(db: Tx): Promise<{ toPay: number; toCancel: number }> {
  const [a, b] = await queryRows<{ id: number }>(db, sql`
    insert into orders (source, external_id, channel_id, device, customer_id, status, currency, placed_at, items_amount, discount_amount, payable_amount)
    select 'test', x.ext, o.channel_id, o.device, o.customer_id, 'pending_payment', o.currency, x.placed::timestamptz, 3000, 0, 3000
    from (select * from orders where customer_id is not null and placed_at < '2026-02-01' order by id limit 1) o
    cross join (values ('to-pay', '2026-02-12T15:00:00+08:00', 1), ('to-cancel', '2026-02-10T00:20:00+08:00', 2)) x(ext, placed, k)
    order by x.k returning id`);
  await db.execute(sql`insert into order_lines (order_id, line_no, sku_id, quantity, unit_price, unit_cost)
    select o.id, 1, (select id from skus order by id limit 1), 2, 1500, 700 from orders o where o.id in (${a!.id}, ${b!.id})`);
  // The order to cancel converted a session that started the evening before: that day changes too.
  await db.execute(sql`insert into traffic_sessions (source, external_id, visitor_id, customer_id, channel_id, device, started_at, page_views, product_views, add_to_carts, checkouts, order_id)
    select 'test', 'conv-' || o.external_id, v.visitor_id, o.customer_id, o.channel_id, o.device, o.placed_at - interval '30 minutes', 3, 1, 1, 1, o.id
    from orders o cross join lateral (select visitor_id from traffic_sessions where customer_id = o.customer_id order by id limit 1) v
    where o.id in (${a!.id}, ${b!.id})`);
  return { toPay: Number(a!.id), toCancel: Number(b!.id) };
}

forEachDriver('analytics rollups, incremental', (t, driver) => {
  const db = () => t().database.db;
  const build = async (asOf: string, full = false) => {
    const [res] = await runPipeline(t().database, [analyticsRollupsStep], { asOf, full });
    expect(res).toMatchObject({ step: 'analytics-rollups', status: 'succeeded' });
    return res!.detail;
  };
  /** A full rebuild's rows, compared with what is there now; the full rebuild stays. */
  const expectEqualToFullRebuild = async () => {
    const incremental = await contents(db());
    expect(await build(END, true)).toBe(`full rebuild to ${END}`);
    expect(incremental).toEqual(await contents(db()));
  };
  const expectReportsEqualFacts = async () => {
    const all = await bothWays(db());
    expect(all.rolled).toEqual(all.facts);
    const tmall = await bothWays(db(), 'tmall');
    expect(tmall.rolled).toEqual(tmall.facts);
  };
  let pending: { toPay: number; toCancel: number };

  beforeAll(async () => {
    await simulateStore(t(), { days: 75, customers: 250, seed: 23, endDate: END });
    pending = await addPendingOrders(db());
  });

  it('a run with no state rebuilds everything; a rerun of the same date recomputes no day and changes nothing', async () => {
    expect(await build(W1)).toBe(`full rebuild to ${W1}`);
    const first = await contents(db());
    expect(first.analytics_distinct_daily!.length).toBeGreaterThan(0);
    expect(await build(W1)).toBe(`incremental: no new day (watermark ${W1})`);
    expect(await contents(db())).toEqual(first);
  });

  it('after new days and writers changing older ones, the incremental run writes exactly the rows of a full rebuild, and only on its days', async () => {
    // New facts after W1: a late refund (with a refund line) of an order placed a month before, a
    // returning customer's order on a campaign, a new visitor and a returning one.
    await db().execute(sql`insert into refunds (source, external_id, order_id, customer_id, channel_id, amount, cost_amount, refunded_at)
      select 'test', 'late', id, customer_id, channel_id, 1100, 300, '2026-02-20T09:00:00+08:00' from orders
      where paid_at is not null and cancelled_at is null and placed_at < '2026-01-20' order by id limit 1`);
    await db().execute(sql`insert into refund_lines (refund_id, sku_id, quantity, amount)
      select r.id, l.sku_id, 1, 1100 from refunds r join order_lines l on l.order_id = r.order_id where r.external_id = 'late' order by l.id limit 1`);
    const [returning] = await queryRows<{ customer_id: number; visitor_id: string }>(db(), sql`
      select o.customer_id, s.visitor_id from orders o join traffic_sessions s on s.order_id = o.id
      where o.placed_at < '2026-02-01' and o.cancelled_at is null order by o.id desc limit 1`);
    const [order] = await queryRows<{ id: number }>(db(), sql`
      insert into orders (source, external_id, channel_id, device, customer_id, status, currency, placed_at, paid_at, items_amount, discount_amount, payable_amount, campaign_id)
      select 'test', 'returning', c.channel_id, 'mobile', ${returning!.customer_id}, 'paid', 'CNY', '2026-02-18T20:00:00+08:00', '2026-02-18T20:01:00+08:00', 4400, 400, 4000, c.id
      from campaigns c order by c.id limit 1 returning id`);
    await db().execute(sql`insert into order_lines (order_id, line_no, sku_id, quantity, unit_price, unit_cost, order_discount)
      select ${order!.id}, 1, id, 2, 2200, 900, 400 from skus order by id desc limit 1`);
    const [anonymous] = await queryRows<{ visitor_id: string }>(db(), sql`
      select visitor_id from traffic_sessions where customer_id is null and started_at < '2026-02-10' order by id limit 1`);
    const [channel] = await queryRows<{ code: string }>(db(), sql`select code from channels order by id limit 1`);
    const session = { channel: channel!.code, device: 'desktop', pageViews: 3, productViews: 1, addToCarts: 0, checkouts: 0 };
    await recordSessions(db(), [
      { ...session, visitor: returning!.visitor_id, customerId: returning!.customer_id, startedAt: '2026-02-18T19:40:00+08:00', checkouts: 1, orderId: order!.id },
      { ...session, visitor: 'brand-new-visitor', startedAt: '2026-02-19T11:00:00+08:00' },
      { ...session, visitor: anonymous!.visitor_id, startedAt: '2026-02-21T08:00:00+08:00', addToCarts: 1 },
    ]);
    expect(await rollupWatermark(db())).toBe(W1);

    // Changes to days before W1 through the real writers: a late payment, then a cancellation
    // before payment (its session started the day before the order).
    await payOrder(db(), SYSTEM_ACTOR, pending.toPay, { method: 'alipay' }, new Date('2026-02-21T10:00:00+08:00'));
    expect(await rollupWatermark(db())).toBe('2026-02-11');
    await cancelOrder(db(), SYSTEM_ACTOR, pending.toCancel, { reason: 'test' }, new Date('2026-02-22T10:00:00+08:00'));
    expect(await rollupWatermark(db())).toBe('2026-02-08');
    await expectReportsEqualFacts();

    expect(await build(END)).toBe(`incremental: 2026-02-09 … ${END} (20 days)`);
    const outside = await writtenOutside(db(), '2026-02-09');
    expect(Object.values(outside).every((x) => x.off === 0 && x.missed === 0), JSON.stringify(outside)).toBe(true);
    await expectReportsEqualFacts();
    await expectEqualToFullRebuild();
  });

  it('pseudonymised visitor ids lower the watermark only where they change who a visitor is (erasure, retention purge)', async () => {
    // Every session of a simulated customer is under one visitor id of their own: erasing them renames a whole visitor.
    const [whole] = await queryRows<{ id: number }>(db(), sql`select customer_id as id from traffic_sessions where customer_id is not null
      group by 1 having min(started_at) < '2026-02-01' order by 1 limit 1`);
    await eraseSubject(db(), SYSTEM_ACTOR, Number(whole!.id), new Date('2026-03-01T00:00:00Z'));
    expect(await rollupWatermark(db())).toBe(END);

    // A customer whose visitor also browsed signed out afterwards (a session without the customer):
    // erasing them splits that visitor, from that later session on.
    const [split] = await queryRows<{ id: number; visitor_id: string }>(db(), sql`
      select customer_id as id, min(visitor_id) as visitor_id
      from traffic_sessions where customer_id is not null and customer_id <> ${whole!.id}
      group by 1 having min(started_at) >= '2026-02-05' order by 1 limit 1`);
    await db().execute(sql`insert into traffic_sessions (source, external_id, visitor_id, channel_id, device, started_at, page_views)
      select 'test', 'signed-out', ${split!.visitor_id}, channel_id, device, '2026-02-25T09:00:00+08:00', 2 from traffic_sessions where visitor_id = ${split!.visitor_id} limit 1`);
    await build(END, true);
    await eraseSubject(db(), SYSTEM_ACTOR, Number(split!.id), new Date('2026-03-01T00:00:00Z'));
    expect(await rollupWatermark(db())).toBe('2026-02-24');
    await expectReportsEqualFacts();
    expect(await build(END)).toMatch(/^incremental: /);
    await expectReportsEqualFacts();
    await expectEqualToFullRebuild();

    // The retention purge renames visitors not seen for 30 days (cutoff 2026-01-30), each on all of
    // their sessions: no visitor is split or joined, so no rollup row changes and the watermark stays.
    const now = new Date('2026-03-01T00:00:00Z');
    for (const key of RETENTION_KEYS) await setRetentionPolicy(db(), key, 30, key === 'traffic_visitor_ids', now);
    const cutoff = '2026-01-30T00:00:00+08:00';
    const [quiet] = await queryRows<{ v: string; channel: string; device: string }>(db(), sql`
      select s.visitor_id as v, min(c.code) as channel, min(s.device) as device from traffic_sessions s join channels c on c.id = s.channel_id
      where s.visitor_id not like 'purged:%' group by 1 having max(s.started_at) < ${cutoff} order by 1 limit 1`);
    const purged = await db().transaction((tx) => purgeExpired(tx, END, TZ));
    expect(purged.traffic_visitor_ids).toBeGreaterThan(0);
    expect(await rollupWatermark(db())).toBe(END);
    const [kept] = await queryRows<{ purgedSince: number; activeKeptOld: number }>(db(), sql`select
      (select count(*) from traffic_sessions where visitor_id like 'purged:%' and started_at >= ${cutoff})::int8 as "purgedSince",
      (select count(*) from traffic_sessions s where s.started_at < ${cutoff} and s.visitor_id not like 'purged:%')::int8 as "activeKeptOld"`);
    expect(kept!.purgedSince).toBe(0); // nobody seen since the cutoff was renamed
    expect(kept!.activeKeptOld).toBeGreaterThan(0); // visitors who came back keep their id on their old sessions too
    await expectReportsEqualFacts();
    await expectEqualToFullRebuild();

    // A purged visitor comes back under the same id (a signed-in customer's, say) on 2026-02-03 and
    // goes quiet again: the next purge (20 days) joins that session to their old pseudonym, which
    // changes the rows from that day on.
    await recordSessions(db(), [{ visitor: quiet!.v, channel: quiet!.channel, device: quiet!.device, startedAt: '2026-02-03T10:00:00+08:00', pageViews: 1, productViews: 0, addToCarts: 0, checkouts: 0 }]);
    expect(await rollupWatermark(db())).toBe('2026-02-02');
    expect(await build(END)).toMatch(/^incremental: /);
    await setRetentionPolicy(db(), 'traffic_visitor_ids', 20, true, now);
    await db().transaction((tx) => purgeExpired(tx, END, TZ));
    expect(await rollupWatermark(db())).toBe('2026-02-02');
    expect(await build(END)).toBe(`incremental: 2026-02-03 … ${END} (26 days)`);
    await expectReportsEqualFacts();
    await expectEqualToFullRebuild();
  });

  // PGlite has one connection: no build can run beside a writer there, so this is declared for PostgreSQL only.
  if (driver === 'postgres') it('a writer lowering the watermark waits for a build in progress, then lowers what it recorded', async () => {
    let lowered: string | null | undefined;
    let writer: Promise<void> | undefined;
    await db().transaction(async (build) => {
      await build.execute(sql`select pg_advisory_xact_lock(${stepLockKey(ROLLUP_STEP)})`); // as the runner holds it for a build
      writer = db().transaction((tx) => lowerRollupWatermark(tx, '2026-02-20')).then((w) => { lowered = w; });
      await new Promise((r) => setTimeout(r, 500));
      expect(lowered).toBeUndefined();
      await build.execute(sql`update analytics_rollup_state set watermark = ${END}::date`);
    });
    await writer;
    expect(lowered).toBe('2026-02-19');
    expect(await build(END)).toBe(`incremental: 2026-02-20 … ${END} (9 days)`);
  });

  it('a change of the store\'s time zone drops the rollups: the facts serve, and the next run rebuilds every day in the new zone', async () => {
    expect(await rollupWatermark(db())).toBe(END);
    await updateStoreSettings(db(), SYSTEM_ACTOR, { timeZone: 'Asia/Tokyo' });
    expect(await rollupWatermark(db())).toBeNull();
    expect(await queryRows(db(), sql`select 1 from analytics_customer_first`)).toEqual([]);
    expect(await build(END)).toBe(`full rebuild to ${END}`);
    await expectReportsEqualFacts();
    await updateStoreSettings(db(), SYSTEM_ACTOR, { name: 'renamed' });
    expect(await rollupWatermark(db())).toBe(END);
    await updateStoreSettings(db(), SYSTEM_ACTOR, { timeZone: TZ });
    expect(await rollupWatermark(db())).toBeNull();
  });
});
