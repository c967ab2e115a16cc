// Latency of the analytics read model (overview, funnel, cohorts, channels, products) on PostgreSQL
// and PGlite at BENCH_ANALYTICS_LINES order lines (default 1M; a comma list runs each size, e.g.
// 1000000,10000000). The data is synthesised in SQL like the report-kpis bench (two years,
// 7 channels, 200k customers, 2,000 SKUs, cancellations, discounts, refunds with a refund line,
// daily spend per channel and campaign) plus traffic: every order's converting session, 3 browsing
// sessions per order and a campaign touch before every 6th order. Then the `analytics-rollups`
// pipeline step builds the read model's rollups in full to the day before the last (timed:
// rollupSeconds), the nightly run adds the last day incrementally (incrementalDaySeconds), and each
// endpoint is timed RUNS times (p50 / p95, the first, cold run included), next to the same answer computed from the
// fact tables (the pre-rollup read model, BASELINE_RUNS times) so the speed-up is measured in the
// same run on the same data. Each (driver, size) is written to the result file as soon as it is
// done; a size a driver cannot hold is recorded with the error instead of figures.
import fs from 'node:fs';
import path from 'node:path';
import { openBenchPlatform, percentile, root, server, writeResult } from './lib.mjs';

const SIZES = (process.env.BENCH_ANALYTICS_LINES ?? '1000000').split(',').map(Number);
const DRIVERS = (process.env.BENCH_ANALYTICS_DRIVERS ?? 'postgres,pglite').split(',');
const LINES_PER_ORDER = 2.5;
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 20);
const BASELINE_RUNS = Number(process.env.BENCH_ANALYTICS_BASELINE_RUNS ?? 3);
const { sql } = await import('drizzle-orm');
const { overviewReport, funnelReport, cohortReport } = await server('modules/analytics/index.js');
const { overviewFromFacts } = await server('modules/analytics/overview.js');
const { funnelFromFacts } = await server('modules/analytics/funnel.js');
const { cohortsFromFacts } = await server('modules/analytics/cohorts.js');
const { channelsReport, channelsFromFacts } = await server('modules/analytics/channels.js');
const { productsReport, productsFromFacts } = await server('modules/analytics/products-report.js');
const { analyticsRollupsStep } = await server('modules/analytics/rollups.pipeline.js');
const { runPipeline } = await server('pipeline/runner.js');

