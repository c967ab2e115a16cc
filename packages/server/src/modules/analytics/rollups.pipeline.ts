import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { countedOrder } from './kpi-report.sql.js';
import { ATTRIBUTION_WINDOW, countedSessionOrder, localDay, sessionLevel } from './rollups.sql.js';

/** The name of the read model's row in `analytics_rollup_state`. */
export const ROLLUP_STATE = 'read-model';

/**
 * `analytics-rollups`: the read model's rollup tables (analytics.tables.ts) rebuilt from the
 * facts for every business day up to the watermark — the as-of date, but never today or later
 * (a day still taking orders is read from the facts) — in one transaction, and the watermark
 * recorded. Every row is a function of the facts up to its own day, so the rebuild is exact
 * however late a refund or an import lands; see docs/analytics.md for what an incremental run
 * would recompute.
 */
export const analyticsRollupsStep: PipelineStep = {
  name: 'analytics-rollups',
  description: 'Read-model rollups: sales per day, channel and device; distinct visitors, buyers and funnel steps; cohorts; attributed orders per campaign; SKU figures',
  dependsOn: [],
  async run({ tx, asOf, timeZone, progress }) {
    const rows = await buildRollups(tx, asOf, timeZone, progress);
    return { rows };
  },
};

const ROLLUP_TABLES = ['analytics_sales_daily', 'analytics_distinct_daily', 'analytics_cohort_months', 'analytics_customer_first',
  'analytics_attributed_daily', 'analytics_attributed_refunds', 'analytics_sku_daily'];

