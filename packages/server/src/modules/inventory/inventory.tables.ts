import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, provenance, ref, tstz } from '../../db/columns.js';
import { skus } from '../catalog/catalog.tables.js';

export const warehouses = pgTable('warehouses', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  region: text('region').notNull(),
  city: text('city'),
  lat: doublePrecision('lat'),
  lng: doublePrecision('lng'),
  /** False while the warehouse cannot ship (outage, stock-take): allocation leaves it out. */
  canShip: boolean('can_ship').notNull().default(true),
  unableReason: text('unable_reason'),
  createdAt: createdAt(),
}, (t) => [check('warehouses_kind_check', sql`${t.kind} in ('central','regional')`)]);

/** Units on hand and reserved per SKU and warehouse; available = on hand − reserved − safety buffer. */
export const stockLevels = pgTable('stock_levels', {
  warehouseId: ref('warehouse_id').notNull().references(() => warehouses.id),
  skuId: ref('sku_id').notNull().references(() => skus.id),
  onHand: integer('on_hand').notNull().default(0),
  reserved: integer('reserved').notNull().default(0),
  safetyBuffer: integer('safety_buffer').notNull().default(0),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.warehouseId, t.skuId] }),
  index('stock_levels_sku_idx').on(t.skuId),
  check('stock_levels_nonnegative', sql`${t.onHand} >= 0 and ${t.reserved} >= 0 and ${t.safetyBuffer} >= 0`),
  check('stock_levels_reserved_le_on_hand', sql`${t.reserved} <= ${t.onHand}`),
]);

export const stockReservations = pgTable('stock_reservations', {
  id: id(),
  orderId: ref('order_id').notNull(),
  orderLineId: ref('order_line_id'),
  warehouseId: ref('warehouse_id').notNull().references(() => warehouses.id),
  skuId: ref('sku_id').notNull().references(() => skus.id),
  quantity: integer('quantity').notNull(),
  status: text('status').notNull().default('active'),
  createdAt: createdAt(),
}, (t) => [
  index('stock_reservations_order_idx').on(t.orderId),
  check('stock_reservations_quantity_check', sql`${t.quantity} > 0`),
  check('stock_reservations_status_check', sql`${t.status} in ('active','released','fulfilled')`),
]);

/** Physical stock changes: quantity is signed (+ in, − out). */
export const stockMovements = pgTable('stock_movements', {
  id: id(),
  ...provenance(),
  warehouseId: ref('warehouse_id').notNull().references(() => warehouses.id),
  skuId: ref('sku_id').notNull().references(() => skus.id),
  kind: text('kind').notNull(),
  quantity: integer('quantity').notNull(),
  occurredAt: tstz('occurred_at').notNull(),
  refType: text('ref_type'),
  refId: ref('ref_id'),
  note: text('note'),
}, (t) => [
  uniqueIndex('stock_movements_source_external_id_key').on(t.source, t.externalId),
  index('stock_movements_sku_at_idx').on(t.skuId, t.occurredAt),
  check('stock_movements_kind_check', sql`${t.kind} in ('receipt','sale','return','adjustment','transfer_in','transfer_out')`),
]);
