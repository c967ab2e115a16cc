import { overviewQuery, type Overview, type OverviewQuery, type OverviewTotals } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { kpiReport } from './kpi-report.js';
import { countedOrder } from './kpi-report.sql.js';
import { bounds, parseQuery, ratio, rangeContext, shiftDays, shiftYears, type RangeContext } from './read-model.js';

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

/** Every overview figure of metrics.md over [from, to), for the whole store or one channel. */
export async function overviewTotals(db: Tx, r: RangeContext, channel?: string): Promise<OverviewTotals> {
  const [k] = (await kpiReport(db, { from: r.from, to: r.to, granularity: 'total', ...(channel ? { channel } : {}) })).rows;
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
 * 经营概况: the range's figures, the comparison period's, and the split by channel and device.
 * Distinct counts (buyers, visitors) are computed over the whole range, never summed.
 */
export async function overviewReport(db: Tx, query: OverviewQuery): Promise<Overview> {
  const q = parseQuery(overviewQuery, query);
  const r = await rangeContext(db, q.from, q.to, q.channel);
  const cmp = comparisonRange(q.from, q.to, q.compare);
  const current = await overviewTotals(db, r, q.channel);
  const previous = cmp ? await overviewTotals(db, { ...r, ...bounds(cmp.from, cmp.to, r.timeZone) }, q.channel) : null;
  return {
    currency: r.currency, range: { from: q.from, to: q.to }, comparison: cmp, current, previous,
    byChannel: await splits(db, r, 'channel'), byDevice: await splits(db, r, 'device'),
  };
}

