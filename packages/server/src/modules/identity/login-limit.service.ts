import { and, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { loginAttempts } from './identity.tables.js';

/** At most this many failed sign-ins per username, and per client address, in the window. */
export const LOGIN_LIMIT = { failures: 5, windowMs: 15 * 60_000 };
const KEEP_MS = 24 * 60 * 60_000;

/**
 * Record a sign-in attempt before the password is checked, then count. Recording first makes the
 * limit hold across concurrent requests and processes sharing the database: of N simultaneous
 * guesses every one sees the rows committed before its count, so at most `failures` get through.
 * The row counts as a failure until `attemptSucceeded` marks it.
 *
 * - Per username: failures from an address that has since signed in to that account are
 *   forgiven; a success from one address does not clear another address's failures.
 * - Per address: successes clear nothing, or a guesser with one valid account could keep
 *   resetting its own count.
 *
 * A refused attempt is not kept, so hammering a locked account does not extend the lock.
 */
export async function beginLoginAttempt(db: Tx, username: string, ip: string, now: Date): Promise<number> {
  const key = username.toLowerCase();
  // "Later" is by id, not time: ids follow insertion order and two attempts may share a timestamp.
  const [row] = await db.insert(loginAttempts).values({ key, ip, at: now, success: false }).returning({ id: loginAttempts.id });
  const since = new Date(now.getTime() - LOGIN_LIMIT.windowMs);
  const forgiven = sql`exists (select 1 from ${loginAttempts} s where s.key = ${loginAttempts.key} and s.ip is not distinct from ${loginAttempts.ip}
    and s.success and s.id > ${loginAttempts.id})`;
  const retryUser = await retryAfter(db, and(eq(loginAttempts.key, key), sql`not ${forgiven}`)!, since, now);
  const retryIp = await retryAfter(db, eq(loginAttempts.ip, ip), since, now);
  const wait = Math.max(retryUser, retryIp);
  if (wait > 0) {
    await db.delete(loginAttempts).where(eq(loginAttempts.id, row!.id));
    throw new AppError('rate_limited', `Too many failed sign-ins for this ${retryUser > 0 ? 'username' : 'address'}; try again in ${Math.ceil(wait / 60)} min`, {
      retryAfterSeconds: wait, limit: LOGIN_LIMIT.failures, windowMinutes: LOGIN_LIMIT.windowMs / 60_000,
    });
  }
  return row!.id;
}

export async function attemptSucceeded(db: Tx, attemptId: number, now: Date): Promise<void> {
  await db.update(loginAttempts).set({ success: true }).where(eq(loginAttempts.id, attemptId));
  // Old rows matter to nobody; a success is a cheap, infrequent moment to drop them.
  await db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(now.getTime() - KEEP_MS)));
}

/**
 * Seconds until the failures matching `scope` fall below the limit (0: not limited), counting
 * this attempt's own row: when the limit-th newest failure but one leaves the window, one more try fits.
 */
async function retryAfter(db: Tx, scope: SQL, since: Date, now: Date): Promise<number> {
  const rows = await db.select({ at: loginAttempts.at }).from(loginAttempts)
    .where(and(scope, eq(loginAttempts.success, false), gt(loginAttempts.at, since)))
    .orderBy(desc(loginAttempts.at), desc(loginAttempts.id)).limit(LOGIN_LIMIT.failures + 1);
  if (rows.length <= LOGIN_LIMIT.failures) return 0;
  // rows[0] is (typically) this attempt; the oldest of the other `failures` decides when a slot frees.
  const oldest = rows[LOGIN_LIMIT.failures]!.at;
  return Math.max(1, Math.ceil((oldest.getTime() + LOGIN_LIMIT.windowMs - now.getTime()) / 1000));
}
