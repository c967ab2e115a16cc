import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';

/**
 * Service metrics of metrics.md for tickets created in [from, to] (business dates in the store
 * time zone): first response and resolution time (wall-clock hours, mean and median), CSAT
 * (share of ratings ≥ 4), SLA hit rates of tickets whose target has passed or was met, NPS.
 */
export async function serviceMetrics(db: Tx, q: { from: string; to: string; timeZone: string; now: Date }) {
  const start = sql`(${q.from}::date::timestamp at time zone ${q.timeZone}::text)`;
  const end = sql`((${q.to}::date + 1)::timestamp at time zone ${q.timeZone}::text)`;
  const [m] = await queryRows<Record<string, number | string | null>>(db, sql`
    select count(*) as tickets,
      count(*) filter (where status in ('open', 'pending')) as open,
      avg(extract(epoch from first_response_at - created_at) / 3600) as frt_mean,
      percentile_cont(0.5) within group (order by extract(epoch from first_response_at - created_at) / 3600) as frt_median,
      avg(extract(epoch from resolved_at - created_at) / 3600) as rt_mean,
      percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at) / 3600) as rt_median,
      count(rating) as ratings, count(*) filter (where rating >= 4) as satisfied,
      count(*) filter (where first_response_due_at is not null and (first_response_at is not null or first_response_due_at < ${q.now.toISOString()}::timestamptz)) as fr_due,
      count(*) filter (where first_response_at is not null and first_response_at <= first_response_due_at) as fr_hit,
      count(*) filter (where resolution_due_at is not null and (resolved_at is not null or resolution_due_at < ${q.now.toISOString()}::timestamptz)) as res_due,
      count(*) filter (where resolved_at is not null and resolved_at <= resolution_due_at) as res_hit,
      (select count(*) from nps_responses where created_at >= ${start} and created_at < ${end}) as nps_n,
      (select count(*) filter (where score >= 9) - count(*) filter (where score <= 6) from nps_responses where created_at >= ${start} and created_at < ${end}) as nps_net
    from tickets where created_at >= ${start} and created_at < ${end}`);
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);
  const ratio = (a: unknown, b: unknown) => (Number(b) > 0 ? Math.round((Number(a) / Number(b)) * 1000) / 1000 : null);
  return {
    from: q.from, to: q.to, tickets: Number(m!.tickets), open: Number(m!.open),
    firstResponseHours: { mean: num(m!.frt_mean), median: num(m!.frt_median) },
    resolutionHours: { mean: num(m!.rt_mean), median: num(m!.rt_median) },
    csat: ratio(m!.satisfied, m!.ratings), ratings: Number(m!.ratings),
    firstResponseSlaHitRate: ratio(m!.fr_hit, m!.fr_due), resolutionSlaHitRate: ratio(m!.res_hit, m!.res_due),
    nps: Number(m!.nps_n) > 0 ? Math.round((Number(m!.nps_net) / Number(m!.nps_n)) * 1000) / 10 : null, npsResponses: Number(m!.nps_n),
  };
}
