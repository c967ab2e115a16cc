import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, index, integer, pgTable, primaryKey, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref } from '../../db/columns.js';
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
