import { customersQuery, type CustomersQuery, type CustomersReport } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { kpiReport } from './kpi-report.js';
import { countedOrder } from './kpi-report.sql.js';
import { parseQuery, rangeContext } from './read-model.js';

/**
 * 客户分析: new vs returning buyers and the repurchase rate per period and over the range
 * (metrics.md), and how many orders each buyer of the range placed in it.
 */
export async function customersReport(db: Tx, query: CustomersQuery): Promise<CustomersReport> {
  const q = parseQuery(customersQuery, query);
  const r = await rangeContext(db, q.from, q.to, q.channel);
  const base = { from: q.from, to: q.to, ...(q.channel ? { channel: q.channel } : {}) };
  const [total] = (await kpiReport(db, { ...base, granularity: 'total' })).rows;
  const trend = (await kpiReport(db, { ...base, granularity: q.granularity })).rows;
  const ch = r.channelId;
  const dist = await queryRows<{ bucket: number; buyers: number }>(db, sql`
    select least(n, 5)::int4 as bucket, count(*)::int8 as buyers from (
      select o.customer_id, count(*) as n from orders o
      where o.placed_at >= ${r.lo} and o.placed_at < ${r.hi} and o.customer_id is not null and ${countedOrder('o')}
        and (${ch}::int8 is null or o.channel_id = ${ch}::int8)
      group by 1) b
    group by 1`);
  const count = new Map(dist.map((d) => [d.bucket, d.buyers]));
  return {
    range: { from: q.from, to: q.to },
    totals: { buyers: total!.buyers, newBuyers: total!.newBuyers, returningBuyers: total!.buyers - total!.newBuyers, repurchaseRate: total!.repurchaseRate },
    trend: trend.map((t) => ({ period: t.period, buyers: t.buyers, newBuyers: t.newBuyers, returningBuyers: t.buyers - t.newBuyers, repurchaseRate: t.repurchaseRate })),
    ordersPerCustomer: [1, 2, 3, 4, 5].map((n) => ({ orders: n === 5 ? '5+' : String(n), buyers: count.get(n) ?? 0 })),
  };
}
