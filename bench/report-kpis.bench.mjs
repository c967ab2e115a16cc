// `report kpis` latency on PostgreSQL at 1M and 10M order lines. The data is synthesised in SQL
// (generate_series) with two years of orders over 7 channels, 200k customers and 2,000 SKUs, a
// few % cancelled before payment, discounts and refunds, so every branch of the query works.
import { freshPgDatabase, percentile, server, writeResult } from './lib.mjs';

const SIZES = (process.env.BENCH_KPI_LINES ?? '1000000,10000000').split(',').map(Number);
const LINES_PER_ORDER = 2.5;
const RUNS = 5;

async function synthesise(db, sql, lines) {
  const orders = Math.round(lines / LINES_PER_ORDER);
  await db.execute(sql`insert into channels (code, name, kind) select 'c' || g, 'channel ' || g, 'marketplace' from generate_series(1, 7) g`);
  await db.execute(sql`insert into customers (source, external_id) select 'bench', g::text from generate_series(1, 200000) g`);
  await db.execute(sql`insert into products (source, external_id, name) values ('bench', 'p', 'product')`);
  await db.execute(sql`insert into skus (source, external_id, product_id, code, name, price, unit_cost)
    select 'bench', g::text, (select id from products limit 1), 'SKU' || g, 'sku ' || g, 1000 + g * 7 % 9000, 600 from generate_series(1, 2000) g`);
  // Orders: placed over 730 days; 3% cancelled before payment; 25% anonymous.
  await db.execute(sql`insert into orders (source, external_id, channel_id, device, customer_id, status, currency, placed_at, paid_at, cancelled_at, items_amount, discount_amount, payable_amount)
    select 'bench', g::text, 1 + g % 7, 'mobile', case when g % 4 = 0 then null else 1 + (g::int8 * 7919) % 200000 end,
      case when g % 33 = 0 then 'cancelled' else 'completed' end, 'CNY',
      t, case when g % 33 = 0 then null else t + interval '5 minutes' end, case when g % 33 = 0 then t + interval '1 hour' end,
      0, 0, 0
    from (select g, timestamptz '2024-01-01 00:00+08' + ((g::float8 / ${orders}) * 730 * 86400) * interval '1 second' as t from generate_series(1, ${orders}) g) s`);
  await db.execute(sql`insert into order_lines (order_id, line_no, sku_id, quantity, unit_price, unit_cost, order_discount)
    select o.id, l, 1 + (o.id * 31 + l) % 2000, 1 + (o.id + l) % 3, 1000 + (o.id * 13 + l) % 9000, 600, case when o.id % 5 = 0 then 100 else 0 end
    from orders o cross join lateral generate_series(1, case when o.id % 2 = 0 then 3 else 2 end) l`);
  await db.execute(sql`update orders o set items_amount = s.gmv, discount_amount = s.disc, payable_amount = s.gmv - s.disc
    from (select order_id, sum(quantity * unit_price) gmv, sum(order_discount) disc from order_lines group by order_id) s where s.order_id = o.id`);
  await db.execute(sql`insert into refunds (source, external_id, order_id, customer_id, channel_id, amount, refunded_at, reason)
    select 'bench', o.id::text, o.id, o.customer_id, o.channel_id, o.payable_amount / 2, o.placed_at + interval '3 days', 'bench'
    from orders o where o.id % 23 = 0 and o.paid_at is not null`);
  await db.execute(sql`analyze`);
  const [{ n }] = (await db.execute(sql`select count(*) as n from order_lines`)).rows;
  return { orders, lines: Number(n) };
}

const { openDatabase } = await server('db/client.js');
const { migrate } = await server('db/migrate.js');
const { kpiReport } = await server('modules/analytics/index.js');
const { sql } = await import('drizzle-orm');

const results = [];
for (const size of SIZES) {
  const target = await freshPgDatabase();
  const database = await openDatabase({ driver: 'postgres', url: target.url });
  try {
    await migrate(database);
    await database.db.execute(sql`insert into store_settings (id) values (1) on conflict do nothing`);
    const t0 = performance.now();
    const data = await synthesise(database.db, sql, size);
    const loadSeconds = (performance.now() - t0) / 1000;
    for (const granularity of ['month', 'day']) {
      const times = [];
      let rows = 0;
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        const report = await kpiReport(database.db, { from: '2024-01-01', to: '2026-01-01', granularity });
        times.push(performance.now() - s);
        rows = report.rows.length;
      }
      times.sort((a, b) => a - b);
      results.push({ orderLines: data.lines, orders: data.orders, granularity, periods: rows, runs: RUNS,
        medianMs: Math.round(percentile(times, 50)), maxMs: Math.round(times.at(-1)), loadSeconds: Math.round(loadSeconds) });
      console.error(results.at(-1));
    }
  } finally {
    await database.close();
    await target.drop();
  }
}
await writeResult('report-kpis', { driver: 'postgres', note: 'kpiReport over two years, whole store, first run included', results });
