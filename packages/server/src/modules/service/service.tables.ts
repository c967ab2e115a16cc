import { sql } from 'drizzle-orm';
import { check, index, pgTable, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, provenance, ref, tstz } from '../../db/columns.js';

export const tickets = pgTable('tickets', {
  id: id(),
  ...provenance(),
  customerId: ref('customer_id'),
  orderId: ref('order_id'),
  channel: text('channel').notNull(),
  category: text('category').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  status: text('status').notNull().default('open'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  firstResponseAt: tstz('first_response_at'),
  resolvedAt: tstz('resolved_at'),
  /** Satisfaction rating 1–5 given after resolution. */
  rating: smallint('rating'),
}, (t) => [
  uniqueIndex('tickets_source_external_id_key').on(t.source, t.externalId),
  index('tickets_created_at_idx').on(t.createdAt),
  check('tickets_status_check', sql`${t.status} in ('open','pending','resolved','closed')`),
  check('tickets_rating_check', sql`${t.rating} between 1 and 5`),
]);

export const reviews = pgTable('reviews', {
  id: id(),
  ...provenance(),
  orderId: ref('order_id'),
  skuId: ref('sku_id').notNull(),
  customerId: ref('customer_id'),
  rating: smallint('rating').notNull(),
  body: text('body').notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('reviews_source_external_id_key').on(t.source, t.externalId),
  index('reviews_sku_idx').on(t.skuId),
  check('reviews_rating_check', sql`${t.rating} between 1 and 5`),
]);
