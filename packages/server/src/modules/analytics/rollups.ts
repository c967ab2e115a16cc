import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { countedOrder } from './kpi-report.sql.js';
import { dayStart as ts, shiftDays } from './read-model.js';
import { countedSessionOrder, countsFor, GRAIN, localDay, ROLLUP_STATE, sessionLevel } from './rollups.sql.js';

/**
 * Reading the rollups (docs/analytics.md "Speed"). A range [from, to) is cut at `mid`, the day
 * after the watermark (clamped into the range): [from, mid) is read from the rollup tables,
 * [mid, to) from the facts, and the two halves are merged exactly — sums add, and a distinct
 * entity of the fact half counts only if it did not already count in the rollup half (probed in
 * the facts of [from, mid) for just those entities).
 */

/**
 * What a figure is grouped by: nothing, the channel (its id as text), the device, or a period —
 * day, ISO week or month, keyed by its first day (YYYY-MM-DD) and counted as a range from its
 * first day in [from, to).
 */
export type GroupBy = 'all' | 'channel' | 'device' | 'day' | 'week' | 'month';

const isPeriod = (by: GroupBy): by is 'day' | 'week' | 'month' => by === 'day' || by === 'week' || by === 'month';

/** The key of a row, from its channel id, device and business day (a date expression). */
function keyOf(by: GroupBy, channel: SQL, device: SQL, day: SQL): SQL {
  if (by === 'channel') return text(channel);
  if (by === 'device') return device;
  if (by === 'day') return ymd(day);
  if (by === 'week' || by === 'month') return ymd(sql`date_trunc(${by}::text, (${day})::timestamp)`);
  return sql`'all'`;
}

/** The first day of the row's group within the range (a period's start, not before `from`). */
function startOf(by: GroupBy, p: Span, day: SQL): SQL {
  if (by === 'day') return day;
  if (by === 'week' || by === 'month') return sql`greatest(date_trunc(${by}::text, (${day})::timestamp)::date, ${p.from}::date)`;
  return sql`${p.from}::date`;
}

export interface Span {
  from: string;
  /** First day read from the facts (from ≤ mid ≤ to). */
  mid: string;
  to: string;
  tz: string;
  channelId: number | null;
}

/** The watermark of the last rollup build (null: never built). */
export async function rollupWatermark(db: Tx): Promise<string | null> {
  const [row] = await queryRows<{ w: string }>(db, sql`select to_char(watermark, 'YYYY-MM-DD') as w from analytics_rollup_state where name = ${ROLLUP_STATE}`);
  return row?.w ?? null;
}

/** [from, to) cut at the day after the watermark. */
export function span(from: string, to: string, watermark: string | null, tz: string, channelId: number | null): Span {
  const after = watermark === null ? from : shiftDays(watermark, 1);
  const mid = after < from ? from : after > to ? to : after;
  return { from, mid, to, tz, channelId };
}

const text = (e: SQL) => sql`(${e})::text`;
const ymd = (e: SQL) => sql`to_char(${e}, 'YYYY-MM-DD')`;

function grainOf(by: GroupBy, channelId: number | null): number {
  if (by === 'channel') return GRAIN.channel;
  if (by === 'device') return channelId === null ? GRAIN.device : GRAIN.channelDevice;
  return channelId === null ? GRAIN.store : GRAIN.channel;
}

/**
 * Distinct counts per key and level (rollups.sql.ts LEVEL) over the span: `(key text, level int4, n int8)`.
 * Grouped by day, every day is a range of its own.
 */