async function synthesise(db, lines) {
  // A checkpoint after each statement lets PostgreSQL recycle the WAL: PGlite has no checkpointer,
  // and a 10M-line load left alone grows pg_wal by gigabytes a minute.
  const exec = async (q) => { await db.execute(q); await db.execute(sql`checkpoint`); };
  const orders = Math.round(lines / LINES_PER_ORDER);
  await exec(sql`insert into channels (code, name, kind) select 'c' || g, 'channel ' || g, 'marketplace' from generate_series(1, 7) g`);
  await exec(sql`insert into customers (source, external_id) select 'bench', g::text from generate_series(1, 200000) g`);
  await exec(sql`insert into products (source, external_id, name) values ('bench', 'p', 'product')`);
  await exec(sql`insert into skus (source, external_id, product_id, code, name, price, unit_cost)
    select 'bench', g::text, (select id from products limit 1), 'SKU' || g, 'sku ' || g, 1000 + g * 7 % 9000, 600 from generate_series(1, 2000) g`);
  await exec(sql`insert into orders (source, external_id, channel_id, device, customer_id, status, currency, placed_at, paid_at, cancelled_at, items_amount, discount_amount, payable_amount)
    select 'bench', g::text, 1 + g % 7, case when g % 5 = 0 then 'desktop' else 'mobile' end, case when g % 4 = 0 then null else 1 + (g::int8 * 7919) % 200000 end,
      case when g % 33 = 0 then 'cancelled' else 'completed' end, 'CNY',
      t, case when g % 33 = 0 then null else t + interval '5 minutes' end, case when g % 33 = 0 then t + interval '1 hour' end, 0, 0, 0
    from (select g, timestamptz '2024-01-01 00:00+08' + ((g::float8 / ${orders}) * 730 * 86400) * interval '1 second' as t from generate_series(1, ${orders}) g) s`);
  await exec(sql`insert into order_lines (order_id, line_no, sku_id, quantity, unit_price, unit_cost, order_discount)
    select o.id, l, 1 + (o.id * 31 + l) % 2000, 1 + (o.id + l) % 3, 1000 + (o.id * 13 + l) % 9000, 600, case when o.id % 5 = 0 then 100 else 0 end
    from orders o cross join lateral generate_series(1, case when o.id % 2 = 0 then 3 else 2 end) l`);
  await exec(sql`update orders o set items_amount = s.gmv, discount_amount = s.disc, payable_amount = s.gmv - s.disc
    from (select order_id, sum(quantity * unit_price) gmv, sum(order_discount) disc from order_lines group by order_id) s where s.order_id = o.id`);
  await exec(sql`insert into refunds (source, external_id, order_id, customer_id, channel_id, amount, refunded_at, reason)
    select 'bench', o.id::text, o.id, o.customer_id, o.channel_id, o.payable_amount / 2, o.placed_at + interval '3 days', 'bench'
    from orders o where o.id % 23 = 0 and o.paid_at is not null`);
  await exec(sql`insert into refund_lines (refund_id, order_line_id, sku_id, quantity, amount, unit_cost)
    select r.id, l.id, l.sku_id, 1, r.amount, l.unit_cost from refunds r join order_lines l on l.order_id = r.order_id and l.line_no = 1`);
  await exec(sql`insert into campaigns (source, external_id, channel_id, name, starts_on) select 'bench', id::text, id, 'campaign ' || id, '2024-01-01' from channels`);
  await exec(sql`insert into marketing_spend (channel_id, campaign_id, day, impressions, clicks, spend)
    select c.id, c.id, d::date, 20000 + c.id * 1000 + extract(doy from d)::int * 10, 400 + c.id * 20, 150000 + c.id * 20000 + extract(doy from d)::int * 300
    from channels c cross join generate_series(timestamp '2024-01-01', timestamp '2025-12-31', interval '1 day') d`);
  await exec(sql`insert into traffic_sessions (source, visitor_id, customer_id, channel_id, device, started_at, page_views, product_views, add_to_carts, checkouts, order_id)
    select 'bench', coalesce('c' || o.customer_id, 'g' || o.id), o.customer_id, o.channel_id, o.device, o.placed_at - interval '10 minutes', 5, 2, 1, 1, o.id from orders o`);
  await exec(sql`insert into traffic_sessions (source, visitor_id, channel_id, device, started_at, page_views, product_views, add_to_carts, checkouts)
    select 'bench', 'b' || g, 1 + g % 7, case when g % 3 = 0 then 'desktop' else 'mobile' end,
      timestamptz '2024-01-01 00:00+08' + ((g::float8 / ${orders * 3}) * 730 * 86400) * interval '1 second', 1 + g % 4, (g % 4 > 0)::int, (g % 9 = 0)::int, (g % 27 = 0)::int
    from generate_series(1, ${orders * 3}) g`);
  // Campaign touches: every 6th order's visitor came from a campaign ad of another channel 2 hours before the order.
  await exec(sql`insert into traffic_sessions (source, visitor_id, customer_id, channel_id, campaign_id, device, started_at, page_views, product_views, add_to_carts, checkouts)
    select 'bench', coalesce('c' || o.customer_id, 'g' || o.id), o.customer_id, 1 + (o.channel_id + 2) % 7, 1 + (o.channel_id + 2) % 7, o.device,
      o.placed_at - interval '2 hours', 2, 1, 0, 0
    from orders o where o.id % 6 = 0`);
  await db.execute(sql`analyze`);
  const [{ n }] = (await db.execute(sql`select count(*) as n from order_lines`)).rows;
  const [{ s }] = (await db.execute(sql`select count(*) as s from traffic_sessions`)).rows;
  return { orders, lines: Number(n), sessions: Number(s) };
}

