import { sql } from 'drizzle-orm';
import { boolean, check, date, integer, pgTable, primaryKey, text, uniqueIndex, index } from 'drizzle-orm/pg-core';
import { createdAt, id, money, provenance, ref } from '../../db/columns.js';

export const categories = pgTable('categories', {
  id: id(),
  name: text('name').notNull(),
  parentId: ref('parent_id'),
}, (t) => [uniqueIndex('categories_name_parent_key').on(t.name, sql`coalesce(${t.parentId}, 0)`)]);

export const suppliers = pgTable('suppliers', {
  id: id(),
  ...provenance(),
  name: text('name').notNull(),
  region: text('region'),
  defaultLeadTimeDays: integer('default_lead_time_days').notNull().default(7),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('suppliers_source_external_id_key').on(t.source, t.externalId)]);

export const products = pgTable('products', {
  id: id(),
  ...provenance(),
  name: text('name').notNull(),
  categoryId: ref('category_id').references(() => categories.id),
  brand: text('brand'),
  status: text('status').notNull().default('active'),
  launchedOn: date('launched_on'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('products_source_external_id_key').on(t.source, t.externalId),
  check('products_status_check', sql`${t.status} in ('draft','active','retired')`),
]);

export const skus = pgTable('skus', {
  id: id(),
  ...provenance(),
  productId: ref('product_id').notNull().references(() => products.id),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** List price in minor units. */
  price: money('price').notNull(),
  /** Current unit cost in minor units; null when unknown (e.g. imported sales data). */
  unitCost: money('unit_cost'),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('skus_source_external_id_key').on(t.source, t.externalId),
  index('skus_product_idx').on(t.productId),
  check('skus_price_check', sql`${t.price} >= 0`),
  check('skus_unit_cost_check', sql`${t.unitCost} >= 0`),
]);

export const skuSuppliers = pgTable('sku_suppliers', {
  skuId: ref('sku_id').notNull().references(() => skus.id),
  supplierId: ref('supplier_id').notNull().references(() => suppliers.id),
  unitCost: money('unit_cost').notNull(),
  leadTimeDays: integer('lead_time_days').notNull(),
  minOrderQty: integer('min_order_qty').notNull().default(1),
  primary: boolean('is_primary').notNull().default(false),
}, (t) => [
  primaryKey({ columns: [t.skuId, t.supplierId] }),
  check('sku_suppliers_lead_time_check', sql`${t.leadTimeDays} >= 0`),
  check('sku_suppliers_moq_check', sql`${t.minOrderQty} >= 1`),
]);
