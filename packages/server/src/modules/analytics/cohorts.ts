import { cohortsQuery, type CohortsQuery, type CohortsReport } from '@zhanggui/contracts';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { countedOrder } from './kpi-report.sql.js';
import { parseQuery, rangeContext, shiftDays } from './read-model.js';
import { rollupWatermark } from './rollups.js';

/**
 * Monthly first-order cohorts (metrics.md): the customers whose first-ever counted order falls
 * in each month from the month of `from` to the month of the range's last day, and for each the
 * share with ≥ 1 counted order in month cohort + k, k = 0 … the range's last month. Orders from
 * `to` on are not read; anonymous orders belong to no cohort.
 */
export async function cohortsFromFacts(db: Tx, query: CohortsQuery): Promise<CohortsReport> {
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
  return cohortsOf(q.to, rows);
}

/**
 * The cohort report (as {@link cohortsFromFacts} defines it) from the rollups: the months wholly
 * before both `to` and the day after the watermark come from `analytics_cohort_months`; the
 * months from there to the range's last one from the facts, each customer in the cohort of their
 * first-ever counted order (`analytics_customer_first`, else probed in the orders).
 */
export async function cohortReport(db: Tx, query: CohortsQuery): Promise<CohortsReport> {
  const q = parseQuery(cohortsQuery, query);
  const r = await rangeContext(db, q.from, q.to);
  const tz = r.timeZone;
  const first = `${q.from.slice(0, 7)}-01`;
  const w = await rollupWatermark(db);
  // The first month read from the facts: not before the first cohort, not after the last rolled-up one.
  const monthOf = (d: string) => `${d.slice(0, 7)}-01`;
  let split = monthOf(q.to);
  if (w === null || monthOf(shiftDays(w, 1)) < split) split = w === null ? first : monthOf(shiftDays(w, 1));
  if (split < first) split = first;
  const monthsBetweenSql = (a: SQL, b: SQL) => sql`((extract(year from ${b}) - extract(year from ${a})) * 12 + extract(month from ${b}) - extract(month from ${a}))::int4`;
  const rows = await queryRows<{ cohort: string; k: number; n: number }>(db, sql`
    with tail as (
      select o.customer_id as e, date_trunc('month', o.placed_at at time zone ${tz}::text)::date as m
      from orders o
      where o.customer_id is not null and o.placed_at >= (${split}::date::timestamp at time zone ${tz}::text) and o.placed_at < ${r.hi} and ${countedOrder('o')}
      group by 1, 2),
    firsts as (
      select e, date_trunc('month', coalesce(cf.first_day,
        (select min(f.placed_at at time zone ${tz}::text) from orders f where f.customer_id = t.e and ${countedOrder('f')})::date)::timestamp)::date as cm
      from (select distinct e from tail) t left join analytics_customer_first cf on cf.customer_id = t.e),
    cells as (
      select cohort as cm, month as m, customers as n from analytics_cohort_months
      where cohort >= ${first}::date and cohort < ${q.to}::date and month < ${split}::date
      union all
      select f.cm, t.m, count(*) from tail t join firsts f using (e)
      where f.cm >= ${first}::date and f.cm < ${q.to}::date group by 1, 2)
    select to_char(cm, 'YYYY-MM') as cohort, ${monthsBetweenSql(sql`cm`, sql`m`)} as k, sum(n)::int8 as n
    from cells group by 1, 2 order by 1, 2`);
  return cohortsOf(q.to, rows);
}

function cohortsOf(to: string, rows: readonly { cohort: string; k: number; n: number }[]): CohortsReport {
  const last = lastMonth(to);
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
