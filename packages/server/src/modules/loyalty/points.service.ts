import { eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { addDays } from '../../lib/business-date.js';
import type { LoyaltyConfig } from './loyalty-settings.js';
import { pointsEntries, pointsPostings } from './loyalty.tables.js';

type Kind = 'earn' | 'redeem' | 'expire' | 'adjust' | 'clawback';
const CONTRA: Record<Kind, 'issued' | 'redeemed' | 'expired' | 'adjustments'> = {
  earn: 'issued', clawback: 'issued', redeem: 'redeemed', expire: 'expired', adjust: 'adjustments',
};

export interface PostingRequest {
  /** Idempotency key: a second posting with the same key posts nothing and returns the first. */
  key: string;
  kind: Kind;
  customerId: number;
  /** Business day of the posting. */
  day: string;
  /** Signed change of the customer's points: > 0 for earn and positive adjustments, < 0 otherwise. */
  points: number;
  orderId?: number | null;
  refundId?: number | null;
  note?: string | null;
}

export type PostingResult =
  | { ok: true; postingId: number; replayed: boolean; balance: number }
  | { ok: false; reason: 'insufficient_points'; balance: number };

/** The day points earned on `day` expire under the policy. */
export function expiryDay(day: string, policy: LoyaltyConfig['expiry']): string {
  if (policy === 'year_end') return `${Number(day.slice(0, 4)) + 1}-12-31`;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // 12 months later; 29 Feb → 28 Feb.
  const target = new Date(Date.UTC(y + 1, m - 1, 1));
  const lastDay = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** A customer's points balance: the sum of their ledger entries (the only way it is computed). */
export async function pointsBalance(tx: Tx, customerId: number): Promise<number> {
  const [row] = await queryRows<{ b: number | null }>(tx, sql`select sum(points) as b from points_entries where account = 'customer' and customer_id = ${customerId}`);
  return row?.b ?? 0;
}

function checkRequest(r: PostingRequest): void {
  const bad = (why: string) => new AppError('validation_failed', why, { key: r.key });
  if (!r.key) throw bad('key: required');
  if (!Number.isInteger(r.points) || r.points === 0) throw bad('points: a non-zero integer');
  if (r.kind === 'earn' && r.points < 0) throw bad('points: an earn is positive');
  if (['redeem', 'expire', 'clawback'].includes(r.kind) && r.points > 0) throw bad(`points: a ${r.kind} is negative`);
}

/**
 * Post one balanced event: the customer's entry and the opposite entry on the contra account,
 * in one transaction, under a per-customer lock (so concurrent postings for one customer are
 * serialised and a redemption never spends the same points twice). Idempotent by key: the unique
 * key makes a retried or concurrent duplicate post nothing and return the first posting.
 * Redemptions (and negative adjustments) are refused when the balance is short — a returned
 * result, not an error; claw-backs may take the balance below zero (points already spent).
 */
export async function postPoints(db: Tx, req: PostingRequest, config: LoyaltyConfig): Promise<PostingResult> {
  checkRequest(req);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`zhanggui points ${req.customerId}`}))`);
    const [existing] = await tx.select({ id: pointsPostings.id }).from(pointsPostings).where(eq(pointsPostings.key, req.key));
    if (existing) return { ok: true, postingId: existing.id, replayed: true, balance: await pointsBalance(tx, req.customerId) } as const;
    const balance = await pointsBalance(tx, req.customerId);
    if ((req.kind === 'redeem' || req.kind === 'adjust') && req.points < 0 && balance + req.points < 0) {
      return { ok: false, reason: 'insufficient_points', balance } as const;
    }
    const inserted = await tx.insert(pointsPostings).values({
      key: req.key, kind: req.kind, customerId: req.customerId, day: req.day,
      orderId: req.orderId ?? null, refundId: req.refundId ?? null, note: req.note ?? null,
    }).onConflictDoNothing({ target: pointsPostings.key }).returning({ id: pointsPostings.id });
    if (!inserted[0]) {
      // Same key posted for another customer at the same moment: the key wins, nothing more is posted.
      const [other] = await tx.select({ id: pointsPostings.id }).from(pointsPostings).where(eq(pointsPostings.key, req.key));
      return { ok: true, postingId: other!.id, replayed: true, balance } as const;
    }
    const postingId = inserted[0].id;
    await tx.insert(pointsEntries).values([
      { postingId, account: 'customer', customerId: req.customerId, points: req.points, expiresOn: req.points > 0 ? expiryDay(req.day, config.expiry) : null },
      { postingId, account: CONTRA[req.kind], customerId: null, points: -req.points, expiresOn: null },
    ]);
    return { ok: true, postingId, replayed: false, balance: balance + req.points } as const;
  });
}

/**
 * Points of a customer that have expired by `day` and are not yet expired in the ledger, first in
 * first out: everything that left the account (redeemed, clawed back, expired, negative
 * adjustments) is taken from the oldest points first, so what is left to expire is
 * Σ credits expiring on or before the day − Σ debits so far, when positive (and at most the balance).
 */
export async function expirablePoints(tx: Tx, customerId: number, day: string): Promise<number> {
  const [row] = await queryRows<{ due: number | null; debits: number | null; balance: number | null }>(tx, sql`
    select sum(points) filter (where points > 0 and expires_on <= ${day}::date) as due,
      -sum(points) filter (where points < 0) as debits, sum(points) as balance
    from points_entries where account = 'customer' and customer_id = ${customerId}`);
  const left = (row?.due ?? 0) - (row?.debits ?? 0);
  return Math.max(0, Math.min(left, row?.balance ?? 0));
}

/**
 * Post, set-based, the expiry of every customer's points that expired on or before `day` (FIFO
 * as in expirablePoints), one posting per customer keyed expire:<customer>:<day>. Runs inside the
 * caller's transaction, under the customers' locks taken in id order (no deadlock with postPoints).
 */
export async function expirePoints(db: Tx, day: string): Promise<number> {
  const due = await queryRows<{ customer_id: number; points: number }>(db, sql`
    with per as (
      select customer_id, sum(points) filter (where points > 0 and expires_on <= ${day}::date) as due,
        coalesce(-sum(points) filter (where points < 0), 0) as debits, sum(points) as balance
      from points_entries where account = 'customer' group by customer_id
    )
    select customer_id, least(due - debits, balance) as points from per
    where due is not null and least(due - debits, balance) > 0
      and not exists (select 1 from points_postings p where p.key = 'expire:' || per.customer_id || ':' || ${day}::text)
    order by customer_id`);
  if (due.length === 0) return 0;
  const ids = due.map((r) => r.customer_id);
  // One statement takes every customer's lock, in id order.
  await db.execute(sql`select count(pg_advisory_xact_lock(hashtext('zhanggui points ' || id))) from (select unnest(${sql.raw(`array[${ids.join(',')}]::int8[]`)}) as id order by 1) l`);
  const pts = due.map((r) => r.points);
  const rows = await queryRows<{ n: number }>(db, sql`
    with d as (select * from unnest(${sql.raw(`array[${ids.join(',')}]::int8[]`)}, ${sql.raw(`array[${pts.join(',')}]::int8[]`)}) as d(customer_id, points)),
    ins as (
      insert into points_postings (key, kind, customer_id, day)
      select 'expire:' || customer_id || ':' || ${day}::text, 'expire', customer_id, ${day}::date from d
      on conflict (key) do nothing returning id, customer_id
    ),
    e as (
      insert into points_entries (posting_id, account, customer_id, points, expires_on)
      select ins.id, 'customer', d.customer_id, -d.points, null::date from ins join d using (customer_id)
      union all select ins.id, 'expired', null, d.points, null::date from ins join d using (customer_id)
      returning 1
    )
    select count(*) / 2 as n from e`);
  return rows[0]?.n ?? 0;
}

export interface ExpiryReminder {
  customerId: number;
  points: number;
  /** The earliest expiry day among the points due. */
  expiresOn: string;
}

/** Customers whose points expire within `config.reminderDays` after `day`, with how many (FIFO as above). */
export async function expiryRemindersDue(tx: Tx, day: string, config: LoyaltyConfig): Promise<ExpiryReminder[]> {
  const until = addDays(day, config.reminderDays);
  const rows = await queryRows<{ customer_id: number; first: string }>(tx, sql`
    select customer_id, min(expires_on)::text as first from points_entries
    where account = 'customer' and points > 0 and expires_on > ${day}::date and expires_on <= ${until}::date
    group by customer_id order by customer_id`);
  const out: ExpiryReminder[] = [];
  for (const r of rows) {
    const due = await expirablePoints(tx, r.customer_id, until);
    const already = await expirablePoints(tx, r.customer_id, day);
    if (due - already > 0) out.push({ customerId: r.customer_id, points: due - already, expiresOn: r.first });
  }
  return out;
}

/** Points liability: outstanding points (Σ customer balances) and their value in minor units. */
export async function pointsLiability(tx: Tx, config: LoyaltyConfig): Promise<{ points: number; value: number }> {
  const [row] = await queryRows<{ p: number | null }>(tx, sql`select sum(points) as p from points_entries where account = 'customer'`);
  const points = row?.p ?? 0;
  return { points, value: points * config.pointValue };
}

export async function pointsLedger(tx: Tx, customerId: number) {
  return queryRows<{ id: number; key: string; kind: string; day: string; points: number; expires_on: string | null; order_id: number | null; note: string | null }>(tx, sql`
    select p.id, p.key, p.kind, p.day, e.points, e.expires_on, p.order_id, p.note
    from points_postings p join points_entries e on e.posting_id = p.id and e.account = 'customer'
    where p.customer_id = ${customerId} order by p.day, p.id`);
}
