import { sql } from 'drizzle-orm';
import { char, check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, money, provenance, ref, tstz } from '../../db/columns.js';
import { skus } from '../catalog/catalog.tables.js';
import { customers } from '../customers/customers.tables.js';

export const CHANNEL_KINDS = ['marketplace', 'own_site', 'mini_program', 'live_stream', 'content', 'offline'] as const;
export const DEVICES = ['desktop', 'mobile', 'tablet', 'unknown'] as const;
export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled'] as const;

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

export const channels = pgTable('channels', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  createdAt: createdAt(),
}, (t) => [check('channels_kind_check', sql`${t.kind} in (${inList(CHANNEL_KINDS)})`)]);

export const orders = pgTable('orders', {
  id: id(),
  ...provenance(),
  channelId: ref('channel_id').notNull().references(() => channels.id),
  device: text('device').notNull().default('unknown'),
  /** Null for an anonymous (guest) order. */
  customerId: ref('customer_id').references(() => customers.id),
  status: text('status').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  placedAt: tstz('placed_at').notNull(),
  paidAt: tstz('paid_at'),
  cancelledAt: tstz('cancelled_at'),
  /** Σ quantity × unit price over lines with quantity > 0 (the order's GMV). */
  itemsAmount: money('items_amount').notNull(),
  /** Σ of every discount allocated to the lines. */
  discountAmount: money('discount_amount').notNull().default(0),
  shippingAmount: money('shipping_amount').notNull().default(0),
  /** itemsAmount − discountAmount + shippingAmount. */
  payableAmount: money('payable_amount').notNull(),
  shipRegion: text('ship_region'),
  campaignId: ref('campaign_id'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('orders_source_external_id_key').on(t.source, t.externalId),
  index('orders_placed_at_idx').on(t.placedAt),
  index('orders_customer_placed_idx').on(t.customerId, t.placedAt),
  check('orders_status_check', sql`${t.status} in (${inList(ORDER_STATUSES)})`),
  check('orders_device_check', sql`${t.device} in (${inList(DEVICES)})`),
  check('orders_amounts_check', sql`${t.itemsAmount} >= 0 and ${t.discountAmount} >= 0 and ${t.discountAmount} <= ${t.itemsAmount}`),
]);

export const orderLines = pgTable('order_lines', {
  id: id(),
  orderId: ref('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  lineNo: integer('line_no').notNull(),
  skuId: ref('sku_id').notNull().references(() => skus.id),
  quantity: integer('quantity').notNull(),
  unitPrice: money('unit_price').notNull(),
  /** Unit cost at the time of sale; null when the source does not say. */
  unitCost: money('unit_cost'),
  /** Discounts allocated to this line (each split over lines by `prorate`). */
  itemDiscount: money('item_discount').notNull().default(0),
  orderDiscount: money('order_discount').notNull().default(0),
  couponDiscount: money('coupon_discount').notNull().default(0),
  pointsDiscount: money('points_discount').notNull().default(0),
}, (t) => [
  uniqueIndex('order_lines_order_line_no_key').on(t.orderId, t.lineNo),
  index('order_lines_sku_idx').on(t.skuId),
  check('order_lines_price_check', sql`${t.unitPrice} >= 0`),
]);

export const payments = pgTable('payments', {
  id: id(),
  ...provenance(),
  orderId: ref('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  method: text('method').notNull(),
  amount: money('amount').notNull(),
  paidAt: tstz('paid_at').notNull(),
}, (t) => [
  uniqueIndex('payments_source_external_id_key').on(t.source, t.externalId),
  index('payments_order_idx').on(t.orderId),
]);

/** A refund (a cancellation or return after payment). `orderId` is null when the source does not link it. */
export const refunds = pgTable('refunds', {
  id: id(),
  ...provenance(),
  orderId: ref('order_id').references(() => orders.id, { onDelete: 'cascade' }),
  customerId: ref('customer_id').references(() => customers.id),
  channelId: ref('channel_id').references(() => channels.id),
  amount: money('amount').notNull(),
  /** Cost of the goods coming back (Σ quantity × unit cost at sale); null when unknown. */
  costAmount: money('cost_amount'),
  refundedAt: tstz('refunded_at').notNull(),
  reason: text('reason'),
}, (t) => [
  uniqueIndex('refunds_source_external_id_key').on(t.source, t.externalId),
  index('refunds_refunded_at_idx').on(t.refundedAt),
  index('refunds_order_idx').on(t.orderId),
  check('refunds_amount_check', sql`${t.amount} >= 0`),
]);

export const refundLines = pgTable('refund_lines', {
  id: id(),
  refundId: ref('refund_id').notNull().references(() => refunds.id, { onDelete: 'cascade' }),
  orderLineId: ref('order_line_id').references(() => orderLines.id),
  skuId: ref('sku_id').notNull().references(() => skus.id),
  quantity: integer('quantity').notNull(),
  amount: money('amount').notNull(),
  unitCost: money('unit_cost'),
}, (t) => [index('refund_lines_refund_idx').on(t.refundId)]);

/** The first response to a request made with an `Idempotency-Key`, replayed for repeats. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').notNull(),
  scope: text('scope').notNull(),
  actor: text('actor').notNull(),
  requestHash: text('request_hash').notNull(),
  statusCode: integer('status_code'),
  response: jsonb('response'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('idempotency_keys_key').on(t.scope, t.actor, t.key)]);
