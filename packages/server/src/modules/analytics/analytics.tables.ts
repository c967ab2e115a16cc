import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref, tstz } from '../../db/columns.js';
import { DEVICES } from '../orders/orders.tables.js';

/** A goal's or rule's device scope: null (every device) or one device of orders and sessions. */
const deviceScopeCheck = (column: unknown) => sql`${column} is null or ${column} in (${sql.raw(DEVICES.map((d) => `'${d}'`).join(', '))})`;

/**
 * Daily KPI rollup by channel and device (business days in the store time zone), written by the
 * `kpi-daily` pipeline step. Additive columns sum over days and splits; `buyers` is distinct per
 * row and so does not.
 */
export const kpiDaily = pgTable('kpi_daily', {
  day: date('day').notNull(),
  channelId: ref('channel_id').notNull(),
  device: text('device').notNull(),
  orders: integer('orders').notNull(),
  gmv: money('gmv').notNull(),
  paidAmount: money('paid_amount').notNull(),
  refunds: money('refunds').notNull(),
  cogs: money('cogs').notNull(),
  buyers: integer('buyers').notNull(),
  newBuyers: integer('new_buyers').notNull(),
  visitors: integer('visitors').notNull(),
  convertedVisitors: integer('converted_visitors').notNull(),
  pageViews: integer('page_views').notNull(),
}, (t) => [primaryKey({ columns: [t.day, t.channelId, t.device] })]);

/** A KPI target: a metric of metrics.md over a period [starts_on, ends_on), overall, for one channel, one device, or both. */
export const goals = pgTable('goals', {
  id: id(),
  name: text('name').notNull(),
  metric: text('metric').notNull(),
  channelId: ref('channel_id'),
  /** Null: every device. */
  device: text('device'),
  startsOn: date('starts_on').notNull(),
  /** Exclusive end of the period. */
  endsOn: date('ends_on').notNull(),
  /** `absolute`: reach `target`; `yoy_change`: reach last year's same period × (1 + target). */
  targetKind: text('target_kind').notNull().default('absolute'),
  target: doublePrecision('target').notNull(),
  /** `at_least` (GMV, conversion) or `at_most` (CPC, refund rate). */
  direction: text('direction').notNull().default('at_least'),
  owner: text('owner').notNull(),
  createdAt: createdAt(),
}, (t) => [
  check('goals_period_check', sql`${t.endsOn} > ${t.startsOn}`),
  check('goals_target_kind_check', sql`${t.targetKind} in ('absolute', 'yoy_change')`),
  check('goals_direction_check', sql`${t.direction} in ('at_least', 'at_most')`),
  check('goals_device_check', deviceScopeCheck(t.device)),
]);

