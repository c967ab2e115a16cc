/**
 * Referral / 老带新 (docs/promotions.md#referral): an inviter earns a reward when the invitee's
 * first paid order is not refunded within the window. Recording runs the abuse guards; the
 * `referral-rewards` pipeline step settles what is due, once (idempotent).
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, or, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { customers } from '../customers/index.js';
import { audit, type Actor } from '../identity/index.js';
import { getLoyaltyConfig, postPoints } from '../loyalty/index.js';
import { pricingCouponBatches, pricingCoupons, pricingReferralProgramme, pricingReferrals } from './pricing.tables.js';

export type ReferralReward = { kind: 'points'; points: number } | { kind: 'coupon'; batch: string };
export interface ReferralBody {
  inviterId: number;
  inviteeId: number;
  /** Device ids as the app reports them; only their SHA-256 hashes are stored. */
  inviterDevice?: string;
  inviteeDevice?: string;
  /** Default: the programme's reward. */
  reward?: ReferralReward;
  /** Days after the first order's payment during which a refund cancels the reward (default: the programme's, else 7). */
  windowDays?: number;
  /** When the invitee signed up with the invitation (default: now). */
  referredAt?: string;
}
export interface ReferralDto {
  id: number; inviterId: number; inviteeId: number; reward: ReferralReward; windowDays: number;
  status: 'pending' | 'rewarded' | 'rejected'; reason: string | null; firstOrderId: number | null; rewardRef: string | null;
  referredAt: string; settledAt: string | null;
}

export const REFERRAL_WINDOW_DAYS = 7;
const hashDevice = (d?: string) => (d ? createHash('sha256').update(`device:${d}`).digest('hex') : null);
const dto = (r: typeof pricingReferrals.$inferSelect): ReferralDto => ({
  id: r.id, inviterId: r.inviterId, inviteeId: r.inviteeId, reward: r.reward as ReferralReward, windowDays: r.windowDays,
  status: r.status as ReferralDto['status'], reason: r.reason, firstOrderId: r.firstOrderId, rewardRef: r.rewardRef,
  referredAt: r.referredAt.toISOString(), settledAt: r.settledAt?.toISOString() ?? null,
});

/**
 * Record a referral. Refused (400/404/409): self-referral, unknown customers or coupon batch, an
 * invitee already referred, an invitee who had ordered before. Kept but `rejected` (abuse
 * guards): the invitee on the inviter's device or phone, or on a device or phone an earlier
 * invitee used.
 */
