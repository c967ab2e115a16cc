import type { KpiGranularity } from '@zhanggui/contracts';
import { sql, type SQL } from 'drizzle-orm';

export interface KpiSqlParams {
  from: string;
  to: string;
  granularity: KpiGranularity;
  timeZone: string;
  channelId: number | null;
}

/**
 * An order counts unless it was cancelled before it was paid or has no line of quantity > 0
 * (metrics.md "orders"). items_amount > 0 already implies such a line, so only free orders are
 * probed in order_lines.
 */
export const countedOrder = (o: string) => sql.raw(`not (${o}.cancelled_at is not null and (${o}.paid_at is null or ${o}.paid_at > ${o}.cancelled_at))
  and (${o}.items_amount > 0 or exists (select 1 from order_lines pl where pl.order_id = ${o}.id and pl.quantity > 0))`);

/**
 * One set-based query of the per-period totals behind the KPI report. GMV and discounts are read
 * from the order header, whose invariants (orders.tables.ts) make them exactly the line sums of
 * metrics.md — items_amount = Σ quantity × unit price over lines with quantity > 0,
 * discount_amount = Σ of every line discount — so 10M lines need not be scanned. Orders are
 * found by placement time (`orders_placed_at_idx`); "first-ever order" is one probe of
 * `orders_customer_placed_idx` per buyer (not per buyer and period): a buyer is new in the first
 * period they bought in when they have no counting order before its start.
 */
export function kpiReportSql(p: KpiSqlParams): SQL {
  const total = p.granularity === 'total';
  // The whole range is one period labelled by its first day; a year step from it yields just that row.
  const unit = total ? 'day' : p.granularity;
  const step = total ? '100 years' : `1 ${unit}`;
  const label = unit === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD';
  const tz = p.timeZone;
  const bucket = (col: SQL) => (total ? sql`${p.from}::date` : sql`date_trunc(${unit}::text, ${col} at time zone ${tz}::text)::date`);
  // Inline (not a CTE) so the planner estimates the placed_at range and picks hash aggregates.
  const lo = sql`(${p.from}::date::timestamp at time zone ${tz}::text)`;
  const hi = sql`(${p.to}::date::timestamp at time zone ${tz}::text)`;
  return sql`
    with periods as (
      select g::date as period
      from generate_series(date_trunc(${unit}::text, ${p.from}::date::timestamp), (${p.to}::date - 1)::timestamp, ${step}::interval) g
    ),
    per_order as (
      select o.id, o.customer_id, ${bucket(sql`o.placed_at`)} as period, o.items_amount as gmv, o.discount_amount as discounts
      from orders o
      where o.placed_at >= ${lo} and o.placed_at < ${hi} and ${countedOrder('o')}
        and (${p.channelId}::int8 is null or o.channel_id = ${p.channelId}::int8)
    ),
    sales as (
      select period, count(*) as orders, sum(gmv) as gmv, sum(gmv - discounts) as paid from per_order group by period
    ),
    buyer_periods as (
      select period, customer_id, count(*) as orders from per_order where customer_id is not null group by period, customer_id
    ),
    buyers as (
      select period, count(*) as buyers, count(*) filter (where orders >= 2) as repeat_buyers from buyer_periods group by period
    ),
    first_periods as (
      select customer_id, min(period) as period from buyer_periods group by customer_id
    ),
    new_buyers as (
      select f.period, count(*) as new_buyers
      from first_periods f
      where not exists (
        select 1 from orders e
        where e.customer_id = f.customer_id and e.placed_at < greatest(f.period::timestamp at time zone ${tz}::text, ${lo})
          and ${countedOrder('e')})
      group by f.period
    ),
    refunds as (
      select ${bucket(sql`r.refunded_at`)} as period, sum(r.amount) as refunds
      from refunds r left join orders ro on ro.id = r.order_id
      where r.refunded_at >= ${lo} and r.refunded_at < ${hi}
        and (${p.channelId}::int8 is null or coalesce(ro.channel_id, r.channel_id) = ${p.channelId}::int8)
      group by 1
    )
    select to_char(p.period, ${label}) as period,
      coalesce(s.orders, 0)::int8 as orders, coalesce(s.gmv, 0)::int8 as gmv, coalesce(s.paid, 0)::int8 as paid,
      coalesce(r.refunds, 0)::int8 as refunds, coalesce(b.buyers, 0)::int8 as buyers,
      coalesce(b.repeat_buyers, 0)::int8 as repeat_buyers, coalesce(n.new_buyers, 0)::int8 as new_buyers
    from periods p
    left join sales s using (period) left join buyers b using (period)
    left join new_buyers n using (period) left join refunds r using (period)
    order by p.period`;
}
