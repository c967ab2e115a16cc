import { inArray, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { addDays, businessDate } from '../../lib/business-date.js';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { countedOrder } from '../analytics/kpi-report.sql.js';
import { minorPerMajor } from '../segments/index.js';
import { getStoreSettings } from '../store/index.js';
import { getLoyaltyConfig, type LoyaltyConfig } from './loyalty-settings.js';
import { customerTiers, tierChanges } from './loyalty.tables.js';
import { expirePoints } from './points.service.js';

const tierValues = (config: LoyaltyConfig) =>
  sql.raw(config.tiers.map((t) => `('${t.code.replace(/'/g, "''")}', ${Number(t.earnMultiplier)})`).join(','));

const expirySql = (config: LoyaltyConfig, day: string) => (config.expiry === 'year_end'
  ? `make_date(extract(year from ${day})::int + 1, 12, 31)`
  : `(${day} + interval '12 months')::date`);

/**
 * Earn points on every paid order paid on or before the as-of date that has not earned yet:
 * ⌊paid goods amount (items − discounts) in major units × pointsPerUnit × the tier multiplier⌋,
 * dated on the business day of payment, key earn:order:<id>. Set-based; idempotent by key.
 */
export async function earnOnPaidOrders(tx: Tx, asOf: string, timeZone: string, config: LoyaltyConfig, scale: number, orderId?: number): Promise<number> {
  const end = sql`((${asOf}::date + 1)::timestamp at time zone ${timeZone}::text)`;
  const rows = await queryRows<{ n: number }>(tx, sql`
    with tiers(code, multiplier) as (values ${tierValues(config)}),
    cand as (
      select o.id as order_id, o.customer_id, (o.paid_at at time zone ${timeZone}::text)::date as day,
        floor((o.items_amount - o.discount_amount)::numeric * ${config.pointsPerUnit}::numeric * coalesce(t.multiplier, 1)::numeric / ${scale})::int8 as points
      from orders o
      left join customer_tiers ct on ct.customer_id = o.customer_id
      left join tiers t on t.code = coalesce(ct.tier, ${config.tiers[0]!.code}::text)
      where o.customer_id is not null and o.paid_at is not null and o.paid_at < ${end} and ${countedOrder('o')}
        and not exists (select 1 from points_postings p where p.key = 'earn:order:' || o.id)
        and (${orderId ?? null}::int8 is null or o.id = ${orderId ?? null}::int8)
    ),
    ins as (
      insert into points_postings (key, kind, customer_id, day, order_id)
      select 'earn:order:' || order_id, 'earn', customer_id, day, order_id from cand where points > 0
      on conflict (key) do nothing returning id, order_id
    ),
    e as (
      insert into points_entries (posting_id, account, customer_id, points, expires_on)
      select ins.id, 'customer', c.customer_id, c.points, ${sql.raw(expirySql(config, 'c.day'))} from ins join cand c using (order_id)
      union all select ins.id, 'issued', null, -c.points, null::date from ins join cand c using (order_id)
      returning 1
    )
    select count(*) / 2 as n from e`);
  return rows[0]?.n ?? 0;
}

/**
 * Claw back the points of refunded orders: after the k-th refund of an order (in id order) the
 * order has given back ⌊earned × Σ refunded / paid + ½⌋ points, never more than it earned; each
 * refund posts the step from the previous total (key clawback:refund:<id>), on the refund's
 * business day. A claw-back may take a balance below zero when the points were already spent.
 */
export async function clawBackRefunds(tx: Tx, asOf: string, timeZone: string, orderId?: number): Promise<number> {
  const end = sql`((${asOf}::date + 1)::timestamp at time zone ${timeZone}::text)`;
  const rows = await queryRows<{ n: number }>(tx, sql`
    with earned as (
      select p.order_id, p.customer_id, e.points as earned, (o.items_amount - o.discount_amount) as paid
      from points_postings p join points_entries e on e.posting_id = p.id and e.account = 'customer' join orders o on o.id = p.order_id
      where p.kind = 'earn' and (${orderId ?? null}::int8 is null or p.order_id = ${orderId ?? null}::int8)
    ),
    steps as (
      select r.id as refund_id, er.customer_id, er.order_id, (r.refunded_at at time zone ${timeZone}::text)::date as day,
        least(er.earned, round(er.earned::numeric * sum(r.amount) over w / greatest(er.paid, 1)))::int8 as cum
      from refunds r join earned er on er.order_id = r.order_id
      where r.refunded_at < ${end}
      window w as (partition by r.order_id order by r.id)
    ),
    cand as (
      select refund_id, customer_id, order_id, day, cum - coalesce(lag(cum) over (partition by order_id order by refund_id), 0) as points from steps
    ),
    todo as (
      select * from cand c where points > 0 and not exists (select 1 from points_postings p where p.key = 'clawback:refund:' || c.refund_id)
    ),
    ins as (
      insert into points_postings (key, kind, customer_id, day, order_id, refund_id)
      select 'clawback:refund:' || refund_id, 'clawback', customer_id, day, order_id, refund_id from todo
      on conflict (key) do nothing returning id, refund_id
    ),
    e as (
      insert into points_entries (posting_id, account, customer_id, points, expires_on)
      select ins.id, 'customer', t.customer_id, -t.points, null::date from ins join todo t using (refund_id)
      union all select ins.id, 'issued', null, t.points, null::date from ins join todo t using (refund_id)
      returning 1
    )
    select count(*) / 2 as n from e`);
  return rows[0]?.n ?? 0;
}

/** First day of the growth window ending on `asOf`. */
export function growthWindowStart(asOf: string, window: LoyaltyConfig['growthWindow']): string {
  if (window === 'calendar_year') return `${asOf.slice(0, 4)}-01-01`;
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return addDays(new Date(Date.UTC(y - 1, m - 1, Math.min(d, lastDay))).toISOString().slice(0, 10), 1);
}

/** Growth value (成长值) of every customer who has any over the window ending on `asOf`. */
export async function growthValues(tx: Tx, asOf: string, timeZone: string, config: LoyaltyConfig, customerId?: number): Promise<Map<number, number>> {
  const one = sql`(${customerId ?? null}::int8 is null or customer_id = ${customerId ?? null}::int8)`;
  const from = growthWindowStart(asOf, config.growthWindow);
  const lo = sql`(${from}::date::timestamp at time zone ${timeZone}::text)`;
  const hi = sql`((${asOf}::date + 1)::timestamp at time zone ${timeZone}::text)`;
  const rows = config.growthBasis === 'spend'
    ? await queryRows<{ customer_id: number; g: number }>(tx, sql`
      with parts as (
        select o.customer_id, (o.items_amount - o.discount_amount) as v from orders o
        where o.customer_id is not null and o.paid_at >= ${lo} and o.paid_at < ${hi} and ${countedOrder('o')}
        union all
        select coalesce(o.customer_id, r.customer_id), -r.amount from refunds r left join orders o on o.id = r.order_id
        where r.refunded_at >= ${lo} and r.refunded_at < ${hi} and coalesce(o.customer_id, r.customer_id) is not null
      )
      select customer_id, sum(v) as g from parts where ${one} group by 1`)
    : await queryRows<{ customer_id: number; g: number }>(tx, sql`
      select p.customer_id, sum(e.points) as g from points_postings p join points_entries e on e.posting_id = p.id and e.account = 'customer'
      where p.kind in ('earn', 'clawback') and p.day >= ${from}::date and p.day <= ${asOf}::date and (${customerId ?? null}::int8 is null or p.customer_id = ${customerId ?? null}::int8) group by 1`);
  return new Map(rows.map((r) => [r.customer_id, Math.max(0, r.g)]));
}

/** The latest review day (MM-DD each year) on or before `day`. */
export function lastReviewDay(day: string, reviewDay: string): string {
  const thisYear = `${day.slice(0, 4)}-${reviewDay}`;
  return thisYear <= day ? thisYear : `${Number(day.slice(0, 4)) - 1}-${reviewDay}`;
}

interface TierRow { customer_id: number; tier: string; since: string; pending_tier: string | null; grace_until: string | null; evaluated_on: string }

/**
 * Tiers on `asOf` (docs/loyalty.md): qualify on growth value; upgrade at once to the highest tier
 * qualified for; never downgrade between reviews; at a review (the first evaluation on or after
 * the review day) a customer below their tier keeps it for the grace period and is then moved to
 * the tier they qualify for on the day the grace ends (none, if they re-qualified meanwhile).
 * Moves forward only: customers already evaluated on or after `asOf` are left as they are.
 */
export async function evaluateTiers(tx: Tx, asOf: string, timeZone: string, config: LoyaltyConfig): Promise<number> {
  const growth = await growthValues(tx, asOf, timeZone, config);
  const current = new Map((await queryRows<TierRow>(tx, sql`
    select customer_id, tier, since::text, pending_tier, grace_until::text, evaluated_on::text from customer_tiers`)).map((r) => [r.customer_id, r]));
  const rank = new Map(config.tiers.map((t, i) => [t.code, i]));
  const qualify = (g: number) => { let k = 0; config.tiers.forEach((t, i) => { if (g >= t.threshold) k = i; }); return k; };
  const review = lastReviewDay(asOf, config.reviewDay);
  const upserts: (typeof customerTiers.$inferInsert)[] = [];
  const changes: (typeof tierChanges.$inferInsert)[] = [];
  const ids = new Set([...growth.keys(), ...current.keys()]);
  for (const id of [...ids].sort((a, b) => a - b)) {
    const g = growth.get(id) ?? 0;
    const q = qualify(g);
    const row = current.get(id);
    if (row && row.evaluated_on >= asOf) continue;
    const c = row ? (rank.get(row.tier) ?? 0) : 0;
    let next = { tier: c, pending: row?.pending_tier ?? null, grace: row?.grace_until ?? null };
    let reason: 'upgrade' | 'downgrade' | null = null;
    if (q > c) {
      next = { tier: q, pending: null, grace: null };
      reason = 'upgrade';
    } else if (next.grace !== null) {
      if (q >= c) next = { tier: c, pending: null, grace: null };
      else if (asOf >= next.grace) { next = { tier: q, pending: null, grace: null }; reason = 'downgrade'; }
      else next.pending = config.tiers[q]!.code;
    } else if (q < c && row && review > row.evaluated_on) {
      if (config.graceDays === 0) { next = { tier: q, pending: null, grace: null }; reason = 'downgrade'; }
      else next = { tier: c, pending: config.tiers[q]!.code, grace: addDays(review, config.graceDays) };
    }
    if (!row && next.tier === 0) continue;
    const code = config.tiers[next.tier]!.code;
    upserts.push({ customerId: id, tier: code, since: reason ? asOf : row!.since, pendingTier: next.pending, graceUntil: next.grace, evaluatedOn: asOf });
    if (reason) changes.push({ customerId: id, day: asOf, fromTier: config.tiers[c]!.code, toTier: code, reason, growthValue: g });
  }
  // Set-based writes: a few statements however many customers there are.
  for (let i = 0; i < upserts.length; i += 2000) {
    await tx.insert(customerTiers).values(upserts.slice(i, i + 2000)).onConflictDoUpdate({
      target: customerTiers.customerId,
      set: { tier: sql`excluded.tier`, since: sql`excluded.since`, pendingTier: sql`excluded.pending_tier`, graceUntil: sql`excluded.grace_until`, evaluatedOn: sql`excluded.evaluated_on` },
    });
  }
  for (let i = 0; i < changes.length; i += 2000) await tx.insert(tierChanges).values(changes.slice(i, i + 2000));
  return changes.length;
}

/**
 * At payment (called by orders' payOrder inside its transaction): the order earns its points at
 * once (same rule and key earn:order:<id> as the daily step, so the step never posts it again),
 * then the customer is upgraded at once if their growth value now qualifies for a higher tier.
 * Upgrades only: downgrades stay with the review in the daily step. The customer's evaluation day
 * is left as it was (a new row gets the day before), so the daily step still evaluates them today.
 */
export async function earnAndUpgradeOnPayment(tx: Tx, orderId: number, customerId: number | null, now: Date): Promise<{ earned: number; upgradedTo: string | null }> {
  if (customerId === null) return { earned: 0, upgradedTo: null };
  // One payment of a customer at a time (the lock postPoints takes): a second concurrent payment
  // waits, then counts the first in its growth value, so concurrent payments cannot both miss the threshold.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`zhanggui points ${customerId}`}))`);
  const config = await getLoyaltyConfig(tx);
  const { currency, timeZone } = await getStoreSettings(tx);
  const day = businessDate(now, timeZone);
  const earned = await earnOnPaidOrders(tx, day, timeZone, config, minorPerMajor(currency), orderId);
  const g = (await growthValues(tx, day, timeZone, config, customerId)).get(customerId) ?? 0;
  let q = 0;
  config.tiers.forEach((t, i) => { if (g >= t.threshold) q = i; });
  const [row] = await queryRows<{ tier: string }>(tx, sql`select tier from customer_tiers where customer_id = ${customerId} for update`);
  const c = row ? Math.max(0, config.tiers.findIndex((t) => t.code === row.tier)) : 0;
  if (q <= c) return { earned, upgradedTo: null };
  const code = config.tiers[q]!.code;
  // Only over a lower tier: a concurrent payment of the same customer that upgraded first (its row
  // locked until it commits) is neither recorded twice nor undone.
  const lower = config.tiers.slice(0, q).map((t) => t.code);
  const moved = await tx.insert(customerTiers).values({ customerId, tier: code, since: day, pendingTier: null, graceUntil: null, evaluatedOn: addDays(day, -1) })
    .onConflictDoUpdate({ target: customerTiers.customerId, set: { tier: code, since: day, pendingTier: null, graceUntil: null }, setWhere: inArray(customerTiers.tier, lower) })
    .returning({ id: customerTiers.customerId });
  if (moved.length === 0) return { earned, upgradedTo: null };
  await tx.insert(tierChanges).values({ customerId, day, fromTier: config.tiers[c]!.code, toTier: code, reason: 'upgrade', growthValue: g });
  return { earned, upgradedTo: code };
}

/**
 * At a refund made through the orders module (cancelling a paid order; called inside its
 * transaction): the order's points are clawed back at once, by the same rule and key
 * (clawback:refund:<id>) as the daily step, which then finds nothing left to post.
 */
export async function clawBackOnRefund(tx: Tx, orderId: number, now: Date): Promise<number> {
  const { timeZone } = await getStoreSettings(tx);
  return clawBackRefunds(tx, businessDate(now, timeZone), timeZone, orderId);
}

/**
 * `loyalty`: earn points on paid orders, claw back on refunds, expire points due, then evaluate
 * tiers — all up to the as-of date, each idempotent (postings by key, tiers by evaluation day).
 */
export async function runLoyalty(tx: Tx, asOf: string, timeZone: string, progress: (f: number) => void = () => {}) {
  const config = await getLoyaltyConfig(tx);
  const { currency } = await getStoreSettings(tx);
  // Points first, with the tier held before today; then tiers (an upgrade earned today multiplies from tomorrow).
  const earned = await earnOnPaidOrders(tx, asOf, timeZone, config, minorPerMajor(currency));
  progress(0.3);
  const clawedBack = await clawBackRefunds(tx, asOf, timeZone);
  progress(0.5);
  const expired = await expirePoints(tx, asOf);
  progress(0.7);
  const tierChanges = await evaluateTiers(tx, asOf, timeZone, config);
  progress(1);
  return { earned, clawedBack, expired, tierChanges };
}

export const loyaltyStep: PipelineStep = {
  name: 'loyalty',
  description: 'Points earned on paid orders, claw-backs on refunds, expiries due, and tier upgrades/downgrades for the as-of date',
  dependsOn: [],
  async run({ tx, asOf, timeZone, progress }) {
    const r = await runLoyalty(tx, asOf, timeZone, progress);
    return { rows: r.earned + r.clawedBack + r.expired + r.tierChanges };
  },
};
