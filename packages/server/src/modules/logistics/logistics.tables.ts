import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref, tstz } from '../../db/columns.js';
import { orders } from '../orders/orders.tables.js';
import { warehouses } from '../inventory/inventory.tables.js';

export const shipments = pgTable('shipments', {
  id: id(),
  orderId: ref('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  warehouseId: ref('warehouse_id').notNull().references(() => warehouses.id),
  carrier: text('carrier').notNull(),
  trackingNo: text('tracking_no'),
  destRegion: text('dest_region'),
  status: text('status').notNull().default('pending'),
  shippedAt: tstz('shipped_at'),
  deliveredAt: tstz('delivered_at'),
  /** When delivery was promised by (e.g. paid + 24 h for same-region stock). */
  promisedAt: tstz('promised_at'),
  /** Allocation (分仓): the rule that chose this warehouse, the reason in words, the modelled cost. */
  allocationRule: text('allocation_rule'),
  allocationReason: text('allocation_reason'),
  estimatedCost: money('estimated_cost'),
  createdAt: createdAt(),
}, (t) => [
  index('shipments_order_idx').on(t.orderId),
  index('shipments_shipped_at_idx').on(t.shippedAt),
  check('shipments_status_check', sql`${t.status} in ('pending','shipped','delivered','returned','lost','cancelled')`),
]);

/**
 * One row per order that allocation has handled: the guard against double allocation (the
 * primary key), and what was decided. `released` once the order is cancelled or refunded.
 */
export const orderAllocations = pgTable('order_allocations', {
  orderId: ref('order_id').primaryKey().references(() => orders.id, { onDelete: 'cascade' }),
  status: text('status').notNull(),
  rule: text('rule').notNull(),
  reason: text('reason').notNull(),
  estimatedCost: money('estimated_cost'),
  parcels: integer('parcels').notNull().default(0),
  plan: jsonb('plan').notNull(),
  attempts: integer('attempts').notNull().default(1),
  allocatedAt: tstz('allocated_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
}, (t) => [
  index('order_allocations_status_idx').on(t.status),
  check('order_allocations_status_check', sql`${t.status} in ('allocated','backorder','released')`),
]);
