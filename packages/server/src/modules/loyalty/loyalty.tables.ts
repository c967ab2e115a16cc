import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref } from '../../db/columns.js';
import { customers } from '../customers/customers.tables.js';

export const POSTING_KINDS = ['earn', 'redeem', 'expire', 'adjust', 'clawback'] as const;
/** Ledger accounts: each customer's points (a liability of the store) and the store's contra accounts. */
export const POINTS_ACCOUNTS = ['customer', 'issued', 'redeemed', 'expired', 'adjustments'] as const;

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/** The membership programme's settings (one row, id = 1): tiers, growth value, points policy. */
export const loyaltySettings = pgTable('loyalty_settings', {
  id: integer('id').primaryKey(),
  config: jsonb('config').notNull(),
  updatedAt: createdAt(),
}, (t) => [check('loyalty_settings_single_row', sql`${t.id} = 1`)]);

/** A customer's current tier; customers without a row are in the lowest tier. */
export const customerTiers = pgTable('customer_tiers', {
  customerId: ref('customer_id').primaryKey().references(() => customers.id),
  tier: text('tier').notNull(),
  since: date('since').notNull(),
  /** Set at a review that found the customer below their tier: the lower tier, kept until the grace ends. */
  pendingTier: text('pending_tier'),
  graceUntil: date('grace_until'),
  /** The last business day the `loyalty` step evaluated this customer. */
  evaluatedOn: date('evaluated_on').notNull(),
});

export const tierChanges = pgTable('tier_changes', {
  id: id(),
  customerId: ref('customer_id').notNull().references(() => customers.id),
  day: date('day').notNull(),
  fromTier: text('from_tier').notNull(),
  toTier: text('to_tier').notNull(),
  /** 'upgrade' | 'downgrade' (at a review, after the grace period). */
  reason: text('reason').notNull(),
  growthValue: money('growth_value').notNull(),
}, (t) => [index('tier_changes_customer_idx').on(t.customerId, t.day)]);

/**
 * A points posting: one business event (an order's earn, a redemption, an expiry, an
 * adjustment, a refund's claw-back), posted once per `key`.
 */
export const pointsPostings = pgTable('points_postings', {
  id: id(),
  key: text('key').notNull(),
  kind: text('kind').notNull(),
  customerId: ref('customer_id').notNull().references(() => customers.id),
  day: date('day').notNull(),
  orderId: ref('order_id'),
  refundId: ref('refund_id'),
  note: text('note'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('points_postings_key').on(t.key),
  index('points_postings_customer_idx').on(t.customerId, t.day),
  check('points_postings_kind_check', sql`${t.kind} in (${inList(POSTING_KINDS)})`),
]);

/**
 * The entries of a posting; they sum to zero per posting. A customer's balance is the sum of
 * their `customer` entries, and nothing else: there is no balance column.
 * Positive customer entries carry the day their points expire.
 */
export const pointsEntries = pgTable('points_entries', {
  id: id(),
  postingId: ref('posting_id').notNull().references(() => pointsPostings.id, { onDelete: 'cascade' }),
  account: text('account').notNull(),
  /** Set on `customer` entries only. */
  customerId: ref('customer_id').references(() => customers.id),
  points: integer('points').notNull(),
  expiresOn: date('expires_on'),
}, (t) => [
  index('points_entries_posting_idx').on(t.postingId),
  index('points_entries_customer_idx').on(t.customerId),
  check('points_entries_account_check', sql`${t.account} in (${inList(POINTS_ACCOUNTS)})`),
  check('points_entries_customer_check', sql`(${t.account} = 'customer') = (${t.customerId} is not null)`),
  check('points_entries_points_check', sql`${t.points} <> 0`),
]);