const OVERVIEW = { from: '2025-12-01', to: '2025-12-31', compare: 'previous' };
const FUNNEL = { from: '2025-12-01', to: '2025-12-31', by: 'channel' };
const COHORTS = { from: '2025-01-01', to: '2026-01-01' };
const CHANNELS = { from: '2025-12-01', to: '2025-12-31' };
const PRODUCTS = { from: '2025-12-01', to: '2025-12-31', limit: 10 };
// [name, served from the rollups, the same from the facts]
const CASES = [
  ['overview 30 days', (db) => overviewReport(db, OVERVIEW), (db) => overviewFromFacts(db, OVERVIEW)],
  ['overview 30 days, one channel', (db) => overviewReport(db, { ...OVERVIEW, channel: 'c3' }), (db) => overviewFromFacts(db, { ...OVERVIEW, channel: 'c3' })],
  ['funnel 30 days by channel', (db) => funnelReport(db, FUNNEL), (db) => funnelFromFacts(db, FUNNEL)],
  ['funnel 30 days by device, one channel', (db) => funnelReport(db, { ...FUNNEL, by: 'device', channel: 'c3' }), (db) => funnelFromFacts(db, { ...FUNNEL, by: 'device', channel: 'c3' })],
  ['cohorts 12 months', (db) => cohortReport(db, COHORTS), (db) => cohortsFromFacts(db, COHORTS)],
  ['channels 30 days (attribution, ROI)', (db) => channelsReport(db, CHANNELS), (db) => channelsFromFacts(db, CHANNELS)],
  ['products 30 days (top, bottom, anomalies)', (db) => productsReport(db, PRODUCTS), (db) => productsFromFacts(db, PRODUCTS)],
  ['products 30 days, one channel', (db) => productsReport(db, { ...PRODUCTS, channel: 'c3' }), (db) => productsFromFacts(db, { ...PRODUCTS, channel: 'c3' })],
  ['overview 365 days', (db) => overviewReport(db, { from: '2025-01-01', to: '2026-01-01', compare: 'none' }), null],
];

async function time(run, db, runs) {
  const times = [];
  let answer;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    answer = await run(db);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return { answer, p50Ms: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)) };
}

// BENCH_ANALYTICS_OUT names another result file (a trial run that must not touch the kept figures).
const OUT = process.env.BENCH_ANALYTICS_OUT ?? 'analytics';
const file = path.join(root, 'bench', 'results', `${OUT}.json`);
const NOTE = 'GET /api/analytics/{overview,funnel,cohorts,channels,products} read-model functions served from the rollups (analytics-rollups step: a full build in rollupSeconds, the next day as an incremental run in incrementalDaySeconds) '
  + 'vs the same answers from the fact tables (baseline*, the pre-rollup read model) in the same run; p50/p95 over the runs, cold run included; '
  + 'overview includes the comparison period, the channel and device splits and the per-day series';

/** Write the results so far, keeping earlier results of the (driver, size) pairs not run now. */
async function save(results) {
  const ran = new Set(results.map((r) => `${r.driver}/${r.targetLines}`));
  const kept = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).results
    .filter((r) => r.targetLines !== undefined && !ran.has(`${r.driver}/${r.targetLines}`)) : [];
  await writeResult(OUT, { note: NOTE, results: [...kept, ...results].sort((a, b) => a.targetLines - b.targetLines || a.driver.localeCompare(b.driver)) });
}

