import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { countedOrder } from './kpi-report.sql.js';
import { shiftDays } from './read-model.js';
import { rollupWatermark } from './rollups.js';
import { ATTRIBUTION_WINDOW, countedSessionOrder, localDay, ROLLUP_STATE, ROLLUP_STEP, sessionLevel, skuLineSums, skuRefundSums } from './rollups.sql.js';

/**
 * `analytics-rollups`: the read model's rollup tables (analytics.tables.ts) up to the watermark —
 * the as-of date, but never today or later (a day still taking orders is read from the facts) —
 * in one transaction, and the watermark recorded. A run recomputes only the days after the last
 * watermark: nothing on or before it has changed since, because every writer that changes facts
 * of a rolled-up day moves the watermark back first (`lowerRollupWatermark`). With no watermark,
 * or with `full` (`pipeline run --full`), every day is rebuilt — the same statements, from the
 * beginning of time.
 */
export const analyticsRollupsStep: PipelineStep = {
  name: ROLLUP_STEP,
  description: 'Read-model rollups: sales per day, channel and device; distinct visitors, buyers and funnel steps; cohorts; attributed orders per campaign; SKU figures',
  dependsOn: [],
  async run({ tx, asOf, timeZone, full, progress }) {
    const build = await buildRollups(tx, asOf, timeZone, { full: full ?? false, progress });
    return { rows: build.rows, detail: describeBuild(build) };
  },
};

/** What a build did. */
export interface RollupBuild {
  mode: 'full' | 'incremental';
  /** The first day recomputed; null: every day (a full rebuild). */
  from: string | null;
  /** The new watermark, the last day recomputed (none when `from` is after it). */
  watermark: string;
  /** Rows written. */
  rows: number;
}

export function describeBuild(b: RollupBuild): string {
  if (b.from === null) return `full rebuild to ${b.watermark}`;
  if (b.from > b.watermark) return `incremental: no new day (watermark ${b.watermark})`;
  const days = Math.round((Date.parse(b.watermark) - Date.parse(b.from)) / 86_400_000) + 1;
  return `incremental: ${b.from} … ${b.watermark} (${days} day${days === 1 ? '' : 's'})`;
}

/**
 * The days a build writes, [from, watermark], and its bounds as SQL: `fromDay` (a date) and
 * `start` (its first instant in the store zone) — −infinity for a full rebuild — and `end`, the
 * first instant after the watermark.
 */
interface Days {
  from: string | null;
  watermark: string;
  tz: string;
  fromDay: SQL;
  start: SQL;
  end: SQL;
  /**
   * `cond` where the build reads history before its first day (the earlier days of the entities
   * it recomputes); `false` for a full rebuild, which has no days before it.
   */
  history(cond: SQL): SQL;
}

function daysOf(from: string | null, watermark: string, tz: string): Days {
  const fromDay = sql`${from ?? '-infinity'}::date`;
  const instant = (day: SQL) => sql`((${day})::timestamp at time zone ${tz}::text)`;
  return {
    from, watermark, tz, fromDay,
    start: instant(fromDay),
    end: instant(sql`${watermark}::date + 1`),
    history: (cond) => (from === null ? sql`false` : cond),
  };
}

/**
 * Build the rollups up to min(asOf, yesterday): from the day after the last watermark, or every
 * day when there is none or `full` is set. Every row written is the one a full rebuild writes —
 * each is a function of the facts up to its own day — so the rows before the first day
 * recomputed are kept as they are.
 */
