import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, tstz } from '../../db/columns.js';

/** An A/B experiment: variants with weights; units are assigned by hashing (experiment, unit). */
export const experiments = pgTable('experiments', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** What is tested: price, promotion, page, message. */
  kind: text('kind').notNull(),
  /** [{ name, weight }], the first is the control. */
  variants: jsonb('variants').notNull(),
  status: text('status').notNull().default('running'),
  /** What is randomised: a customer, a visitor (traffic_sessions.visitor_id) or a session. */
  unit: text('unit').notNull().default('customer'),
  /** The metric decided on in advance (the results' default): conversion, revenue, aov, repurchase. */
  primaryMetric: text('primary_metric').notNull().default('conversion'),
  /** The start (exposures before it are refused); the creation time unless scheduled. */
  startedAt: tstz('started_at').notNull(),
  /** The planned end (optional): no exposures from then on, later orders do not count. */
  endsAt: tstz('ends_at'),
  stoppedAt: tstz('stopped_at'),
  createdAt: createdAt(),
}, (t) => [
  check('experiments_kind_check', sql`${t.kind} in ('price','promotion','page','message')`),
  check('experiments_status_check', sql`${t.status} in ('running','stopped')`),
  check('experiments_unit_check', sql`${t.unit} in ('customer','visitor','session')`),
  check('experiments_primary_metric_check', sql`${t.primaryMetric} in ('conversion','revenue','aov','repurchase')`),
  check('experiments_window_check', sql`${t.endsAt} is null or ${t.endsAt} > ${t.startedAt}`),
]);

/** The first exposure of a unit (visitor or customer) to an experiment, with its variant. */
export const experimentExposures = pgTable('experiment_exposures', {
  id: id(),
  experimentId: ref('experiment_id').notNull().references(() => experiments.id),
  unit: text('unit').notNull(),
  customerId: ref('customer_id'),
  variant: text('variant').notNull(),
  exposedAt: tstz('exposed_at').notNull(),
}, (t) => [
  uniqueIndex('experiment_exposures_unit_key').on(t.experimentId, t.unit),
  index('experiment_exposures_customer_idx').on(t.customerId),
]);
