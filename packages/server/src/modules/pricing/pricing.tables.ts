import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref, tstz } from '../../db/columns.js';

/** A promotion: its definition is the JSON of packages/contracts `promotionDefinition` (docs/promotions.md). */
export const pricingPromotions = pgTable('pricing_promotions', {
  id: id(),
  /** The definition's id: stable, used in quotes and redemptions. */
  code: text('code').notNull().unique(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  definition: jsonb('definition').notNull(),
  status: text('status').notNull().default('active'),
  /** Share of targeted customers held out (not offered), in basis points; 0 = no holdout. */
  holdoutBp: integer('holdout_bp').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  check('pricing_promotions_status_check', sql`${t.status} in ('active','paused','ended')`),
  check('pricing_promotions_holdout_check', sql`${t.holdoutBp} between 0 and 9000`),
]);

/** A coupon batch (优惠券批次): the definition is `couponDefinition`; coupons are issued from it. */
export const pricingCouponBatches = pgTable('pricing_coupon_batches', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  definition: jsonb('definition').notNull(),
  /** Code-less: customers claim it, no code to type. */
  codeless: boolean('codeless').notNull().default(false),
  holdoutBp: integer('holdout_bp').notNull().default(0),
  /** Fraud limit: at most this many coupons of the batch per customer (default 1). */
  maxPerCustomer: integer('max_per_customer').notNull().default(1),
  createdAt: createdAt(),
}, (t) => [check('pricing_coupon_batches_holdout_check', sql`${t.holdoutBp} between 0 and 9000`)]);

/** One coupon issued to (or claimed by) a customer. */
export const pricingCoupons = pgTable('pricing_coupons', {
  id: id(),
  batchId: ref('batch_id').notNull().references(() => pricingCouponBatches.id),
  code: text('code').notNull().unique(),
  customerId: ref('customer_id').notNull(),
  status: text('status').notNull().default('issued'),
  issuedAt: tstz('issued_at').notNull(),
  redeemedAt: tstz('redeemed_at'),
  orderId: ref('order_id'),
}, (t) => [
  index('pricing_coupons_customer_idx').on(t.customerId),
  index('pricing_coupons_batch_idx').on(t.batchId),
  check('pricing_coupons_status_check', sql`${t.status} in ('issued','redeemed','expired')`),
]);

/** Targeted customers and whether the random holdout kept them from the offer (for incrementality). */
export const pricingTargets = pgTable('pricing_targets', {
  id: id(),
  /** Promotion or coupon-batch code. */
  refCode: text('ref_code').notNull(),
  customerId: ref('customer_id').notNull(),
  heldOut: boolean('held_out').notNull(),
  assignedAt: tstz('assigned_at').notNull(),
}, (t) => [uniqueIndex('pricing_targets_ref_customer_key').on(t.refCode, t.customerId)]);

/** A discount that an order used: one row per order and promotion/coupon/points. */
export const pricingRedemptions = pgTable('pricing_redemptions', {
  id: id(),
  orderId: ref('order_id').notNull(),
  customerId: ref('customer_id'),
  refCode: text('ref_code').notNull(),
  stage: text('stage').notNull(),
  amount: money('amount').notNull(),
  redeemedAt: tstz('redeemed_at').notNull(),
}, (t) => [
  uniqueIndex('pricing_redemptions_order_ref_key').on(t.orderId, t.refCode),
  index('pricing_redemptions_ref_idx').on(t.refCode),
]);

/**
 * A referral (老带新): the inviter earns a reward when the invitee's first order is paid and not
 * refunded within the window. Abuse guards run when it is recorded: a referral whose invitee
 * shares the inviter's device or phone, or a device or phone already used by an earlier invitee,
 * is kept as `rejected` with the reason (for the operator to see), never rewarded.
 * Device ids are stored only as SHA-256 hashes.
 */
export const pricingReferrals = pgTable('pricing_referrals', {
  id: id(),
  inviterId: ref('inviter_id').notNull(),
  inviteeId: ref('invitee_id').notNull(),
  inviterDeviceHash: text('inviter_device_hash'),
  inviteeDeviceHash: text('invitee_device_hash'),
  /** The invitee's phone hash (customers.phone_hash) when the referral was recorded. */
  inviteePhoneHash: text('invitee_phone_hash'),
  /** { kind: 'points', points } or { kind: 'coupon', batch } */
  reward: jsonb('reward').notNull(),
  windowDays: integer('window_days').notNull(),
  status: text('status').notNull().default('pending'),
  reason: text('reason'),
  firstOrderId: ref('first_order_id'),
  /** What was given: the points posting id or the coupon code. */
  rewardRef: text('reward_ref'),
  referredAt: tstz('referred_at').notNull(),
  settledAt: tstz('settled_at'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('pricing_referrals_invitee_key').on(t.inviteeId),
  index('pricing_referrals_inviter_idx').on(t.inviterId),
  index('pricing_referrals_status_idx').on(t.status),
  check('pricing_referrals_status_check', sql`${t.status} in ('pending','rewarded','rejected')`),
  check('pricing_referrals_window_check', sql`${t.windowDays} between 0 and 365`),
]);

/**
 * The referral programme (老带新活动设置), one row (id 1): the default reward and refund window
 * used when a referral is recorded without its own, and whether new referrals are accepted.
 */
export const pricingReferralProgramme = pgTable('pricing_referral_programme', {
  id: integer('id').primaryKey(),
  enabled: boolean('enabled').notNull().default(true),
  /** { kind: 'points', points } or { kind: 'coupon', batch } */
  reward: jsonb('reward').notNull(),
  windowDays: integer('window_days').notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  check('pricing_referral_programme_singleton', sql`${t.id} = 1`),
  check('pricing_referral_programme_window_check', sql`${t.windowDays} between 0 and 365`),
]);

/** A competitor's observed price for one of our SKUs (竞品价格), for the competitor-anchored suggestion. */
export const pricingCompetitorPrices = pgTable('pricing_competitor_prices', {
  id: id(),
  skuId: ref('sku_id').notNull(),
  /** Who sells it (e.g. 天猫某店, JD 自营). */
  competitor: text('competitor').notNull(),
  price: money('price').notNull(),
  /** The store-local day the price was seen. */
  observedOn: date('observed_on', { mode: 'string' }).notNull(),
  url: text('url'),
  createdAt: createdAt(),
}, (t) => [
  check('pricing_competitor_prices_price_check', sql`${t.price} > 0`),
  uniqueIndex('pricing_competitor_prices_obs_uq').on(t.skuId, t.competitor, t.observedOn),
]);
