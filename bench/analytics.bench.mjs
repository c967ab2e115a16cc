// Latency of the analytics read model (overview, funnel, cohorts) on PostgreSQL and PGlite at
// BENCH_ANALYTICS_LINES order lines (default 1M). The data is synthesised in SQL like the
// report-kpis bench (two years, 7 channels, 200k customers, 2,000 SKUs, cancellations, discounts,
// refunds) plus traffic: every order's converting session and 3 browsing sessions per order.
// p50 / p95 over RUNS requests each, the first (cold) one included. No rollup tables yet: the
// endpoints read the fact tables through their indexes.
import fs from 'node:fs';
import path from 'node:path';
import { openBenchPlatform, percentile, root, server, writeResult } from './lib.mjs';

const LINES = Number(process.env.BENCH_ANALYTICS_LINES ?? 1_000_000);
const DRIVERS = (process.env.BENCH_ANALYTICS_DRIVERS ?? 'postgres,pglite').split(',');
const LINES_PER_ORDER = 2.5;
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 5);
const { sql } = await import('drizzle-orm');
const { overviewReport, funnelReport, cohortReport } = await server('modules/analytics/index.js');

async function synthesise(db, lines) {
  const orders = Math.round(lines / LINES_PER_ORDER);
  await db.execute(sql`insert into channels (code, name, kind) select 'c' || g, 'channel ' || g, 'marketplace' from generate_series(1, 7) g`);
  await db.execute(sql`insert into customers (source, external_id) select 'bench', g::text from generate_series(1, 200000) g`);
  await db.execute(sql`insert into products (source, external_id, name) values ('bench', 'p', 'product')`);
  await db.execute(sql`insert into skus (source, external_id, product_id, code, name, price, unit_cost)
    select 'bench', g::text, (select id from products limit 1), 'SKU' || g, 'sku ' || g, 1000 + g * 7 % 9000, 600 from generate_series(1, 2000) g`);
  await db.execute(sql`insert into orders (source, external_id, channel_id, device, customer_id, status, currency, placed_at, paid_at, cancelled_at, items_amount, discount_amount, payable_amount)
    select 'bench', g::text, 1 + g % 7, case when g % 5 = 0 then 'desktop' else 'mobile' end, case when g % 4 = 0 then null else 1 + (g::int8 * 7919) % 200000 end,
      case when g % 33 = 0 then 'cancelled' else 'completed' end, 'CNY',
      t, case when g % 33 = 0 then null else t + interval '5 minutes' end, case when g % 33 = 0 then t + interval '1 hour' end, 0, 0, 0
    from (select g, timestamptz '2024-01-01 00:00+08' + ((g::float8 / ${orders}) * 730 * 86400) * interval '1 second' as t from generate_series(1, ${orders}) g) s`);
  await db.execute(sql`insert into order_lines (order_id, line_no, sku_id, quantity, unit_price, unit_cost, order_discount)
    select o.id, l, 1 + (o.id * 31 + l) % 2000, 1 + (o.id + l) % 3, 1000 + (o.id * 13 + l) % 9000, 600, case when o.id % 5 = 0 then 100 else 0 end
    from orders o cross join lateral generate_series(1, case when o.id % 2 = 0 then 3 else 2 end) l`);
  await db.execute(sql`update orders o set items_amount = s.gmv, discount_amount = s.disc, payable_amount = s.gmv - s.disc
    from (select order_id, sum(quantity * unit_price) gmv, sum(order_discount) disc from order_lines group by order_id) s where s.order_id = o.id`);
  await db.execute(sql`insert into refunds (source, external_id, order_id, customer_id, channel_id, amount, refunded_at, reason)
    select 'bench', o.id::text, o.id, o.customer_id, o.channel_id, o.payable_amount / 2, o.placed_at + interval '3 days', 'bench'
    from orders o where o.id % 23 = 0 and o.paid_at is not null`);
  await db.execute(sql`insert into traffic_sessions (source, visitor_id, customer_id, channel_id, device, started_at, page_views, product_views, add_to_carts, checkouts, order_id)
    select 'bench', coalesce('c' || o.customer_id, 'g' || o.id), o.customer_id, o.channel_id, o.device, o.placed_at - interval '10 minutes', 5, 2, 1, 1, o.id from orders o`);
  await db.execute(sql`insert into traffic_sessions (source, visitor_id, channel_id, device, started_at, page_views, product_views, add_to_carts, checkouts)
    select 'bench', 'b' || g, 1 + g % 7, case when g % 3 = 0 then 'desktop' else 'mobile' end,
      timestamptz '2024-01-01 00:00+08' + ((g::float8 / ${orders * 3}) * 730 * 86400) * interval '1 second', 1 + g % 4, (g % 4 > 0)::int, (g % 9 = 0)::int, (g % 27 = 0)::int
    from generate_series(1, ${orders * 3}) g`);
  await db.execute(sql`analyze`);
  const [{ n }] = (await db.execute(sql`select count(*) as n from order_lines`)).rows;
  const [{ s }] = (await db.execute(sql`select count(*) as s from traffic_sessions`)).rows;
  return { orders, lines: Number(n), sessions: Number(s) };
}

const CASES = [
  ['overview 30 days', (db) => overviewReport(db, { from: '2025-12-01', to: '2025-12-31', compare: 'previous' })],
  ['funnel 30 days by channel', (db) => funnelReport(db, { from: '2025-12-01', to: '2025-12-31', by: 'channel' })],
  ['cohorts 12 months', (db) => cohortReport(db, { from: '2025-01-01', to: '2026-01-01' })],
];
// A whole year of the overview takes tens of seconds per request without rollups: opt in.
if (process.env.BENCH_ANALYTICS_LONG) CASES.push(['overview 365 days', (db) => overviewReport(db, { from: '2025-01-01', to: '2026-01-01', compare: 'none' })]);

const results = [];
for (const driver of DRIVERS) {
  const { platform, close } = await openBenchPlatform(driver);
  try {
    const db = platform.database.db;
    const t0 = performance.now();
    const data = await synthesise(db, LINES);
    const loadSeconds = Math.round((performance.now() - t0) / 1000);
    console.error({ driver, ...data, loadSeconds });
    for (const [name, run] of CASES) {
      const times = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        await run(db);
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      results.push({ driver, endpoint: name, orderLines: data.lines, orders: data.orders, sessions: data.sessions, runs: RUNS,
        p50Ms: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)), loadSeconds });
      console.error(results.at(-1));
    }
  } finally {
    await close();
  }
}
// A run on some of the drivers keeps the other drivers' last results.
const file = path.join(root, 'bench', 'results', 'analytics.json');
const kept = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).results.filter((r) => !DRIVERS.includes(r.driver)).map((r) => ({ at: r.at ?? 'earlier run', ...r })) : [];
results.forEach((r) => { r.at = new Date().toISOString(); });
results.push(...kept);
await writeResult('analytics', { note: 'read-model functions behind GET /api/analytics/{overview,funnel,cohorts}, no rollups; p50/p95 over the runs, cold run included', results });