export async function buildRollups(tx: Tx, asOf: string, tz: string, opts: { full?: boolean; progress?: (f: number) => void } = {}): Promise<RollupBuild> {
  const progress = opts.progress ?? (() => {});
  const [{ watermark }] = await queryRows<{ watermark: string }>(tx, sql`
    select to_char(least(${asOf}::date, (now() at time zone ${tz}::text)::date - 1), 'YYYY-MM-DD') as watermark`) as [{ watermark: string }];
  const last = opts.full ? null : await rollupWatermark(tx);
  // An as-of date before the last watermark (or a re-run) recomputes no day; it only drops the days after its watermark.
  const from = last === null ? null : shiftDays(last < watermark ? last : watermark, 1);
  const d = daysOf(from, watermark, tz);

  await clearFrom(tx, d);
  // A full build sorts and hashes whole fact tables: room in memory, no JIT compile per statement
  // (both only for this transaction).
  await tx.execute(sql`set local work_mem = '256MB'`);
  await tx.execute(sql`set local jit = off`);
  let rows = 0;
  const count = async (q: SQL) => {
    const res = await tx.execute(q);
    rows += (res as { rowCount?: number | null; affectedRows?: number }).rowCount ?? (res as { affectedRows?: number }).affectedRows ?? 0;
  };

  await countedOrders(tx, d);
  progress(0.1);
  await count(salesDaily(d));
  progress(0.2);
  await attributedOrders(tx, d);
  await count(sql`insert into analytics_attributed_daily (day, channel_id, campaign_id, orders, gmv, margin, new_buyers)
    select day, channel_id, campaign_id, count(*), sum(gmv), sum(margin), count(*) filter (where is_new)
    from zg_attributed where day >= ${d.fromDay} group by 1, 2, 3`);
  await count(attributedRefunds(d));
  progress(0.25);
  for (const q of skuDaily(d)) await count(q);
  progress(0.3);
  await visitorDays(tx, d);
  progress(0.4);
  await count(visitorRows(d));
  progress(0.7);
  await count(buyerRows(d));
  progress(0.85);
  await count(repurchaseRows(d));
  progress(0.95);
  for (const q of cohorts(d)) await count(q);
  // The planner needs the new tables' statistics at once (PGlite has no autovacuum to gather them,
  // and without them a one-channel read of analytics_sku_daily scanned the table). An incremental
  // run adds a day to tables whose distributions stay as the full build measured them.
  if (from === null) for (const t of ROLLUP_TABLES) await tx.execute(sql`analyze ${sql.identifier(t)}`);
  await tx.execute(sql`insert into analytics_rollup_state (name, watermark, built_at) values (${ROLLUP_STATE}, ${watermark}::date, now())
    on conflict (name) do update set watermark = excluded.watermark, built_at = excluded.built_at`);
  progress(1);
  return { mode: from === null ? 'full' : 'incremental', from, watermark, rows };
}

/** Drop every row the build rewrites: those of its days (a full rebuild: all of them). */
async function clearFrom(tx: Tx, d: Days): Promise<void> {
  const f = d.fromDay;
  await tx.execute(sql`delete from analytics_sales_daily where day >= ${f}`);
  await tx.execute(sql`delete from analytics_distinct_daily where day >= ${f}`);
  await tx.execute(sql`delete from analytics_attributed_daily where day >= ${f}`);
  // A refund row is on its order's day and its own: either may be a rebuilt day.
  await tx.execute(sql`delete from analytics_attributed_refunds where day >= ${f} or refund_day >= ${f}`);
  await tx.execute(sql`delete from analytics_sku_daily where day >= ${f}`);
  await tx.execute(sql`delete from analytics_customer_first where first_day >= ${f}`);
  // A month's row counts its days up to the watermark, so the first day's month is recomputed whole.
  await tx.execute(sql`delete from analytics_cohort_months where month >= ${monthOf(f)}`);
}

const ROLLUP_TABLES = ['analytics_sales_daily', 'analytics_distinct_daily', 'analytics_attributed_daily', 'analytics_attributed_refunds',
  'analytics_sku_daily', 'analytics_customer_first', 'analytics_cohort_months'];

const monthOf = (day: SQL) => sql`date_trunc('month', (${day})::timestamp)::date`;

/** Refunds made on the rebuilt days: they count on their own day. */
const refundedIn = (d: Days) => sql`r.refunded_at >= ${d.start} and r.refunded_at < ${d.end}`;

/**
 * Counted orders (metrics.md) placed on the rebuilt days, with their business day and cost of
 * goods (`zg_counted`); their customers' earlier counted orders (`zg_buyer_history`, for the gaps
 * that look back before the first day); and each of those customers' first-ever counted order
 * (`zg_customer_first`).
 */
async function countedOrders(tx: Tx, d: Days): Promise<void> {
  await tx.execute(sql`create temp table zg_counted on commit drop as
    with c as (
      select o.id, o.customer_id, o.channel_id, o.campaign_id, o.device, o.placed_at, ${localDay(sql`o.placed_at`, d.tz)} as day,
        o.items_amount, o.discount_amount
      from orders o where o.placed_at >= ${d.start} and o.placed_at < ${d.end} and ${countedOrder('o')})
    select c.*, coalesce(g.cogs, 0) as cogs
    from c left join (select l.order_id, sum(l.quantity::int8 * coalesce(l.unit_cost, 0)) as cogs from order_lines l
      where l.quantity > 0 and l.order_id in (select id from c) group by 1) g on g.order_id = c.id`);
  await tx.execute(sql`analyze zg_counted`);
  // By customer (orders_customer_placed_idx): only the customers of the rebuilt days.
  await tx.execute(sql`create temp table zg_buyer_history on commit drop as
    select o.id, o.customer_id, o.channel_id, o.device, o.placed_at, ${localDay(sql`o.placed_at`, d.tz)} as day
    from orders o
    where ${d.history(sql`o.customer_id in (select customer_id from zg_counted) and o.placed_at < ${d.start}`)} and ${countedOrder('o')}`);
  await tx.execute(sql`create temp table zg_customer_first on commit drop as
    select distinct on (customer_id) customer_id as e, day as first_day, id as first_order
    from ${buyerOrders} b order by customer_id, placed_at, id`);
}