/** A rule evaluated by the `alert-rules` step each day: a metric, a scope, a condition and a severity. */
export const alertRules = pgTable('alert_rules', {
  id: id(),
  name: text('name').notNull(),
  metric: text('metric').notNull(),
  channelId: ref('channel_id'),
  /** Null: every device. */
  device: text('device'),
  /** `threshold` | `change` | `anomaly`; its parameters in `params` (docs/analytics.md). */
  condition: text('condition').notNull(),
  params: jsonb('params').notNull(),
  severity: text('severity').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [
  check('alert_rules_condition_check', sql`${t.condition} in ('threshold', 'change', 'anomaly')`),
  check('alert_rules_severity_check', sql`${t.severity} in ('info', 'warning', 'critical')`),
  check('alert_rules_device_check', deviceScopeCheck(t.device)),
]);

/** An alert opened by a rule, a goal at risk, or another module; `key` makes opening idempotent. */
export const alerts = pgTable('alerts', {
  id: id(),
  key: text('key').notNull(),
  source: text('source').notNull(),
  ruleId: ref('rule_id'),
  goalId: ref('goal_id'),
  severity: text('severity').notNull(),
  title: text('title').notNull(),
  day: date('day'),
  evidence: jsonb('evidence').notNull(),
  status: text('status').notNull().default('open'),
  openedAt: tstz('opened_at').notNull().defaultNow(),
  acknowledgedAt: tstz('acknowledged_at'),
  acknowledgedBy: text('acknowledged_by'),
}, (t) => [
  uniqueIndex('alerts_key_key').on(t.key),
  index('alerts_status_opened_idx').on(t.status, t.openedAt),
  check('alerts_status_check', sql`${t.status} in ('open', 'acknowledged')`),
  check('alerts_severity_check', sql`${t.severity} in ('info', 'warning', 'critical')`),
]);

// ---- The read model's rollups (docs/analytics.md "Speed"), written by the `analytics-rollups` step ----

/**
 * Additive figures per business day, channel and device: counted orders, GMV, paid amount and
 * cost of goods by placement day; refunds and their cost by refund day under the order's
 * channel and device (the refund's own channel, or 0 when it has none; device '' when unlinked).
 */
export const analyticsSalesDaily = pgTable('analytics_sales_daily', {
  day: date('day').notNull(),
  /** 0: a refund with no channel (counted only in store-wide figures). */
  channelId: bigint('channel_id', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  orders: integer('orders').notNull(),
  gmv: money('gmv').notNull(),
  paidAmount: money('paid_amount').notNull(),
  cogs: money('cogs').notNull(),
  refunds: money('refunds').notNull(),
  refundCost: money('refund_cost').notNull(),
}, (t) => [primaryKey({ columns: [t.day, t.channelId, t.device] })]);

/**
 * Distinct counts that add across days: each (visitor or customer, day, grouping) that reached a
 * level is counted under its gap — the days since the same entity last reached that level in the
 * same grouping (null: never before). A range [from, to) counts the rows of its days whose gap is
 * null or longer than (day − from): each entity exactly once, on its first day in the range.
 * grain 0: store-wide (channel_id 0, device ''); 1: per channel (device ''); 2: per device
 * (channel_id 0); 3: per channel and device. Levels: 0 visitor, 1 product viewer, 2 add-to-cart,
 * 3 checkout, 4 converted (a counted order), 5 paid; 10 buyer; 11 repurchase (one row per order,
 * gap to the previous order, gap2 to the one before: counted when the order is the second in the
 * range); 12 new buyer (gap2 = days since the customer's first-ever order: counted when that is
 * in the range too).
 */
export const analyticsDistinctDaily = pgTable('analytics_distinct_daily', {
  grain: smallint('grain').notNull(),
  level: smallint('level').notNull(),
  day: date('day').notNull(),
  channelId: bigint('channel_id', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  gap: integer('gap'),
  gap2: integer('gap2'),
  n: integer('n').notNull(),
}, (t) => [index('analytics_distinct_daily_idx').on(t.grain, t.level, t.day)]);

/** Customers by the month of their first counted order (cohort) × a month they ordered in. */
export const analyticsCohortMonths = pgTable('analytics_cohort_months', {
  cohort: date('cohort').notNull(),
  month: date('month').notNull(),
  customers: integer('customers').notNull(),
}, (t) => [primaryKey({ columns: [t.cohort, t.month] })]);

/** Each customer's first counted order day (up to the watermark). */
export const analyticsCustomerFirst = pgTable('analytics_customer_first', {
  customerId: bigint('customer_id', { mode: 'number' }).primaryKey(),
  firstDay: date('first_day').notNull(),
});

/**
 * 渠道与营销 by placement day and the channel and campaign each counted order is attributed to
 * (channels.ts, last non-direct touch; campaign 0: none): orders, GMV, margin before refunds
 * (paid − cost of goods) and orders that were their customer's first.
 */
export const analyticsAttributedDaily = pgTable('analytics_attributed_daily', {
  day: date('day').notNull(),
  channelId: bigint('channel_id', { mode: 'number' }).notNull(),
  campaignId: bigint('campaign_id', { mode: 'number' }).notNull(),
  orders: integer('orders').notNull(),
  gmv: money('gmv').notNull(),
  margin: money('margin').notNull(),
  newBuyers: integer('new_buyers').notNull(),
}, (t) => [primaryKey({ columns: [t.day, t.channelId, t.campaignId] })]);

/**
 * Refunds of those orders, net of their returned cost, by the order's placement day and
 * attribution and the refund's day: a range's margin takes its orders' refunds up to its end.
 */
export const analyticsAttributedRefunds = pgTable('analytics_attributed_refunds', {
  day: date('day').notNull(),
  refundDay: date('refund_day').notNull(),
  channelId: bigint('channel_id', { mode: 'number' }).notNull(),
  campaignId: bigint('campaign_id', { mode: 'number' }).notNull(),
  net: money('net').notNull(),
}, (t) => [primaryKey({ columns: [t.day, t.refundDay, t.channelId, t.campaignId] })]);

/**
 * 商品分析 per business day, channel and SKU: units, orders, GMV, paid amount and cost of the
 * SKU's lines in counted orders by placement day; its refund lines (amount, count) by refund day
 * under the order's channel (the refund's own when unlinked). Channel 0 holds the whole store's
 * row of the day and SKU (a refund with no channel counts only there), so a store-wide read takes
 * one row per SKU and day, not one per channel.
 */
export const analyticsSkuDaily = pgTable('analytics_sku_daily', {
  day: date('day').notNull(),
  channelId: bigint('channel_id', { mode: 'number' }).notNull(),
  skuId: bigint('sku_id', { mode: 'number' }).notNull(),
  units: bigint('units', { mode: 'number' }).notNull(),
  orders: integer('orders').notNull(),
  gmv: money('gmv').notNull(),
  paidAmount: money('paid_amount').notNull(),
  cogs: money('cogs').notNull(),
  refunds: money('refunds').notNull(),
  refundedLines: integer('refunded_lines').notNull(),
}, (t) => [primaryKey({ columns: [t.channelId, t.day, t.skuId] })]); // a read takes one channel's (or the store's) days

/** The rollups' watermark: every day up to it is in them; later days are read from the facts. */
export const analyticsRollupState = pgTable('analytics_rollup_state', {
  name: text('name').primaryKey(),
  watermark: date('watermark').notNull(),
  builtAt: tstz('built_at').notNull().defaultNow(),
});
