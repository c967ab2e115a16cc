import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref, tstz } from '../../db/columns.js';
import { skus, suppliers } from '../catalog/catalog.tables.js';
import { warehouses } from '../inventory/inventory.tables.js';

/**
 * Policy settings (one row, id 1; defaults apply when absent): ABC basis and thresholds, XYZ
 * thresholds, service level per ABC × XYZ cell, order cost and yearly holding rate for EOQ.
 */
export const replenishmentSettings = pgTable('replenishment_settings', {
  id: integer('id').primaryKey(),
  abcBasis: text('abc_basis').notNull().default('gmv'),
  abcA: doublePrecision('abc_a').notNull().default(0.8),
  abcB: doublePrecision('abc_b').notNull().default(0.95),
  xyzX: doublePrecision('xyz_x').notNull().default(0.5),
  xyzY: doublePrecision('xyz_y').notNull().default(1),
  serviceLevels: jsonb('service_levels').$type<Record<string, number>>(),
  /** Cost of placing one purchase order, minor units; null: no EOQ. */
  orderCost: money('order_cost'),
  /** Holding cost per year as a share of unit cost (e.g. 0.25). */
  holdingRate: doublePrecision('holding_rate').notNull().default(0.25),
  lookbackDays: integer('lookback_days').notNull().default(364),
  /** Supplier diversification: the largest share of one SKU's purchase need any supplier but the last resort gets (1: none). */
  maxSupplierShare: doublePrecision('max_supplier_share').notNull().default(1),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  check('replenishment_settings_singleton', sql`${t.id} = 1`),
  check('replenishment_settings_abc_basis_check', sql`${t.abcBasis} in ('gmv','margin')`),
]);

/** Per as-of date, SKU and warehouse: the classes, the policy and where stock stands (units, days). */
export const inventoryPolicies = pgTable('inventory_policies', {
  asOf: date('as_of').notNull(),
  skuId: ref('sku_id').notNull().references(() => skus.id),
  warehouseId: ref('warehouse_id').notNull().references(() => warehouses.id),
  abc: text('abc').notNull(),
  xyz: text('xyz').notNull(),
  serviceLevel: doublePrecision('service_level').notNull(),
  meanDaily: doublePrecision('mean_daily').notNull(),
  sigmaDaily: doublePrecision('sigma_daily').notNull(),
  leadTimeDays: doublePrecision('lead_time_days').notNull(),
  leadTimeSdDays: doublePrecision('lead_time_sd_days').notNull(),
  safetyStock: integer('safety_stock').notNull(),
  reorderPoint: integer('reorder_point').notNull(),
  orderUpTo: integer('order_up_to').notNull(),
  eoq: integer('eoq'),
  available: integer('available').notNull(),
  onOrder: integer('on_order').notNull(),
  daysOfCover: doublePrecision('days_of_cover'),
  stockoutDate: date('stockout_date'),
  reorderNow: boolean('reorder_now').notNull(),
  suggestedQuantity: integer('suggested_quantity').notNull(),
}, (t) => [
  uniqueIndex('inventory_policies_key').on(t.asOf, t.skuId, t.warehouseId),
  index('inventory_policies_as_of_idx').on(t.asOf, t.abc, t.xyz),
]);

/** A price break: from this many units on, this unit cost (minor units). */
export interface PriceBreak { minQty: number; unitCost: number }

/**
 * Purchasing terms beyond catalog's sku_suppliers (which holds unit cost, lead time and MOQ):
 * pack size, price breaks, reliability (share of units delivered complete and on time) and the
 * lead time's standard deviation when recorded.
 */
export const supplierTerms = pgTable('supplier_terms', {
  skuId: ref('sku_id').notNull().references(() => skus.id),
  supplierId: ref('supplier_id').notNull().references(() => suppliers.id),
  packSize: integer('pack_size').notNull().default(1),
  priceBreaks: jsonb('price_breaks').$type<PriceBreak[]>().notNull().default([]),
  reliability: doublePrecision('reliability').notNull().default(1),
  leadTimeSdDays: doublePrecision('lead_time_sd_days').notNull().default(0),
  /** Most units this supplier can deliver per order; null: no limit. */
  capacity: integer('capacity'),
}, (t) => [
  primaryKey({ columns: [t.skuId, t.supplierId] }),
  check('supplier_terms_pack_check', sql`${t.packSize} >= 1`),
  check('supplier_terms_reliability_check', sql`${t.reliability} > 0 and ${t.reliability} <= 1`),
]);

/**
 * 补货建议: buy from a supplier, or transfer from the central warehouse. The step replaces the
 * `proposed` rows of its as-of date; decided rows stay.
 */
export const replenishmentProposals = pgTable('replenishment_proposals', {
  id: id(),
  asOf: date('as_of').notNull(),
  skuId: ref('sku_id').notNull().references(() => skus.id),
  warehouseId: ref('warehouse_id').notNull().references(() => warehouses.id),
  kind: text('kind').notNull(),
  supplierId: ref('supplier_id').references(() => suppliers.id),
  fromWarehouseId: ref('from_warehouse_id').references(() => warehouses.id),
  quantity: integer('quantity').notNull(),
  unitCost: money('unit_cost'),
  amount: money('amount'),
  orderBy: date('order_by').notNull(),
  expectedArrival: date('expected_arrival'),
  reason: text('reason').notNull(),
  status: text('status').notNull().default('proposed'),
  decidedBy: text('decided_by'),
  decidedAt: tstz('decided_at'),
  purchaseOrderId: ref('purchase_order_id'),
  createdAt: createdAt(),
}, (t) => [
  index('replenishment_proposals_as_of_idx').on(t.asOf, t.status),
  check('replenishment_proposals_kind_check', sql`${t.kind} in ('purchase','transfer')`),
  check('replenishment_proposals_status_check', sql`${t.status} in ('proposed','approved','rejected')`),
  check('replenishment_proposals_quantity_check', sql`${t.quantity} > 0`),
]);

export const purchaseOrders = pgTable('purchase_orders', {
  id: id(),
  supplierId: ref('supplier_id').notNull().references(() => suppliers.id),
  warehouseId: ref('warehouse_id').notNull().references(() => warehouses.id),
  status: text('status').notNull().default('open'),
  expectedAt: date('expected_at'),
  totalAmount: money('total_amount').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
}, (t) => [check('purchase_orders_status_check', sql`${t.status} in ('open','received','cancelled')`)]);

export const purchaseOrderLines = pgTable('purchase_order_lines', {
  id: id(),
  purchaseOrderId: ref('purchase_order_id').notNull().references(() => purchaseOrders.id, { onDelete: 'cascade' }),
  skuId: ref('sku_id').notNull().references(() => skus.id),
  quantity: integer('quantity').notNull(),
  receivedQuantity: integer('received_quantity').notNull().default(0),
  unitCost: money('unit_cost').notNull(),
  proposalId: ref('proposal_id').references(() => replenishmentProposals.id),
}, (t) => [
  index('purchase_order_lines_po_idx').on(t.purchaseOrderId),
  check('purchase_order_lines_quantity_check', sql`${t.quantity} > 0 and ${t.receivedQuantity} >= 0 and ${t.receivedQuantity} <= ${t.quantity}`),
]);