/** The counted orders of the rebuilt days' customers: those days' and every earlier one. */
const buyerOrders = sql`(select id, customer_id, channel_id, device, placed_at, day from zg_counted where customer_id is not null
  union all select id, customer_id, channel_id, device, placed_at, day from zg_buyer_history)`;

/** Additive figures: orders, GMV, paid and COGS by placement day; refunds by refund day. */
function salesDaily(d: Days): SQL {
  return sql`insert into analytics_sales_daily (day, channel_id, device, orders, gmv, paid_amount, cogs, refunds, refund_cost)
    select day, channel_id, device, sum(orders), sum(gmv), sum(paid), sum(cogs), sum(refunds), sum(refund_cost) from (
      select day, channel_id, device, count(*) as orders, sum(items_amount) as gmv, sum(items_amount - discount_amount) as paid,
        sum(cogs) as cogs, 0::numeric as refunds, 0::numeric as refund_cost
      from zg_counted group by 1, 2, 3
      union all
      select ${localDay(sql`r.refunded_at`, d.tz)}, coalesce(o.channel_id, r.channel_id, 0), coalesce(o.device, ''), 0, 0, 0, 0,
        sum(r.amount), sum(coalesce(r.cost_amount, 0))
      from refunds r left join orders o on o.id = r.order_id where ${refundedIn(d)} group by 1, 2, 3
    ) x group by 1, 2, 3`;
}

/**
 * 渠道与营销: each counted order under the channel and campaign it is attributed to (the latest
 * campaign-tagged session of its visitor in the window, as channels.ts reads the facts), its
 * margin before refunds and whether it was its customer's first (`zg_attributed`). Besides the
 * rebuilt days' orders it holds the earlier orders refunded on those days: their refund rows
 * need the order's attribution.
 */
async function attributedOrders(tx: Tx, d: Days): Promise<void> {
  await tx.execute(sql`create temp table zg_refunded_earlier on commit drop as
    select o.id, o.customer_id, o.channel_id, o.campaign_id, o.placed_at, ${localDay(sql`o.placed_at`, d.tz)} as day,
      o.items_amount, o.discount_amount, 0::numeric as cogs
    from orders o
    where ${d.history(sql`o.id in (select r.order_id from refunds r where ${refundedIn(d)}) and o.placed_at < ${d.start}`)} and ${countedOrder('o')}`);
  const cols = sql`id, customer_id, channel_id, campaign_id, placed_at, day, items_amount, discount_amount, cogs`;
  const orders = sql`(select ${cols} from zg_counted union all select ${cols} from zg_refunded_earlier)`;
  await tx.execute(sql`create temp table zg_attributed on commit drop as
    with touch as (
      select distinct on (cs.order_id) cs.order_id as id, s2.channel_id, s2.campaign_id
      from ${orders} c join traffic_sessions cs on cs.order_id = c.id
        join traffic_sessions s2 on s2.visitor_id = cs.visitor_id and s2.campaign_id is not null
          and s2.started_at <= c.placed_at and s2.started_at > c.placed_at - ${ATTRIBUTION_WINDOW}::interval
      order by cs.order_id, s2.started_at desc, s2.id desc)
    select c.id, c.day, coalesce(t.channel_id, c.channel_id) as channel_id, coalesce(t.campaign_id, c.campaign_id, 0) as campaign_id,
      c.items_amount as gmv, c.items_amount - c.discount_amount - c.cogs as margin, coalesce(f.first_order = c.id, false) as is_new
    from ${orders} c left join touch t using (id) left join zg_customer_first f on f.e = c.customer_id`);
}

/**
 * The refunds of attributed orders net of their cost, by order day and refund day: every refund
 * up to the watermark of the rebuilt days' orders, and the earlier orders' refunds made on them.
 */