export function distinctSql(p: Span, by: GroupBy, levels: readonly number[]): SQL {
  const parts: SQL[] = [];
  const ch = p.channelId;
  if (p.mid > p.from) {
    const key = keyOf(by, sql`channel_id`, sql`device`, sql`day`);
    const d = sql`(day - ${startOf(by, p, sql`day`)})`;
    parts.push(sql`select ${key} as key, level::int4 as level, coalesce(sum(n) filter (where ${countsFor(d)}), 0)::int8 as n
      from analytics_distinct_daily
      where grain = ${grainOf(by, ch)} and level in (${sql.join(levels.map((l) => sql`${l}`), sql`, `)})
        and day >= ${p.from}::date and day < ${p.mid}::date and (${ch}::int8 is null or channel_id = ${ch}::int8)
      group by 1, 2`);
  }
  if (p.to > p.mid) {
    const visitorLevels = levels.filter((l) => l < 10);
    const customerLevels = levels.filter((l) => l >= 10);
    if (visitorLevels.length > 0) parts.push(visitorTail(p, by, visitorLevels));
    if (customerLevels.length > 0) parts.push(customerTail(p, by, customerLevels));
  }
  if (parts.length === 0) return sql`select null::text as key, null::int4 as level, null::int8 as n where false`;
  return sql`select key, level, sum(n)::int8 as n from (${sql.join(parts, sql` union all `)}) x group by 1, 2`;
}

const levelValues = (levels: readonly number[]) => sql`(values ${sql.join(levels.map((l) => sql`(${l}::int4)`), sql`, `)}) lv(level)`;

/** Visitors of [mid, to) at each level who did not reach it in [from, mid) in the same group. */
function visitorTail(p: Span, by: GroupBy, levels: readonly number[]): SQL {
  const ch = p.channelId;
  const key = keyOf(by, sql`s.channel_id`, sql`s.device`, localDay(sql`s.started_at`, p.tz));
  const head = by !== 'day' && p.mid > p.from;
  return sql`(with t as (
      select s.visitor_id as e, ${key} as key, max(${sessionLevel}) as lvl
      from traffic_sessions s left join orders o on ${countedSessionOrder}
      where s.started_at >= ${ts(p.mid, p.tz)} and s.started_at < ${ts(p.to, p.tz)} and (${ch}::int8 is null or s.channel_id = ${ch}::int8)
      group by 1, 2),
    h as (
      select s.visitor_id as e, ${key} as key, max(${sessionLevel}) as lvl
      from traffic_sessions s left join orders o on ${countedSessionOrder}
      where ${head ? sql`true` : sql`false`} and s.visitor_id in (select e from t)
        and s.started_at >= ${ts(p.from, p.tz)} and s.started_at < ${ts(p.mid, p.tz)} and (${ch}::int8 is null or s.channel_id = ${ch}::int8)
      group by 1, 2)
    select t.key, lv.level, count(*) filter (where t.lvl >= lv.level and coalesce(h.lvl, -1) < lv.level)::int8 as n
    from t left join h on h.e = t.e and h.key = t.key cross join ${levelValues(levels)}
    group by 1, 2)`;
}

/** Buyers, repurchasing buyers and new buyers of [mid, to), merged with [from, mid) per customer. */
function customerTail(p: Span, by: GroupBy, levels: readonly number[]): SQL {
  const ch = p.channelId;
  const key = keyOf(by, sql`o.channel_id`, sql`o.device`, localDay(sql`o.placed_at`, p.tz));
  // A buyer is new when they have no counted order before the range (by period: before the period's start in the range).
  const start = sql`(${isPeriod(by) ? startOf(by, p, sql`t.key::date`) : sql`${p.from}::date`}::timestamp at time zone ${p.tz}::text)`;
  const head = by !== 'day' && p.mid > p.from;
  return sql`(with t as (
      select o.customer_id as e, ${key} as key, count(*) as n
      from orders o
      where o.customer_id is not null and o.placed_at >= ${ts(p.mid, p.tz)} and o.placed_at < ${ts(p.to, p.tz)} and ${countedOrder('o')}
        and (${ch}::int8 is null or o.channel_id = ${ch}::int8)
      group by 1, 2),
    h as (
      select o.customer_id as e, ${key} as key, count(*) as n
      from orders o
      where ${head ? sql`true` : sql`false`} and o.customer_id in (select e from t)
        and o.placed_at >= ${ts(p.from, p.tz)} and o.placed_at < ${ts(p.mid, p.tz)} and ${countedOrder('o')}
        and (${ch}::int8 is null or o.channel_id = ${ch}::int8)
      group by 1, 2),
    m as (
      select t.key, t.e, t.n as tn, coalesce(h.n, 0) as hn,
        ${levels.includes(12) ? sql`coalesce(h.n, 0) = 0 and not exists (select 1 from orders f where f.customer_id = t.e and f.placed_at < ${start} and ${countedOrder('f')})` : sql`false`} as new
      from t left join h on h.e = t.e and h.key = t.key)
    select m.key, lv.level, count(*) filter (where case lv.level when 10 then m.hn = 0 when 11 then m.hn < 2 and m.hn + m.tn >= 2 else m.new end)::int8 as n
    from m cross join ${levelValues(levels)}
    group by 1, 2)`;
}