/** Rebuild every rollup for the days up to min(asOf, yesterday); returns the rows written. */
export async function buildRollups(tx: Tx, asOf: string, tz: string, progress: (f: number) => void = () => {}): Promise<number> {
  const [{ watermark }] = await queryRows<{ watermark: string }>(tx, sql`
    select to_char(least(${asOf}::date, (now() at time zone ${tz}::text)::date - 1), 'YYYY-MM-DD') as watermark`) as [{ watermark: string }];
  const end = sql`((${watermark}::date + 1)::timestamp at time zone ${tz}::text)`;
  for (const t of ROLLUP_TABLES) {
    await tx.execute(sql`delete from ${sql.identifier(t)}`);
  }
  // The build sorts and hashes whole fact tables: room in memory, no JIT compile per statement
  // (both only for this transaction).
  await tx.execute(sql`set local work_mem = '256MB'`);
  await tx.execute(sql`set local jit = off`);
  let written = 0;
  const count = async (q: ReturnType<typeof sql>) => {
    const res = await tx.execute(q);
    written += (res as { rowCount?: number | null; affectedRows?: number }).rowCount ?? (res as { affectedRows?: number }).affectedRows ?? 0;
  };

  // Counted orders (metrics.md) with their business day and cost of goods, kept for the statements below.
  await tx.execute(sql`create temp table zg_counted on commit drop as
    select o.id, o.customer_id, o.channel_id, o.campaign_id, o.device, o.placed_at, ${localDay(sql`o.placed_at`, tz)} as day,
      o.items_amount, o.discount_amount, coalesce(g.cogs, 0) as cogs
    from orders o
      left join (select order_id, sum(quantity::int8 * coalesce(unit_cost, 0)) as cogs from order_lines where quantity > 0 group by 1) g on g.order_id = o.id
    where o.placed_at < ${end} and ${countedOrder('o')}`);
  progress(0.1);

  // Additive figures: orders, GMV, paid and COGS by placement day; refunds by refund day.
  await count(sql`insert into analytics_sales_daily (day, channel_id, device, orders, gmv, paid_amount, cogs, refunds, refund_cost)
    select day, channel_id, device, sum(orders), sum(gmv), sum(paid), sum(cogs), sum(refunds), sum(refund_cost) from (
      select day, channel_id, device, count(*) as orders, sum(items_amount) as gmv, sum(items_amount - discount_amount) as paid,
        sum(cogs) as cogs, 0::numeric as refunds, 0::numeric as refund_cost
      from zg_counted group by 1, 2, 3
      union all
      select ${localDay(sql`r.refunded_at`, tz)}, coalesce(o.channel_id, r.channel_id, 0), coalesce(o.device, ''), 0, 0, 0, 0,
        sum(r.amount), sum(coalesce(r.cost_amount, 0))
      from refunds r left join orders o on o.id = r.order_id where r.refunded_at < ${end} group by 1, 2, 3
    ) x group by 1, 2, 3`);
  progress(0.2);

  // 渠道与营销: each counted order under the channel and campaign it is attributed to (the latest
  // campaign-tagged session of its visitor in the window, as channels.ts reads the facts), its
  // margin before refunds and whether it was its customer's first; its refunds by refund day.
  await tx.execute(sql`create temp table zg_attributed on commit drop as
    with touch as (
      select distinct on (cs.order_id) cs.order_id as id, s2.channel_id, s2.campaign_id
      from zg_counted c join traffic_sessions cs on cs.order_id = c.id
        join traffic_sessions s2 on s2.visitor_id = cs.visitor_id and s2.campaign_id is not null
          and s2.started_at <= c.placed_at and s2.started_at > c.placed_at - ${ATTRIBUTION_WINDOW}::interval
      order by cs.order_id, s2.started_at desc, s2.id desc)
    select c.id, c.day, coalesce(t.channel_id, c.channel_id) as channel_id, coalesce(t.campaign_id, c.campaign_id, 0) as campaign_id,
      c.items_amount as gmv, c.items_amount - c.discount_amount - c.cogs as margin,
      (c.customer_id is not null and row_number() over (partition by c.customer_id order by c.placed_at, c.id) = 1) as is_new
    from zg_counted c left join touch t using (id)`);
  await count(sql`insert into analytics_attributed_daily (day, channel_id, campaign_id, orders, gmv, margin, new_buyers)
    select day, channel_id, campaign_id, count(*), sum(gmv), sum(margin), count(*) filter (where is_new) from zg_attributed group by 1, 2, 3`);
  await count(sql`insert into analytics_attributed_refunds (day, refund_day, channel_id, campaign_id, net)
    select a.day, ${localDay(sql`r.refunded_at`, tz)}, a.channel_id, a.campaign_id, sum(r.amount - coalesce(r.cost_amount, 0))
    from refunds r join zg_attributed a on a.id = r.order_id where r.refunded_at < ${end} group by 1, 2, 3, 4`);
  progress(0.25);

  // 商品分析: per day, channel and SKU (the store-wide row under channel 0 — the sum of the
  // channels' rows, an order being on one channel, plus refunds that have no channel).
  await tx.execute(sql`create temp table zg_sku on commit drop as
    select c.day, c.channel_id, l.sku_id, sum(l.quantity)::int8 as units, count(distinct l.order_id) as orders, sum(l.quantity::int8 * l.unit_price) as gmv,
      sum(l.quantity::int8 * l.unit_price - l.item_discount - l.order_discount - l.coupon_discount - l.points_discount) as paid,
      sum(l.quantity::int8 * coalesce(l.unit_cost, 0)) as cogs, 0::numeric as refunds, 0::int8 as refunded_lines
    from zg_counted c join order_lines l on l.order_id = c.id and l.quantity > 0 group by 1, 2, 3
    union all
    select ${localDay(sql`r.refunded_at`, tz)}, coalesce(o.channel_id, r.channel_id), rl.sku_id, 0, 0, 0, 0, 0, sum(rl.amount), count(*)
    from refunds r join refund_lines rl on rl.refund_id = r.id left join orders o on o.id = r.order_id
    where r.refunded_at < ${end} group by 1, 2, 3`);
  const skuSums = sql`sum(units), sum(orders), sum(gmv), sum(paid), sum(cogs), sum(refunds), sum(refunded_lines)`;
  await count(sql`insert into analytics_sku_daily (day, channel_id, sku_id, units, orders, gmv, paid_amount, cogs, refunds, refunded_lines)
    select day, channel_id, sku_id, ${skuSums} from zg_sku where channel_id is not null group by 1, 2, 3
    union all
    select day, 0, sku_id, ${skuSums} from zg_sku group by 1, 3`);
  progress(0.3);

  // Visitors and funnel levels: one row per (visitor, day, channel, device) with the furthest level,
  // then per grain the days since the visitor last reached each level in the same grouping.
  await tx.execute(sql`create temp table zg_visitor_days on commit drop as
    select s.visitor_id collate "C" as e, ${localDay(sql`s.started_at`, tz)} as day, s.channel_id, s.device, max(${sessionLevel}) as lvl
    from traffic_sessions s left join orders o on ${countedSessionOrder}
    where s.started_at < ${end} group by 1, 2, 3, 4`);
  progress(0.4);
  // Most visitors are seen on one day only: every gap of theirs is null, no window needed.
  await tx.execute(sql`create temp table zg_returning on commit drop as
    select e from zg_visitor_days group by e having min(day) < max(day)`);
  await tx.execute(sql`analyze zg_visitor_days`);
  await tx.execute(sql`analyze zg_returning`);
  const grains = (where: SQL) => sql`
      select 0 as grain, e, day, 0::int8 as channel_id, ''::text as device, max(lvl) as lvl from zg_visitor_days v where ${where} group by e, day
      union all select 1, e, day, channel_id, '', max(lvl) from zg_visitor_days v where ${where} group by e, day, channel_id
      union all select 2, e, day, 0, device, max(lvl) from zg_visitor_days v where ${where} group by e, day, device
      union all select 3, e, day, channel_id, device, lvl from zg_visitor_days v where ${where}`;
  await count(sql`insert into analytics_distinct_daily (grain, level, day, channel_id, device, gap, gap2, n)
    select grain, lv, day, channel_id, device, null::int4, null::int4, count(*)
    from (${grains(sql`not exists (select 1 from zg_returning r where r.e = v.e)`)}) g cross join lateral generate_series(0, g.lvl) lv
    group by 1, 2, 3, 4, 5`);
  await count(sql`insert into analytics_distinct_daily (grain, level, day, channel_id, device, gap, gap2, n)
    with w as (
      select grain, day, channel_id, device, lvl,
        array[day - max(day) over p,
          day - max(day) filter (where lvl >= 1) over p, day - max(day) filter (where lvl >= 2) over p,
          day - max(day) filter (where lvl >= 3) over p, day - max(day) filter (where lvl >= 4) over p,
          day - max(day) filter (where lvl >= 5) over p] as gaps
      from (${grains(sql`exists (select 1 from zg_returning r where r.e = v.e)`)}) g
      window p as (partition by grain, e, channel_id, device order by day rows between unbounded preceding and 1 preceding)
    )
    select grain, lv, day, channel_id, device, gaps[lv + 1], null::int4, count(*)
    from w cross join lateral generate_series(0, w.lvl) lv
    group by 1, 2, 3, 4, 5, 6`);
  progress(0.7);

  // Buyers: per (customer, day, grouping) the days since their previous order day in it; new
  // buyers with the days since their first-ever order; repurchase per order with the gaps to the
  // two orders before it (same day: 0).
  await tx.execute(sql`create temp table zg_customer_first on commit drop as
    select customer_id as e, min(day) as first_day from zg_counted where customer_id is not null group by 1`);
  await count(sql`insert into analytics_distinct_daily (grain, level, day, channel_id, device, gap, gap2, n)
    with cd as (
      select customer_id as e, day, channel_id, device from zg_counted where customer_id is not null group by 1, 2, 3, 4
    ),
    g as (
      select 0 as grain, e, day, 0::int8 as channel_id, ''::text as device from cd group by e, day
      union all select 1, e, day, channel_id, '' from cd group by e, day, channel_id
      union all select 2, e, day, 0, device from cd group by e, day, device
      union all select 3, e, day, channel_id, device from cd
    ),
    b as (
      select grain, e, day, channel_id, device, day - lag(day) over (partition by grain, e, channel_id, device order by day) as gap from g
    )
    select grain, 10, day, channel_id, device, gap, null::int4, count(*) from b group by 1, 3, 4, 5, 6
    union all
    select b.grain, 12, b.day, b.channel_id, b.device, b.gap, b.day - f.first_day, count(*)
    from b join zg_customer_first f using (e)
    where b.grain = 1 or (b.grain = 0 and b.gap is null)
    group by 1, 3, 4, 5, 6, 7`);
  progress(0.85);
  await count(sql`insert into analytics_distinct_daily (grain, level, day, channel_id, device, gap, gap2, n)
    select grain, 11, day, channel_id, '', gap, gap2, count(*) from (
      select 0 as grain, day, 0::int8 as channel_id,
        day - lag(day) over (partition by customer_id order by placed_at, id) as gap,
        day - lag(day, 2) over (partition by customer_id order by placed_at, id) as gap2
      from zg_counted where customer_id is not null
      union all
      select 1, day, channel_id,
        day - lag(day) over (partition by customer_id, channel_id order by placed_at, id),
        day - lag(day, 2) over (partition by customer_id, channel_id order by placed_at, id)
      from zg_counted where customer_id is not null
    ) x where gap is not null group by 1, 3, 4, 6, 7`);
  progress(0.95);

  // Cohorts: customers by first-order month × the months they ordered in.
  await count(sql`insert into analytics_customer_first (customer_id, first_day) select e, first_day from zg_customer_first`);
  await count(sql`insert into analytics_cohort_months (cohort, month, customers)
    select date_trunc('month', f.first_day::timestamp)::date, m.month, count(*)
    from (select distinct customer_id as e, date_trunc('month', day::timestamp)::date as month from zg_counted where customer_id is not null) m
      join zg_customer_first f using (e)
    group by 1, 2`);
  await tx.execute(sql`insert into analytics_rollup_state (name, watermark, built_at) values (${ROLLUP_STATE}, ${watermark}::date, now())
    on conflict (name) do update set watermark = excluded.watermark, built_at = excluded.built_at`);
  progress(1);
  return written;
}