function attributedRefunds(d: Days): SQL {
  return sql`insert into analytics_attributed_refunds (day, refund_day, channel_id, campaign_id, net)
    select a.day, ${localDay(sql`r.refunded_at`, d.tz)}, a.channel_id, a.campaign_id, sum(r.amount - coalesce(r.cost_amount, 0))
    from refunds r join zg_attributed a on a.id = r.order_id
    where r.refunded_at < ${d.end} and (a.day >= ${d.fromDay} or r.refunded_at >= ${d.start})
    group by 1, 2, 3, 4`;
}

/**
 * 商品分析: per day, channel and SKU (the store-wide row under channel 0 — the sum of the
 * channels' rows, an order being on one channel, plus refunds that have no channel). Written in
 * key order, so a channel's days lie together on disk: a one-channel read of a month at 10M lines
 * otherwise fetched a heap page per row.
 */
function skuDaily(d: Days): SQL[] {
  const skuSums = sql`sum(units), sum(orders), sum(gmv), sum(paid), sum(cogs), sum(refunds), sum(refunded_lines)`;
  return [
    sql`create temp table zg_sku on commit drop as
      select c.day, c.channel_id, l.sku_id, ${skuLineSums}, 0::int8 as refunds, 0::int8 as refunded_lines
      from zg_counted c join order_lines l on l.order_id = c.id and l.quantity > 0 group by 1, 2, 3
      union all
      select ${localDay(sql`r.refunded_at`, d.tz)}, coalesce(o.channel_id, r.channel_id), rl.sku_id, 0, 0, 0, 0, 0, ${skuRefundSums}
      from refunds r join refund_lines rl on rl.refund_id = r.id left join orders o on o.id = r.order_id
      where ${refundedIn(d)} group by 1, 2, 3`,
    sql`insert into analytics_sku_daily (day, channel_id, sku_id, units, orders, gmv, paid_amount, cogs, refunds, refunded_lines)
      select day, channel_id, sku_id, ${skuSums} from zg_sku where channel_id is not null group by 1, 2, 3
      union all
      select day, 0, sku_id, ${skuSums} from zg_sku group by 1, 3
      order by 2, 1, 3`,
  ];
}

/**
 * One row per (visitor, day, channel, device) with the furthest funnel level: the rebuilt days'
 * sessions (`zg_visitor_days`) and, for just those visitors (traffic_sessions_visitor_idx),
 * their earlier sessions (`zg_visitor_history`), which the gaps look back to.
 */
async function visitorDays(tx: Tx, d: Days): Promise<void> {
  const perDay = (where: SQL) => sql`
    select s.visitor_id collate "C" as e, ${localDay(sql`s.started_at`, d.tz)} as day, s.channel_id, s.device, max(${sessionLevel}) as lvl
    from traffic_sessions s left join orders o on ${countedSessionOrder}
    where ${where} group by 1, 2, 3, 4`;
  await tx.execute(sql`create temp table zg_visitor_days on commit drop as ${perDay(sql`s.started_at >= ${d.start} and s.started_at < ${d.end}`)}`);
  await tx.execute(sql`analyze zg_visitor_days`);
  // Probed in the column's own collation, so the index applies.
  await tx.execute(sql`create temp table zg_visitor_history on commit drop as
    ${perDay(d.history(sql`s.visitor_id in (select e collate "default" from zg_visitor_days) and s.started_at < ${d.start}`))}`);
  // Most visitors are seen on one day only: every gap of theirs is null, no window needed.
  await tx.execute(sql`create temp table zg_returning on commit drop as
    select e from ${visitorDaysAll} v group by e having min(day) < max(day)`);
  await tx.execute(sql`analyze zg_returning`);
}

const visitorDaysAll = sql`(select * from zg_visitor_days union all select * from zg_visitor_history)`;

/**
 * Visitor levels 0–5 per grain: each (visitor, day, grouping) under the days since the visitor
 * last reached the level in the same grouping (null: never), written for the rebuilt days only.
 * Visitors seen on one day and returning ones are counted apart (only the latter need the
 * window) but summed into one row per key: a visitor who returns later must not move a count
 * between two rows of an earlier day.
 */
