import { sql } from 'drizzle-orm';
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
 * Facts of `firstChangedDay` and later changed (an import back-filling history): the watermark
 * moves back to the day before it, so those days are read from the facts again, exactly, and the
 * next build recomputes them. Rollup rows up to the new watermark stay exact (nothing before it
 * changed); a customer's first day after it may now be earlier, so those rows are dropped and
 * probed in the orders instead. Returns the new watermark, or null when nothing was rolled up
 * that far.
 */
export async function lowerRollupWatermark(tx: Tx, firstChangedDay: string): Promise<string | null> {
  await waitForBuild(tx);
  const moved = await queryRows<{ w: string }>(tx, sql`update analytics_rollup_state set watermark = ${firstChangedDay}::date - 1
    where name = ${ROLLUP_STATE} and watermark >= ${firstChangedDay}::date returning to_char(watermark, 'YYYY-MM-DD') as w`);
  if (moved.length === 0) return null;
  await tx.execute(sql`delete from analytics_customer_first where first_day >= ${firstChangedDay}::date`);
  return moved[0]!.w;
}