/**
 * Additive figures per key over the span: `(key, orders, gmv, paid, cogs, refunds, refund_cost)`.
 * Refunds count under their order's channel and device (the refund's own channel when unlinked).
 */
export function salesSql(p: Span, by: GroupBy): SQL {
  const parts: SQL[] = [];
  const ch = p.channelId;
  if (p.mid > p.from) {
    const key = keyOf(by, sql`channel_id`, sql`device`, sql`day`);
    parts.push(sql`select ${key} as key, sum(orders) as orders, sum(gmv) as gmv, sum(paid_amount) as paid, sum(cogs) as cogs,
        sum(refunds) as refunds, sum(refund_cost) as refund_cost
      from analytics_sales_daily
      where day >= ${p.from}::date and day < ${p.mid}::date and (${ch}::int8 is null or channel_id = ${ch}::int8)
      group by 1`);
  }
  if (p.to > p.mid) {
    const lo = ts(p.mid, p.tz);
    const hi = ts(p.to, p.tz);
    const okey = keyOf(by, sql`o.channel_id`, sql`o.device`, localDay(sql`o.placed_at`, p.tz));
    const rkey = keyOf(by, sql`coalesce(ro.channel_id, r.channel_id, 0)`, sql`coalesce(ro.device, '')`, localDay(sql`r.refunded_at`, p.tz));
    parts.push(sql`select ${okey} as key, count(*) as orders, sum(o.items_amount) as gmv, sum(o.items_amount - o.discount_amount) as paid,
        sum(c.cogs) as cogs, 0 as refunds, 0 as refund_cost
      from orders o
      cross join lateral (select coalesce(sum(l.quantity::int8 * coalesce(l.unit_cost, 0)), 0) as cogs from order_lines l where l.order_id = o.id and l.quantity > 0) c
      where o.placed_at >= ${lo} and o.placed_at < ${hi} and ${countedOrder('o')} and (${ch}::int8 is null or o.channel_id = ${ch}::int8)
      group by 1`);
    parts.push(sql`select ${rkey} as key, 0, 0, 0, 0, sum(r.amount), sum(coalesce(r.cost_amount, 0))
      from refunds r left join orders ro on ro.id = r.order_id
      where r.refunded_at >= ${lo} and r.refunded_at < ${hi} and (${ch}::int8 is null or coalesce(ro.channel_id, r.channel_id) = ${ch}::int8)
      group by 1`);
  }
  if (parts.length === 0) return sql`select null::text as key, 0::int8 as orders, 0::int8 as gmv, 0::int8 as paid, 0::int8 as cogs, 0::int8 as refunds, 0::int8 as refund_cost where false`;
  return sql`select key, sum(orders)::int8 as orders, sum(gmv)::int8 as gmv, sum(paid)::int8 as paid, sum(cogs)::int8 as cogs,
      sum(refunds)::int8 as refunds, sum(refund_cost)::int8 as refund_cost
    from (${sql.join(parts, sql` union all `)}) x group by 1`;
}

/** Marketing spend per key over [from, to) (the spend table is small and read directly). */
export function spendSql(p: Span, by: 'all' | 'day'): SQL {
  const key = keyOf(by, sql`m.channel_id`, sql`''`, sql`m.day`);
  const ch = p.channelId;
  return sql`select ${key} as key, sum(m.spend)::int8 as spend from marketing_spend m
    where m.day >= ${p.from}::date and m.day < ${p.to}::date and (${ch}::int8 is null or m.channel_id = ${ch}::int8) group by 1`;
}