function visitorRows(d: Days): SQL {
  const grains = (where: SQL) => sql`
      select 0 as grain, e, day, 0::int8 as channel_id, ''::text as device, max(lvl) as lvl from ${visitorDaysAll} v where ${where} group by e, day
      union all select 1, e, day, channel_id, '', max(lvl) from ${visitorDaysAll} v where ${where} group by e, day, channel_id
      union all select 2, e, day, 0, device, max(lvl) from ${visitorDaysAll} v where ${where} group by e, day, device
      union all select 3, e, day, channel_id, device, lvl from ${visitorDaysAll} v where ${where}`;
  return sql`insert into analytics_distinct_daily (grain, level, day, channel_id, device, gap, gap2, n)
    with w as (
      select grain, day, channel_id, device, lvl,
        array[day - max(day) over p,
          day - max(day) filter (where lvl >= 1) over p, day - max(day) filter (where lvl >= 2) over p,
          day - max(day) filter (where lvl >= 3) over p, day - max(day) filter (where lvl >= 4) over p,
          day - max(day) filter (where lvl >= 5) over p] as gaps
      from (${grains(sql`exists (select 1 from zg_returning r where r.e = v.e)`)}) g
      window p as (partition by grain, e, channel_id, device order by day rows between unbounded preceding and 1 preceding)
    )
    select grain, lv, day, channel_id, device, gap, null::int4, sum(n) from (
      select grain, lv, day, channel_id, device, null::int4 as gap, count(*) as n
      from (${grains(sql`not exists (select 1 from zg_returning r where r.e = v.e)`)}) g cross join lateral generate_series(0, g.lvl) lv
      group by 1, 2, 3, 4, 5
      union all
      select grain, lv, day, channel_id, device, gaps[lv + 1], count(*)
      from w cross join lateral generate_series(0, w.lvl) lv
      where w.day >= ${d.fromDay}
      group by 1, 2, 3, 4, 5, 6
    ) x group by 1, 2, 3, 4, 5, 6`;
}

/**
 * Buyers (level 10): per (customer, day, grouping) the days since their previous order day in
 * it; new buyers (12) with the days since their first-ever order. Their earlier orders come
 * from `zg_buyer_history`.
 */
function buyerRows(d: Days): SQL {
  return sql`insert into analytics_distinct_daily (grain, level, day, channel_id, device, gap, gap2, n)
    with cd as (
      select customer_id as e, day, channel_id, device from ${buyerOrders} o group by 1, 2, 3, 4
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
    select grain, 10, day, channel_id, device, gap, null::int4, count(*) from b where day >= ${d.fromDay} group by 1, 3, 4, 5, 6
    union all
    select b.grain, 12, b.day, b.channel_id, b.device, b.gap, b.day - f.first_day, count(*)
    from b join zg_customer_first f using (e)
    where (b.grain = 1 or (b.grain = 0 and b.gap is null)) and b.day >= ${d.fromDay}
    group by 1, 3, 4, 5, 6, 7`;
}

/** Repurchase (level 11): one row per order with the gaps to the customer's two orders before it (same day: 0). */
function repurchaseRows(d: Days): SQL {
  return sql`insert into analytics_distinct_daily (grain, level, day, channel_id, device, gap, gap2, n)
    select grain, 11, day, channel_id, '', gap, gap2, count(*) from (
      select 0 as grain, day, 0::int8 as channel_id,
        day - lag(day) over (partition by customer_id order by placed_at, id) as gap,
        day - lag(day, 2) over (partition by customer_id order by placed_at, id) as gap2
      from ${buyerOrders} o
      union all
      select 1, day, channel_id,
        day - lag(day) over (partition by customer_id, channel_id order by placed_at, id),
        day - lag(day, 2) over (partition by customer_id, channel_id order by placed_at, id)
      from ${buyerOrders} o
    ) x where gap is not null and day >= ${d.fromDay} group by 1, 3, 4, 6, 7`;
}

/**
 * Cohorts: the customers whose first counted order is on a rebuilt day, then customers by
 * first-order month × the months they ordered in, from the first day's month on (that month
 * whole: its days before the first day are read from the orders again).
 */
function cohorts(d: Days): SQL[] {
  const monthStart = sql`(${monthOf(d.fromDay)}::timestamp at time zone ${d.tz}::text)`;
  return [
    sql`insert into analytics_customer_first (customer_id, first_day) select e, first_day from zg_customer_first where first_day >= ${d.fromDay}`,
    sql`insert into analytics_cohort_months (cohort, month, customers)
      select date_trunc('month', f.first_day::timestamp)::date, m.month, count(*)
      from (select distinct customer_id as e, ${monthOf(sql`day`)} as month from (
          select customer_id, day from zg_counted where customer_id is not null
          union all
          select o.customer_id, ${localDay(sql`o.placed_at`, d.tz)} from orders o
          where ${d.history(sql`o.placed_at >= ${monthStart} and o.placed_at < ${d.start} and o.customer_id is not null`)} and ${countedOrder('o')}
        ) x) m
        join analytics_customer_first f on f.customer_id = m.e
      group by 1, 2`,
  ];
}
