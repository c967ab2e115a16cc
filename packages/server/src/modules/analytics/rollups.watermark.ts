import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { stepLockKey } from '../../pipeline/step-lock.js';
import { ROLLUP_STATE, ROLLUP_STEP } from './rollups.sql.js';

/**
 * The writers' side of the read model's watermark (docs/analytics.md "Speed"). The rollups hold
 * every day up to the watermark and a build recomputes only the days after it, so a write that
 * changes facts of a rolled-up day must move the watermark back, in its own transaction. It
 * depends on no other module's services (not even the store's), so any writer can call it
 * without an import cycle.
 *
 * A build holds its step's lock until it commits; a writer here waits for it (shared: writers do
 * not wait for each other), so its change is either committed before the build reads the facts
 * or lowers the watermark that build recorded — never lost in between.
 */
const waitForBuild = (tx: Tx) => tx.execute(sql`select pg_advisory_xact_lock_shared(${stepLockKey(ROLLUP_STEP)})`);

/**
 * Facts of `firstChangedDay` and later changed (an import back-filling history, a cancellation or
 * late payment of an older order, visitor ids pseudonymised): the watermark moves back to the day
 * before it, so those days are read from the facts again, exactly, and the next build recomputes
 * them. Rollup rows up to the new watermark stay exact (nothing before it changed); a customer's
 * first day after it may now be earlier, so those rows are dropped and probed in the orders
 * instead. Returns the new watermark, or null when nothing was rolled up that far.
 */
export async function lowerRollupWatermark(tx: Tx, firstChangedDay: string): Promise<string | null> {
  await waitForBuild(tx);
  const moved = await queryRows<{ w: string }>(tx, sql`update analytics_rollup_state set watermark = ${firstChangedDay}::date - 1
    where name = ${ROLLUP_STATE} and watermark >= ${firstChangedDay}::date returning to_char(watermark, 'YYYY-MM-DD') as w`);
  if (moved.length === 0) return null;
  await tx.execute(sql`delete from analytics_customer_first where first_day >= ${firstChangedDay}::date`);
  return moved[0]!.w;
}

/**
 * {@link lowerRollupWatermark} for a change first felt at an instant (timestamptz SQL; null:
 * nothing changed), on its business day in the store zone. A change on today needs nothing —
 * today is never rolled up — so the common case (today's order paid) takes no lock.
 */
export async function lowerRollupWatermarkFrom(tx: Tx, firstChangedAt: SQL): Promise<string | null> {
  const [row] = await queryRows<{ day: string | null; past: boolean | null }>(tx, sql`
    with z as (select time_zone as tz from store_settings where id = 1)
    select to_char(d, 'YYYY-MM-DD') as day, d < (now() at time zone z.tz)::date as past
    from z, lateral (select (${firstChangedAt} at time zone z.tz)::date as d) x`);
  return row?.day && row.past ? lowerRollupWatermark(tx, row.day) : null;
}

/**
 * After an order stops or starts counting (cancelled before payment) or is paid: its own day,
 * and the days of its sessions, whose funnel level follows it (converted, paid) — a session may
 * have started the day before.
 */
export function lowerRollupWatermarkForOrder(tx: Tx, orderId: number): Promise<string | null> {
  return lowerRollupWatermarkFrom(tx, sql`(select least(min(o.placed_at), min(s.started_at))
    from orders o left join traffic_sessions s on s.order_id = o.id where o.id = ${orderId})`);
}

/**
 * Call before the visitor ids of some sessions (`renamed`, a condition on traffic_sessions `s`)
 * are replaced by `newId(old id)` (one new id per old id). The rollups count visitors by id, so
 * their rows change only where that changes which sessions make one visitor, and only from the
 * day both parts of such a visitor have begun (before it, the new id's history is the old one's):
 * - an old id that keeps some sessions is split: from the later of the two parts' first sessions;
 * - a new id fed from several sources (sessions it already has, several old ids): from the first
 *   session of its second source.
 * A renaming that keeps every visitor whole (all of its sessions, to an id of its own) changes no
 * rollup row and moves nothing.
 */
export function lowerRollupWatermarkForVisitorIds(tx: Tx, renamed: SQL, newId: (visitorId: SQL) => SQL): Promise<string | null> {
  const kept = sql`not exists (select 1 from r where r.id = x.id)`;
  return lowerRollupWatermarkFrom(tx, sql`(
    with r as materialized (select s.id, s.visitor_id as v, ${newId(sql`s.visitor_id`)} as nv, s.started_at from traffic_sessions s where ${renamed}),
      moved as (select v, nv, min(started_at) as first from r group by v, nv),
      split as (
        select greatest(m.first, k.first) as at from moved m
          cross join lateral (select min(x.started_at) as first from traffic_sessions x where x.visitor_id = m.v and ${kept}) k
        where k.first is not null),
      sources as (
        select nv, first from moved
        union all
        select m.nv, (select min(x.started_at) from traffic_sessions x where x.visitor_id = m.nv and ${kept}) from (select distinct nv from moved) m),
      second as (select first as at from (select first, row_number() over (partition by nv order by first) as k from sources where first is not null) y where k = 2)
    select min(at) from (select at from split union all select at from second) z)`);
}

/**
 * Every business day moved (the store's time zone changed): the rollups are dropped — without a
 * watermark every figure comes from the facts — and the next build is a full one.
 */
export async function forgetRollups(tx: Tx): Promise<void> {
  await waitForBuild(tx);
  await tx.execute(sql`delete from analytics_rollup_state where name = ${ROLLUP_STATE}`);
  await tx.execute(sql`delete from analytics_customer_first`);
}
