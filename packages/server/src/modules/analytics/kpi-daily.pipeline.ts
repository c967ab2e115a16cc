import { sql } from 'drizzle-orm';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { queryRows } from '../../db/client.js';
import { countedOrder } from './kpi-report.sql.js';

/**
 * `kpi-daily`: the daily rollup by channel and device behind dashboards and alert rules, every
 * business day up to the as-of date recomputed from the facts and replaced in one transaction
 * (late refunds and back-filled imports land wherever they belong). Each source is aggregated on
 * its own and the pieces are summed per (day, channel, device), so a day with refunds but no
 * orders, or traffic but no sales, still gets its row.
 */
export const kpiDailyStep: PipelineStep = {
  name: 'kpi-daily',
  description: 'Daily KPI rollup by channel and device (orders, GMV, paid, refunds, COGS, buyers, new buyers, visitors)',
  dependsOn: [],
  async run({ tx, asOf, timeZone, progress }) {
    const end = sql`((${asOf}::date + 1)::timestamp at time zone ${timeZone}::text)`;
    const day = (col: string) => sql`(${sql.raw(col)} at time zone ${timeZone}::text)::date`;
    await tx.execute(sql`delete from kpi_daily where day <= ${asOf}::date`);
    progress(0.1);
    const rows = await queryRows<{ n: number }>(tx, sql`
      with counted as (
        select o.id, o.customer_id, o.channel_id, o.device, o.items_amount, o.discount_amount, o.placed_at, ${day('o.placed_at')} as day
        from orders o where o.placed_at < ${end} and ${countedOrder('o')}
      ),
      sales as (
        select day, channel_id, device, count(*) as orders, sum(items_amount) as gmv, sum(items_amount - discount_amount) as paid,
          count(distinct customer_id) as buyers
        from counted group by 1, 2, 3
      ),
      cogs as (
        select c.day, c.channel_id, c.device, sum(l.quantity::int8 * coalesce(l.unit_cost, 0)) as cogs
        from counted c join order_lines l on l.order_id = c.id and l.quantity > 0 group by 1, 2, 3
      ),
      firsts as (
        select distinct on (customer_id) day, channel_id, device from counted
        where customer_id is not null order by customer_id, placed_at, id
      ),
      refunds as (
        select ${day('r.refunded_at')} as day, coalesce(o.channel_id, r.channel_id) as channel_id, coalesce(o.device, 'unknown') as device,
          sum(r.amount) as refunds
        from refunds r left join orders o on o.id = r.order_id
        where r.refunded_at < ${end} and coalesce(o.channel_id, r.channel_id) is not null group by 1, 2, 3
      ),
      traffic as (
        select ${day('s.started_at')} as day, s.channel_id, s.device, count(distinct s.visitor_id) as visitors,
          count(distinct s.visitor_id) filter (where s.order_id is not null) as converted, sum(s.page_views) as page_views
        from traffic_sessions s where s.started_at < ${end} group by 1, 2, 3
      ),
      parts as (
        select day, channel_id, device, orders, gmv, paid, 0::int8 as refunds, 0::int8 as cogs, buyers, 0::int8 as new_buyers, 0::int8 as visitors, 0::int8 as converted, 0::int8 as page_views from sales
        union all select day, channel_id, device, 0, 0, 0, 0, cogs, 0, 0, 0, 0, 0 from cogs
        union all select day, channel_id, device, 0, 0, 0, 0, 0, 0, count(*), 0, 0, 0 from firsts group by 1, 2, 3
        union all select day, channel_id, device, 0, 0, 0, refunds, 0, 0, 0, 0, 0, 0 from refunds
        union all select day, channel_id, device, 0, 0, 0, 0, 0, 0, 0, visitors, converted, page_views from traffic
      ),
      inserted as (
        insert into kpi_daily (day, channel_id, device, orders, gmv, paid_amount, refunds, cogs, buyers, new_buyers, visitors, converted_visitors, page_views)
        select day, channel_id, device, sum(orders), sum(gmv), sum(paid), sum(refunds), sum(cogs), sum(buyers), sum(new_buyers),
          sum(visitors), sum(converted), sum(page_views)
        from parts group by day, channel_id, device
        returning 1
      )
      select count(*) as n from inserted`);
    progress(1);
    return { rows: rows[0]?.n ?? 0 };
  },
};
