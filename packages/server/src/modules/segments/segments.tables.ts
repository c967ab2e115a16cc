import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref, tstz } from '../../db/columns.js';
import { customers } from '../customers/customers.tables.js';

export const LIFECYCLE_STAGES = ['new', 'active', 'at_risk', 'churned', 'won_back'] as const;
export const CHURN_RISK_BANDS = ['low', 'medium', 'high', 'critical'] as const;

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/**
 * One BG/NBD + Gamma-Gamma fit per calibration end (the `clv` step's as-of date): the parameters,
 * log-likelihoods and the cohort it was fitted on. γ is in major currency units (yuan, dollars).
 */
export const clvFits = pgTable('clv_fits', {
  id: id(),
  calibrationEnd: date('calibration_end').notNull(),
  unitDays: integer('unit_days').notNull(),
  horizonDays: integer('horizon_days').notNull(),
  r: doublePrecision('r').notNull(),
  alpha: doublePrecision('alpha').notNull(),
  a: doublePrecision('a').notNull(),
  b: doublePrecision('b').notNull(),
  bgnbdLogLikelihood: doublePrecision('bgnbd_log_likelihood').notNull(),
  p: doublePrecision('p'),
  q: doublePrecision('q'),
  gamma: doublePrecision('gamma'),
  gammaGammaLogLikelihood: doublePrecision('gamma_gamma_log_likelihood'),
  customers: integer('customers').notNull(),
  repeatCustomers: integer('repeat_customers').notNull(),
  /** Store-wide gross margin share over the calibration period (null when no costs are known). */
  marginRatio: doublePrecision('margin_ratio'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('clv_fits_calibration_end_key').on(t.calibrationEnd)]);

/** Per-customer scores of a fit. Amounts in minor units; purchases over the fit's horizon. */
export const customerClvScores = pgTable('customer_clv_scores', {
  fitId: ref('fit_id').notNull().references(() => clvFits.id, { onDelete: 'cascade' }),
  customerId: ref('customer_id').notNull().references(() => customers.id),
  x: integer('x').notNull(),
  tx: doublePrecision('t_x').notNull(),
  t: doublePrecision('t').notNull(),
  pAlive: doublePrecision('p_alive').notNull(),
  expectedPurchases: doublePrecision('expected_purchases').notNull(),
  expectedSpend: money('expected_spend').notNull(),
  clvGmv: money('clv_gmv').notNull(),
  clvMargin: money('clv_margin'),
  churnRisk: text('churn_risk').notNull(),
  expectedNextOrder: date('expected_next_order'),
}, (t) => [
  primaryKey({ columns: [t.fitId, t.customerId] }),
  index('customer_clv_scores_customer_idx').on(t.customerId),
  check('customer_clv_scores_churn_risk_check', sql`${t.churnRisk} in (${inList(CHURN_RISK_BANDS)})`),
]);

/**
 * RFM scores, group, stratum and lifecycle stage of every customer as of the last `rfm` run
 * (one row per customer, replaced by each run).
 */
export const customerRfm = pgTable('customer_rfm', {
  customerId: ref('customer_id').primaryKey().references(() => customers.id),
  asOf: date('as_of').notNull(),
  recencyDays: integer('recency_days'),
  frequency: integer('frequency').notNull(),
  monetary: money('monetary').notNull(),
  r: smallint('r'),
  f: smallint('f'),
  m: smallint('m'),
  rfmGroup: text('rfm_group').notNull(),
  stratum: text('stratum').notNull(),
  /** Null for a customer who has never bought. */
  lifecycleStage: text('lifecycle_stage'),
  lastOrderDay: date('last_order_day'),
  totalSpend: money('total_spend').notNull(),
}, (t) => [
  index('customer_rfm_group_idx').on(t.rfmGroup),
  check('customer_rfm_stage_check', sql`${t.lifecycleStage} is null or ${t.lifecycleStage} in (${inList(LIFECYCLE_STAGES)})`),
]);

/** A customer's lifecycle history: one row per day their stage changed (from null: first stage). */
export const lifecycleTransitions = pgTable('lifecycle_transitions', {
  id: id(),
  customerId: ref('customer_id').notNull().references(() => customers.id),
  day: date('day').notNull(),
  fromStage: text('from_stage'),
  toStage: text('to_stage').notNull(),
}, (t) => [
  uniqueIndex('lifecycle_transitions_customer_day_key').on(t.customerId, t.day),
  index('lifecycle_transitions_day_idx').on(t.day),
]);

/** A rule-based dynamic segment (rule: the JSON tree of packages/contracts/src/segments.ts). */
export const segments = pgTable('segments', {
  id: id(),
  name: text('name').notNull(),
  description: text('description'),
  rule: jsonb('rule').notNull(),
  /** The as-of date of the last membership computation. */
  computedOn: date('computed_on'),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('segments_name_key').on(t.name)]);

export const segmentMembers = pgTable('segment_members', {
  segmentId: ref('segment_id').notNull().references(() => segments.id, { onDelete: 'cascade' }),
  customerId: ref('customer_id').notNull().references(() => customers.id),
  since: date('since').notNull(),
}, (t) => [primaryKey({ columns: [t.segmentId, t.customerId] }), index('segment_members_customer_idx').on(t.customerId)]);

/** Entered / left events of segment membership, one per customer, segment, day and kind. */
export const segmentEvents = pgTable('segment_events', {
  id: id(),
  segmentId: ref('segment_id').notNull().references(() => segments.id, { onDelete: 'cascade' }),
  customerId: ref('customer_id').notNull().references(() => customers.id),
  day: date('day').notNull(),
  kind: text('kind').notNull(),
}, (t) => [
  uniqueIndex('segment_events_key').on(t.segmentId, t.customerId, t.day, t.kind),
  check('segment_events_kind_check', sql`${t.kind} in ('entered', 'left')`),
]);

/** An action taken on a segment's members at one moment (coupon, tag, campaign hand-off, win-back). */
export const segmentActions = pgTable('segment_actions', {
  id: id(),
  segmentId: ref('segment_id').notNull().references(() => segments.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  /** 'pending' until another module (pricing, campaigns) carries it out; 'done' when applied here (tags). */
  status: text('status').notNull(),
  params: jsonb('params').notNull(),
  customers: integer('customers').notNull(),
  totalCost: money('total_cost'),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
}, (t) => [check('segment_actions_kind_check', sql`${t.kind} in ('coupon', 'tag', 'campaign', 'winback')`)]);

/** The customers an action covers, with the offer for each (win-back: capped by CLV share). */
export const segmentActionTargets = pgTable('segment_action_targets', {
  actionId: ref('action_id').notNull().references(() => segmentActions.id, { onDelete: 'cascade' }),
  customerId: ref('customer_id').notNull().references(() => customers.id),
  offerValue: money('offer_value'),
}, (t) => [primaryKey({ columns: [t.actionId, t.customerId] })]);

export const customerTags = pgTable('customer_tags', {
  customerId: ref('customer_id').notNull().references(() => customers.id),
  tag: text('tag').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.customerId, t.tag] })]);
