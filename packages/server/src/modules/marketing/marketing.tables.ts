import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, money, provenance, ref, tstz } from '../../db/columns.js';
import { channels } from '../orders/orders.tables.js';

export const campaigns = pgTable('campaigns', {
  id: id(),
  ...provenance(),
  channelId: ref('channel_id').notNull().references(() => channels.id),
  name: text('name').notNull(),
  objective: text('objective'),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on'),
  budget: money('budget'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('campaigns_source_external_id_key').on(t.source, t.externalId)]);

/** Daily paid-media figures per channel (and campaign, when the spend belongs to one). */
export const marketingSpend = pgTable('marketing_spend', {
  id: id(),
  channelId: ref('channel_id').notNull().references(() => channels.id),
  campaignId: ref('campaign_id').references(() => campaigns.id),
  day: date('day').notNull(),
  impressions: integer('impressions').notNull().default(0),
  clicks: integer('clicks').notNull().default(0),
  spend: money('spend').notNull(),
}, (t) => [
  uniqueIndex('marketing_spend_key').on(t.channelId, sql`coalesce(${t.campaignId}, 0)`, t.day),
  check('marketing_spend_nonnegative', sql`${t.impressions} >= 0 and ${t.clicks} >= 0 and ${t.spend} >= 0`),
]);

/**
 * A visitor session. The funnel counters summarise its events (kept in `traffic_events` when
 * the source sends them one by one), so funnels read one row per session.
 */
export const trafficSessions = pgTable('traffic_sessions', {
  id: id(),
  ...provenance(),
  visitorId: text('visitor_id').notNull(),
  customerId: ref('customer_id'),
  channelId: ref('channel_id').notNull().references(() => channels.id),
  campaignId: ref('campaign_id').references(() => campaigns.id),
  device: text('device').notNull(),
  startedAt: tstz('started_at').notNull(),
  pageViews: integer('page_views').notNull().default(0),
  productViews: integer('product_views').notNull().default(0),
  addToCarts: integer('add_to_carts').notNull().default(0),
  checkouts: integer('checkouts').notNull().default(0),
  orderId: ref('order_id'),
}, (t) => [
  uniqueIndex('traffic_sessions_source_external_id_key').on(t.source, t.externalId),
  index('traffic_sessions_started_at_idx').on(t.startedAt),
  index('traffic_sessions_visitor_idx').on(t.visitorId),
  // Attribution finds an order's converting session (channels report).
  index('traffic_sessions_order_idx').on(t.orderId),
]);

export const TRAFFIC_EVENT_TYPES = ['page_view', 'product_view', 'add_to_cart', 'checkout', 'order'] as const;

export const trafficEvents = pgTable('traffic_events', {
  id: id(),
  sessionId: ref('session_id').notNull().references(() => trafficSessions.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  at: tstz('at').notNull(),
  skuId: ref('sku_id'),
  orderId: ref('order_id'),
  createdAt: createdAt(),
}, (t) => [
  index('traffic_events_session_idx').on(t.sessionId),
  check('traffic_events_type_check', sql`${t.type} in ('page_view','product_view','add_to_cart','checkout','order')`),
]);