const results = [];
for (const lines of SIZES) {
  for (const driver of DRIVERS) {
    // BENCH_ANALYTICS_SKIP=postgres/10000000,…: pairs another process runs at the same time.
    if ((process.env.BENCH_ANALYTICS_SKIP ?? '').split(',').includes(`${driver}/${lines}`)) continue;
    let bench;
    // A size whose load and rollup build, projected linearly from this driver's smaller size, would
    // not finish before BENCH_ANALYTICS_DEADLINE is recorded as skipped (with the projection).
    const smaller = results.filter((r) => r.driver === driver && r.loadSeconds !== undefined && r.targetLines < lines).at(-1);
    if (smaller && process.env.BENCH_ANALYTICS_DEADLINE) {
      const projected = Math.round((smaller.loadSeconds + smaller.rollupSeconds) * (lines / smaller.targetLines));
      const left = Math.round((Date.parse(process.env.BENCH_ANALYTICS_DEADLINE) - Date.now()) / 1000);
      if (projected > left) {
        results.push({ driver, targetLines: lines, at: new Date().toISOString(),
          error: `not run: loading and building the rollups took ${smaller.loadSeconds + smaller.rollupSeconds} s at ${smaller.targetLines} lines, so about ${projected} s projected here, more than the ${left} s left before the run's deadline on this shared 2-core machine` });
        await save(results);
        continue;
      }
    }
    try {
      bench = await openBenchPlatform(driver);
      const db = bench.platform.database.db;
      const t0 = performance.now();
      const data = await synthesise(db, lines);
      const loadSeconds = Math.round((performance.now() - t0) / 1000);
      console.error({ driver, ...data, loadSeconds });
      // The rollups built in full to the day before the last one, then the nightly run: one more day, incrementally.
      const build = async (asOf) => {
        const t = performance.now();
        const [step] = await runPipeline(bench.platform.database, [analyticsRollupsStep], { asOf });
        if (step.status !== 'succeeded') throw new Error(`analytics-rollups: ${step.error}`);
        return { seconds: (performance.now() - t) / 1000, detail: step.detail };
      };
      const fullBuild = await build('2025-12-30');
      const nightly = await build('2025-12-31');
      if (!nightly.detail?.startsWith('incremental: 2025-12-31')) throw new Error(`expected a one-day incremental run, got ${nightly.detail}`);
      const rollupSeconds = Math.round(fullBuild.seconds);
      const incrementalDaySeconds = Math.round(nightly.seconds * 10) / 10;
      const [{ n: rollupRows }] = (await db.execute(sql`select (select count(*) from analytics_distinct_daily) + (select count(*) from analytics_sales_daily)
        + (select count(*) from analytics_attributed_daily) + (select count(*) from analytics_attributed_refunds) + (select count(*) from analytics_sku_daily) as n`)).rows;
      console.error({ driver, rollupSeconds, incrementalDaySeconds, rollupRows: Number(rollupRows) });
      for (const [name, rolled, facts] of CASES) {
        const r = await time(rolled, db, RUNS);
        const row = { driver, targetLines: lines, endpoint: name, orderLines: data.lines, orders: data.orders, sessions: data.sessions, runs: RUNS,
          p50Ms: r.p50Ms, p95Ms: r.p95Ms, loadSeconds, rollupSeconds, incrementalDaySeconds, rollupRows: Number(rollupRows) };
        if (facts) {
          const b = await time(facts, db, BASELINE_RUNS);
          const { daily: _daily, ...served } = r.answer;
          row.sameAnswer = JSON.stringify(name.startsWith('overview') ? served : r.answer) === JSON.stringify(b.answer);
          Object.assign(row, { baselineRuns: BASELINE_RUNS, baselineP50Ms: b.p50Ms, baselineP95Ms: b.p95Ms, speedupP50: Math.round((b.p50Ms / Math.max(r.p50Ms, 1)) * 10) / 10 });
        }
        results.push(row);
        console.error(row);
      }
    } catch (e) {
      results.push({ driver, targetLines: lines, error: String(e?.message ?? e).slice(0, 500) });
      console.error(results.at(-1));
    } finally {
      await bench?.close().catch(() => {});
    }
    results.forEach((r) => { r.at ??= new Date().toISOString(); });
    await save(results);
  }
}
