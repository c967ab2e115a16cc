import { cohortsQuery, type CohortsQuery, type CohortsReport } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { countedOrder } from './kpi-report.sql.js';
import { parseQuery, rangeContext } from './read-model.js';

/**
 * Monthly first-order cohorts (metrics.md): the customers whose first-ever counted order falls
 * in each month from the month of `from` to the month of the range's last day, and for each the
 * share with ≥ 1 counted order in month cohort + k, k = 0 … the range's last month. Orders from
 * `to` on are not read; anonymous orders belong to no cohort.
 */
export async function cohortReport(db: Tx, query: CohortsQuery): Promise<CohortsReport> {
  const q = parseQuery(cohortsQuery, query);
  const r = await rangeContext(db, q.from, q.to);
  const tz = r.timeZone;
  const first = `${q.from.slice(0, 7)}-01`;
  const rows = await queryRows<{ cohort: string; k: number; n: number }>(db, sql`
    with months as (
      select o.customer_id, date_trunc('month', o.placed_at at time zone ${tz}::text)::date as m
      from orders o
      where o.customer_id is not null and o.placed_at < ${r.hi} and ${countedOrder('o')}
      group by 1, 2),
    cohorts as (
      select customer_id, min(m) as cm from months group by 1
      having min(m) >= ${first}::date and min(m) < ${q.to}::date)
    select to_char(c.cm, 'YYYY-MM') as cohort,
      ((extract(year from m.m) - extract(year from c.cm)) * 12 + extract(month from m.m) - extract(month from c.cm))::int4 as k,
      count(*)::int8 as n
    from cohorts c join months m using (customer_id)
    group by 1, 2 order by 1, 2`);
  const last = lastMonth(q.to);
  const byCohort = new Map<string, number[]>();
  for (const x of rows) {
    const counts = byCohort.get(x.cohort) ?? byCohort.set(x.cohort, new Array<number>(monthsBetween(x.cohort, last) + 1).fill(0)).get(x.cohort)!;
    counts[x.k] = x.n;
  }
  return {
    cohorts: [...byCohort].map(([cohort, counts]) => ({ cohort, size: counts[0]!, retention: counts.map((n) => n / counts[0]!) })),
  };
}

/** The month (YYYY-MM) of the day before `to`: the range's last month. */
const lastMonth = (to: string) => new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 7);
const monthsBetween = (a: string, b: string) => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
