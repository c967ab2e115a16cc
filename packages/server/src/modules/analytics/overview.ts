import { overviewQuery, type Overview, type OverviewQuery, type OverviewTotals } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { kpiReportFromFacts } from './kpi-report.js';
import { countedOrder } from './kpi-report.sql.js';
import { bounds, parseQuery, perUnit, ratio, rangeContext, shiftDays, shiftYears, type RangeContext } from './read-model.js';
import { distinctSql, rollupWatermark, salesSql, span, spendSql, type Span } from './rollups.js';
import { LEVEL } from './rollups.sql.js';

interface Extras { visitors: number; converted: number; cogs: number; refund_cost: number; spend: number }

/**
 * Traffic, cost of goods, refunded cost and spend over one range (what the KPI report lacks).
 * Orders and lines are reached by primary-key probes from the range's rows (an `exists` and a
 * lateral sum) so the planner does not hash-join whole fact tables: ~10× faster at 250k lines.
 */
async function extras(db: Tx, r: RangeContext): Promise<Extras> {
  const ch = r.channelId;
  const [row] = await queryRows<Extras>(db, sql`select
    (select count(distinct s.visitor_id) from traffic_sessions s
      where s.started_at >= ${r.lo} and s.started_at < ${r.hi} and (${ch}::int8 is null or s.channel_id = ${ch}::int8))::int8 as visitors,
    (select count(distinct s.visitor_id) from traffic_sessions s
      where s.started_at >= ${r.lo} and s.started_at < ${r.hi} and (${ch}::int8 is null or s.channel_id = ${ch}::int8)
        and s.order_id is not null and exists (select 1 from orders o where o.id = s.order_id and ${countedOrder('o')}))::int8 as converted,
    (select coalesce(sum(c.cogs), 0) from orders o
      cross join lateral (select sum(l.quantity * coalesce(l.unit_cost, 0)) as cogs from order_lines l where l.order_id = o.id and l.quantity > 0) c
      where o.placed_at >= ${r.lo} and o.placed_at < ${r.hi} and ${countedOrder('o')}
        and (${ch}::int8 is null or o.channel_id = ${ch}::int8))::int8 as cogs,
    (select coalesce(sum(coalesce(rf.cost_amount, 0)), 0) from refunds rf left join orders ro on ro.id = rf.order_id
      where rf.refunded_at >= ${r.lo} and rf.refunded_at < ${r.hi} and (${ch}::int8 is null or coalesce(ro.channel_id, rf.channel_id) = ${ch}::int8))::int8 as refund_cost,
    (select coalesce(sum(m.spend), 0) from marketing_spend m
      where m.day >= ${r.from}::date and m.day < ${r.to}::date and (${ch}::int8 is null or m.channel_id = ${ch}::int8))::int8 as spend`);
  return row!;
}

/** Every overview figure of metrics.md over [from, to), for the whole store or one channel, straight from the facts (the reference the rollups are tested and benchmarked against). */
export async function overviewTotalsFromFacts(db: Tx, r: RangeContext, channel?: string): Promise<OverviewTotals> {
  const [k] = (await kpiReportFromFacts(db, { from: r.from, to: r.to, granularity: 'total', ...(channel ? { channel } : {}) })).rows;
  const x = await extras(db, r);
  const grossMargin = k!.paidAmount - x.cogs - k!.refunds + x.refund_cost;
  return {
    orders: k!.orders, gmv: k!.gmv, paidAmount: k!.paidAmount, refunds: k!.refunds, netSales: k!.netSales,
    buyers: k!.buyers, newBuyers: k!.newBuyers, aov: k!.aov, arppu: k!.arppu, repurchaseRate: k!.repurchaseRate,
    visitors: x.visitors, convertedVisitors: x.converted, conversionRate: ratio(x.converted, x.visitors),
    refundRate: ratio(k!.refunds, k!.paidAmount), cogs: x.cogs, grossMargin, spend: x.spend, roi: ratio(k!.gmv, x.spend),
  };
}

/** The comparison range: as many days just before, or the same dates a year earlier. */
export function comparisonRange(from: string, to: string, mode: 'previous' | 'last_year' | 'none'): { from: string; to: string } | null {
  if (mode === 'none') return null;
  if (mode === 'last_year') return { from: shiftYears(from, -1), to: shiftYears(to, -1) };
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return { from: shiftDays(from, -days), to: from };
}

interface SplitRow { key: string; name: string; orders: number; gmv: number; buyers: number; visitors: number; converted: number }