export async function recordReferral(db: Tx, actor: Actor, body: ReferralBody, now: Date): Promise<ReferralDto> {
  if (body.inviterId === body.inviteeId) throw new AppError('validation_failed', 'inviteeId: a customer cannot invite themselves');
  const programme = await getReferralProgramme(db);
  if (programme.configured && !programme.enabled) throw new AppError('conflict', 'the referral programme is paused (PUT /api/pricing/referral-programme)');
  const reward = body.reward ?? programme.reward;
  if (!reward) throw new AppError('validation_failed', 'reward: required (the referral programme has no default reward yet)', { field: 'reward' });
  const windowDays = body.windowDays ?? programme.windowDays;
  if (!Number.isInteger(windowDays) || windowDays < 0 || windowDays > 365) throw new AppError('validation_failed', 'windowDays: an integer 0..365');
  if (reward.kind === 'points' && !(Number.isInteger(reward.points) && reward.points > 0)) throw new AppError('validation_failed', 'reward.points: a positive integer');
  const referredAt = body.referredAt ? new Date(body.referredAt) : now;
  return db.transaction(async (tx) => {
    const people = await tx.select({ id: customers.id, phoneHash: customers.phoneHash }).from(customers)
      .where(or(eq(customers.id, body.inviterId), eq(customers.id, body.inviteeId)));
    const inviter = people.find((p) => p.id === body.inviterId);
    const invitee = people.find((p) => p.id === body.inviteeId);
    if (!inviter) throw new AppError('not_found', `no customer ${body.inviterId}`);
    if (!invitee) throw new AppError('not_found', `no customer ${body.inviteeId}`);
    if (reward.kind === 'coupon') {
      const [b] = await tx.select({ id: pricingCouponBatches.id }).from(pricingCouponBatches).where(eq(pricingCouponBatches.code, reward.batch));
      if (!b) throw new AppError('not_found', `no coupon batch '${reward.batch}'`);
    }
    const [dup] = await tx.select({ id: pricingReferrals.id }).from(pricingReferrals).where(eq(pricingReferrals.inviteeId, body.inviteeId));
    if (dup) throw new AppError('conflict', `customer ${body.inviteeId} was already referred (referral ${dup.id})`);
    const [earlier] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from orders where customer_id = ${body.inviteeId} and placed_at < ${referredAt.toISOString()}::timestamptz`);
    if (Number(earlier!.n) > 0) throw new AppError('validation_failed', `inviteeId: customer ${body.inviteeId} has ordered before, not a new customer`);

    const inviterDeviceHash = hashDevice(body.inviterDevice);
    const inviteeDeviceHash = hashDevice(body.inviteeDevice);
    const inviteePhoneHash = invitee.phoneHash;
    let reason: string | null = null;
    if (inviteeDeviceHash && inviteeDeviceHash === inviterDeviceHash) reason = 'same_device_as_inviter';
    else if (inviteePhoneHash && inviteePhoneHash === inviter.phoneHash) reason = 'same_phone_as_inviter';
    if (!reason && inviteeDeviceHash) {
      const [seen] = await tx.select({ id: pricingReferrals.id }).from(pricingReferrals)
        .where(or(eq(pricingReferrals.inviteeDeviceHash, inviteeDeviceHash), eq(pricingReferrals.inviterDeviceHash, inviteeDeviceHash))).limit(1);
      if (seen) reason = 'device_used_before';
    }
    if (!reason && inviteePhoneHash) {
      const [seen] = await tx.select({ id: pricingReferrals.id }).from(pricingReferrals).where(eq(pricingReferrals.inviteePhoneHash, inviteePhoneHash)).limit(1);
      if (seen) reason = 'phone_used_before';
    }
    const [row] = await tx.insert(pricingReferrals).values({
      inviterId: body.inviterId, inviteeId: body.inviteeId, inviterDeviceHash, inviteeDeviceHash, inviteePhoneHash,
      reward, windowDays, referredAt, status: reason ? 'rejected' : 'pending', reason, settledAt: reason ? now : null,
    }).returning();
    await audit(tx, actor, { action: 'create', entity: 'referral', entityId: row!.id, after: { inviterId: body.inviterId, inviteeId: body.inviteeId, reward, status: row!.status, reason } });
    return dto(row!);
  });
}

export async function listReferrals(db: Tx, filter: { inviterId?: number; status?: string } = {}): Promise<ReferralDto[]> {
  const rows = await db.select().from(pricingReferrals).where(and(
    filter.inviterId !== undefined ? eq(pricingReferrals.inviterId, filter.inviterId) : undefined,
    filter.status !== undefined ? eq(pricingReferrals.status, filter.status) : undefined,
  )).orderBy(asc(pricingReferrals.id));
  return rows.map(dto);
}

export interface ReferralProgrammeDto { configured: boolean; enabled: boolean; reward: ReferralReward | null; windowDays: number; updatedAt: string | null }

/** The programme settings (老带新活动设置); before it is first saved: enabled, no default reward, 7 days. */
export async function getReferralProgramme(db: Tx): Promise<ReferralProgrammeDto> {
  const [r] = await db.select().from(pricingReferralProgramme).where(eq(pricingReferralProgramme.id, 1));
  if (!r) return { configured: false, enabled: true, reward: null, windowDays: REFERRAL_WINDOW_DAYS, updatedAt: null };
  return { configured: true, enabled: r.enabled, reward: r.reward as ReferralReward, windowDays: r.windowDays, updatedAt: r.updatedAt.toISOString() };
}

/**
 * Save the programme: the default reward and window for referrals recorded from now on (recorded
 * ones keep theirs), and whether new referrals are accepted. A coupon reward's batch must exist.
 */
export async function setReferralProgramme(db: Tx, actor: Actor, body: { enabled: boolean; reward: ReferralReward; windowDays: number }, now: Date): Promise<ReferralProgrammeDto> {
  return db.transaction(async (tx) => {
    if (body.reward.kind === 'coupon') {
      const [b] = await tx.select({ id: pricingCouponBatches.id }).from(pricingCouponBatches).where(eq(pricingCouponBatches.code, body.reward.batch));
      if (!b) throw new AppError('not_found', `reward.batch: no coupon batch '${body.reward.batch}'`, { field: 'reward.batch' });
    }
    const before = await getReferralProgramme(tx);
    const values = { enabled: body.enabled, reward: body.reward, windowDays: body.windowDays, updatedAt: now };
    await tx.insert(pricingReferralProgramme).values({ id: 1, ...values }).onConflictDoUpdate({ target: pricingReferralProgramme.id, set: values });
    await audit(tx, actor, { action: 'update', entity: 'referral_programme', entityId: 1, before, after: body });
    return getReferralProgramme(tx);
  });
}

const ABUSE_REASONS = ['same_device_as_inviter', 'same_phone_as_inviter', 'device_used_before', 'phone_used_before'];

/**
 * The programme's figures: referrals by status and reason, abuse-guard blocks apart from refunds,
 * pending ones whose first order is paid (waiting for the window), rewards granted (points posted,
 * coupons issued) and owed by the pending ones.
 */
export async function referralSummary(db: Tx) {
  const [r] = await queryRows<{ referrals: number; pending: number; rewarded: number; rejected: number; blocked: number; awaiting: number; points_granted: number; coupons_granted: number; points_pending: number; coupons_pending: number; inviters: number }>(db, sql`
    select count(*)::int as referrals,
      count(*) filter (where status = 'pending')::int as pending,
      count(*) filter (where status = 'rewarded')::int as rewarded,
      count(*) filter (where status = 'rejected')::int as rejected,
      count(*) filter (where status = 'rejected' and reason = any(${sql.param(ABUSE_REASONS)}::text[]))::int as blocked,
      count(*) filter (where status = 'pending' and exists (select 1 from orders o where o.customer_id = r.invitee_id and o.paid_at is not null and o.placed_at >= r.referred_at))::int as awaiting,
      coalesce(sum((reward->>'points')::int) filter (where status = 'rewarded' and reward->>'kind' = 'points'), 0)::int as points_granted,
      count(*) filter (where status = 'rewarded' and reward->>'kind' = 'coupon')::int as coupons_granted,
      coalesce(sum((reward->>'points')::int) filter (where status = 'pending' and reward->>'kind' = 'points'), 0)::int as points_pending,
      count(*) filter (where status = 'pending' and reward->>'kind' = 'coupon')::int as coupons_pending,
      count(distinct inviter_id)::int as inviters
    from pricing_referrals r`);
  const reasons = await queryRows<{ reason: string; n: number }>(db, sql`select reason, count(*)::int as n from pricing_referrals where reason is not null group by reason order by reason`);
  return {
    referrals: Number(r!.referrals), pending: Number(r!.pending), rewarded: Number(r!.rewarded), rejected: Number(r!.rejected),
    blocked: Number(r!.blocked), refundedOrCancelled: Number(r!.rejected) - Number(r!.blocked),
    byReason: Object.fromEntries(reasons.map((x) => [x.reason, Number(x.n)])), awaitingWindow: Number(r!.awaiting),
    pointsGranted: Number(r!.points_granted), couponsGranted: Number(r!.coupons_granted), pointsPending: Number(r!.points_pending), couponsPending: Number(r!.coupons_pending),
    inviters: Number(r!.inviters),
  };
}

/**
 * Settle the pending referrals as of `cutoff` (the end of the as-of day): for each, the invitee's
 * first paid order placed at or after the referral. Rewarded when its payment is at least
 * `windowDays` before the cutoff and no refund of it was made within the window; rejected when it
 * was refunded within the window or cancelled; otherwise left pending. The reward is posted once:
 * points through loyalty's postPoints (a positive `adjust` with key `referral:<id>`), a coupon as
 * one coupon of the batch (code REF-<id>). Idempotent: a settled referral is never settled again.
 */
export async function settleReferrals(tx: Tx, cutoff: Date, day: string): Promise<{ rewarded: number; rejected: number; pending: number }> {
  const due = await queryRows<{ id: number; inviter_id: number; reward: ReferralReward; window_days: number; order_id: number | null; paid_at: string | null; refunded: boolean; cancelled: boolean }>(tx, sql`
    select r.id, r.inviter_id, r.reward, r.window_days, o.id as order_id, o.paid_at,
           o.status = 'cancelled' as cancelled,
           exists (select 1 from refunds f where f.order_id = o.id and f.amount > 0
                   and f.refunded_at < o.paid_at + make_interval(days => r.window_days) and f.refunded_at < ${cutoff.toISOString()}::timestamptz) as refunded
    from pricing_referrals r
    left join lateral (
      select id, paid_at, status from orders
      where customer_id = r.invitee_id and paid_at is not null and placed_at >= r.referred_at
      order by paid_at, id limit 1
    ) o on true
    where r.status = 'pending'
    order by r.id`);
  let rewarded = 0, rejected = 0, pending = 0;
  let config: Awaited<ReturnType<typeof getLoyaltyConfig>> | undefined;
  for (const r of due) {
    if (r.order_id === null || r.paid_at === null) { pending++; continue; }
    const orderId = Number(r.order_id);
    if (r.refunded || r.cancelled) {
      await tx.update(pricingReferrals).set({ status: 'rejected', reason: r.refunded ? 'first_order_refunded' : 'first_order_cancelled', firstOrderId: orderId, settledAt: cutoff })
        .where(and(eq(pricingReferrals.id, r.id), eq(pricingReferrals.status, 'pending')));
      rejected++;
      continue;
    }
    const windowEnd = new Date(new Date(r.paid_at).getTime() + r.window_days * 86_400_000);
    if (windowEnd > cutoff) { pending++; continue; }
    let rewardRef: string;
    if (r.reward.kind === 'points') {
      config ??= await getLoyaltyConfig(tx);
      const res = await postPoints(tx, { key: `referral:${r.id}`, kind: 'adjust', customerId: Number(r.inviter_id), day, points: r.reward.points, orderId: null, note: `老带新奖励 referral ${r.id}` }, config);
      if (!res.ok) throw new AppError('internal_error', `referral ${r.id}: points not posted (${res.reason})`);
      rewardRef = `points:${res.postingId}`;
    } else {
      const [b] = await tx.select({ id: pricingCouponBatches.id }).from(pricingCouponBatches).where(eq(pricingCouponBatches.code, r.reward.batch));
      if (!b) throw new AppError('not_found', `referral ${r.id}: no coupon batch '${r.reward.batch}'`);
      const code = `REF-${r.id}-${randomBytes(3).toString('hex').toUpperCase()}`;
      await tx.insert(pricingCoupons).values({ batchId: b.id, code, customerId: Number(r.inviter_id), issuedAt: cutoff });
      rewardRef = `coupon:${code}`;
    }
    await tx.update(pricingReferrals).set({ status: 'rewarded', firstOrderId: orderId, rewardRef, settledAt: cutoff }).where(eq(pricingReferrals.id, r.id));
    rewarded++;
  }
  return { rewarded, rejected, pending };
}
