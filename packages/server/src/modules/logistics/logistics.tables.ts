import { sql } from 'drizzle-orm';
import { check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, tstz } from '../../db/columns.js';
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
  createdAt: createdAt(),
}, (t) => [
  index('shipments_order_idx').on(t.orderId),
  index('shipments_shipped_at_idx').on(t.shippedAt),
  check('shipments_status_check', sql`${t.status} in ('pending','shipped','delivered','returned','lost')`),
]);