async function splits(db: Tx, r: RangeContext, by: 'channel' | 'device'): Promise<Overview['byChannel']> {
  const ch = r.channelId;
  const orderKey = by === 'channel' ? sql`c.code` : sql`o.device`;
  const sessionKey = by === 'channel' ? sql`c.code` : sql`s.device`;
  const rows = await queryRows<SplitRow>(db, sql`
    with o as (
      select ${orderKey} as key, count(*) as orders, sum(o.items_amount) as gmv, count(distinct o.customer_id) as buyers
      from orders o join channels c on c.id = o.channel_id
      where o.placed_at >= ${r.lo} and o.placed_at < ${r.hi} and ${countedOrder('o')} and (${ch}::int8 is null or o.channel_id = ${ch}::int8)
      group by 1),
    t as (
      select ${sessionKey} as key, count(distinct s.visitor_id) as visitors,
        count(distinct s.visitor_id) filter (where s.order_id is not null and exists (select 1 from orders co where co.id = s.order_id and ${countedOrder('co')})) as converted
      from traffic_sessions s join channels c on c.id = s.channel_id
      where s.started_at >= ${r.lo} and s.started_at < ${r.hi} and (${ch}::int8 is null or s.channel_id = ${ch}::int8)
      group by 1)
    select k.key, ${by === 'channel' ? sql`coalesce((select name from channels where code = k.key), k.key)` : sql`k.key`} as name,
      coalesce(o.orders, 0)::int8 as orders, coalesce(o.gmv, 0)::int8 as gmv, coalesce(o.buyers, 0)::int8 as buyers,
      coalesce(t.visitors, 0)::int8 as visitors, coalesce(t.converted, 0)::int8 as converted
    from (select key from o union select key from t) k left join o using (key) left join t using (key)
    order by gmv desc, k.key`);
  return rows.map((x) => ({ key: x.key, name: x.name, orders: x.orders, gmv: x.gmv, buyers: x.buyers, visitors: x.visitors, convertedVisitors: x.converted, conversionRate: ratio(x.converted, x.visitors) }));
}

/**
 * The overview straight from the fact tables, without `daily` (the reference for the rollup-backed
 * {@link overviewReport}: tests compare the two, the bench times both).
 */
export async function overviewFromFacts(db: Tx, query: OverviewQuery): Promise<Omit<Overview, 'daily'>> {
  const q = parseQuery(overviewQuery, query);
  const r = await rangeContext(db, q.from, q.to, q.channel);
  const cmp = comparisonRange(q.from, q.to, q.compare);
  const current = await overviewTotalsFromFacts(db, r, q.channel);
  const previous = cmp ? await overviewTotalsFromFacts(db, { ...r, ...bounds(cmp.from, cmp.to, r.timeZone) }, q.channel) : null;
  return {
    currency: r.currency, range: { from: q.from, to: q.to }, comparison: cmp, current, previous,
    byChannel: await splits(db, r, 'channel'), byDevice: await splits(db, r, 'device'),
  };
}

// ---- Served from the rollups (rollups.ts), the days after the watermark from the facts ----

interface Figures {
  key: string; orders: number; gmv: number; paid: number; cogs: number; refunds: number; refund_cost: number; spend: number;
  visitors: number; converted: number; buyers: number; repeat_buyers: number; new_buyers: number;
}

const TOTAL_LEVELS = [LEVEL.visitors, LEVEL.converted, LEVEL.buyers, LEVEL.repeatBuyers, LEVEL.newBuyers];

/** metrics.md from the summed figures (the same arithmetic as the KPI report and the fact path). */
function totalsOf(x: Figures): OverviewTotals {
  return {
    orders: x.orders, gmv: x.gmv, paidAmount: x.paid, refunds: x.refunds, netSales: x.paid - x.refunds,
    buyers: x.buyers, newBuyers: x.new_buyers, aov: perUnit(x.gmv, x.orders), arppu: perUnit(x.gmv, x.buyers), repurchaseRate: ratio(x.repeat_buyers, x.buyers),
    visitors: x.visitors, convertedVisitors: x.converted, conversionRate: ratio(x.converted, x.visitors),
    refundRate: ratio(x.refunds, x.paid), cogs: x.cogs, grossMargin: x.paid - x.cogs - x.refunds + x.refund_cost, spend: x.spend, roi: ratio(x.gmv, x.spend),
  };
}

/** The figures of the span as one row ('all') or one row per day of it. */
async function figures(db: Tx, p: Span, by: 'all' | 'day'): Promise<Figures[]> {
  const keys = by === 'all' ? sql`select 'all'::text as key`
    : sql`select to_char(g, 'YYYY-MM-DD') as key from generate_series(${p.from}::date::timestamp, (${p.to}::date - 1)::timestamp, interval '1 day') g`;
  return queryRows<Figures>(db, sql`
    with keys as (${keys}),
    d as (${distinctSql(p, by, TOTAL_LEVELS)}),
    dd as (select key, sum(n) filter (where level = ${LEVEL.visitors}) as visitors, sum(n) filter (where level = ${LEVEL.converted}) as converted,
      sum(n) filter (where level = ${LEVEL.buyers}) as buyers, sum(n) filter (where level = ${LEVEL.repeatBuyers}) as repeat_buyers,
      sum(n) filter (where level = ${LEVEL.newBuyers}) as new_buyers from d group by key),
    s as (${salesSql(p, by)}),
    sp as (${spendSql(p, by)})
    select k.key, coalesce(s.orders, 0)::int8 as orders, coalesce(s.gmv, 0)::int8 as gmv, coalesce(s.paid, 0)::int8 as paid,
      coalesce(s.cogs, 0)::int8 as cogs, coalesce(s.refunds, 0)::int8 as refunds, coalesce(s.refund_cost, 0)::int8 as refund_cost,
      coalesce(sp.spend, 0)::int8 as spend, coalesce(dd.visitors, 0)::int8 as visitors, coalesce(dd.converted, 0)::int8 as converted,
      coalesce(dd.buyers, 0)::int8 as buyers, coalesce(dd.repeat_buyers, 0)::int8 as repeat_buyers, coalesce(dd.new_buyers, 0)::int8 as new_buyers
    from keys k left join s on s.key = k.key left join dd on dd.key = k.key left join sp on sp.key = k.key
    order by k.key`);
}

/** Every overview figure of metrics.md over [from, to), for the whole store or one channel. */
export async function overviewTotals(db: Tx, r: RangeContext, _channel?: string): Promise<OverviewTotals> {
  const [x] = await figures(db, span(r.from, r.to, await rollupWatermark(db), r.timeZone, r.channelId), 'all');
  return totalsOf(x!);
}

interface SplitFigures { key: string; name: string; orders: number; gmv: number; buyers: number; visitors: number; converted: number }

/** Orders, GMV and buyers per channel or device (by the order's), visitors and conversion (by the session's). */
async function rolledSplits(db: Tx, p: Span, by: 'channel' | 'device'): Promise<Overview['byChannel']> {
  const code = by === 'channel' ? sql`c.code` : sql`k.key`;
  const rows = await queryRows<SplitFigures>(db, sql`
    with d as (${distinctSql(p, by, [LEVEL.visitors, LEVEL.converted, LEVEL.buyers])}),
    dd as (select key, sum(n) filter (where level = ${LEVEL.visitors}) as visitors, sum(n) filter (where level = ${LEVEL.converted}) as converted,
      sum(n) filter (where level = ${LEVEL.buyers}) as buyers from d group by key),
    s as (${salesSql(p, by)}),
    k as (select key from s where orders > 0 union select key from dd where visitors > 0)
    select ${code} as key, ${by === 'channel' ? sql`c.name` : sql`k.key`} as name,
      coalesce(s.orders, 0)::int8 as orders, coalesce(s.gmv, 0)::int8 as gmv, coalesce(dd.buyers, 0)::int8 as buyers,
      coalesce(dd.visitors, 0)::int8 as visitors, coalesce(dd.converted, 0)::int8 as converted
    from k left join s on s.key = k.key left join dd on dd.key = k.key ${by === 'channel' ? sql`join channels c on c.id::text = k.key` : sql``}
    order by gmv desc, ${code}`);
  return rows.map((x) => ({ key: x.key, name: x.name, orders: x.orders, gmv: x.gmv, buyers: x.buyers, visitors: x.visitors, convertedVisitors: x.converted, conversionRate: ratio(x.converted, x.visitors) }));
}

/**
 * 经营概况: the range's figures, the comparison period's, the split by channel and device, and
 * every figure per day of the range (the cards' sparklines). Distinct counts (buyers, visitors)
 * are counted over the whole range, never summed; the days up to the rollups' watermark are read
 * from the rollups, the rest from the facts (docs/analytics.md "Speed").
 */
export async function overviewReport(db: Tx, query: OverviewQuery): Promise<Overview> {
  const q = parseQuery(overviewQuery, query);
  const r = await rangeContext(db, q.from, q.to, q.channel);
  const cmp = comparisonRange(q.from, q.to, q.compare);
  const w = await rollupWatermark(db);
  const p = span(q.from, q.to, w, r.timeZone, r.channelId);
  const [current] = await figures(db, p, 'all');
  const previous = cmp ? (await figures(db, span(cmp.from, cmp.to, w, r.timeZone, r.channelId), 'all'))[0]! : null;
  const daily = await figures(db, p, 'day');
  return {
    currency: r.currency, range: { from: q.from, to: q.to }, comparison: cmp,
    current: totalsOf(current!), previous: previous ? totalsOf(previous) : null,
    byChannel: await rolledSplits(db, p, 'channel'), byDevice: await rolledSplits(db, p, 'device'),
    daily: daily.map((x) => ({ day: x.key, ...totalsOf(x) })),
  };
}

