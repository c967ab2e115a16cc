import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref, tstz } from '../../db/columns.js';
import { skus } from '../catalog/catalog.tables.js';

const STAGES = sql.raw(`'intro','growth','maturity','decline'`);

/** Lifecycle stage per SKU on an as-of date, with the velocities the rule used (units per week). */
export const productLifecycle = pgTable('product_lifecycle', {
  asOf: date('as_of').notNull(),
  skuId: ref('sku_id').notNull().references(() => skus.id),
  stage: text('stage').notNull(),
  ageWeeks: integer('age_weeks').notNull(),
  velocity: doublePrecision('velocity').notNull(),
  previousVelocity: doublePrecision('previous_velocity').notNull(),
  peakVelocity: doublePrecision('peak_velocity').notNull(),
  change: doublePrecision('change'),
}, (t) => [
  primaryKey({ columns: [t.asOf, t.skuId] }),
  check('product_lifecycle_stage_check', sql`${t.stage} in (${STAGES})`),
]);

/** Stage history: the week (its first day) a SKU entered a stage. Recomputed up to each as-of date. */
export const productStageChanges = pgTable('product_stage_changes', {
  skuId: ref('sku_id').notNull().references(() => skus.id),
  weekStart: date('week_start').notNull(),
  fromStage: text('from_stage'),
  toStage: text('to_stage').notNull(),
}, (t) => [primaryKey({ columns: [t.skuId, t.weekStart] })]);

/** Selection-score weights (one row, id 1; defaults when absent). */
export const selectionWeights = pgTable('selection_weights', {
  id: integer('id').primaryKey(),
  weights: jsonb('weights').$type<Record<string, number>>().notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [check('selection_weights_singleton', sql`${t.id} = 1`)]);

/** Candidate products (选品候选), entered by hand or CSV, scored with the same weights. */
export const productCandidates = pgTable('product_candidates', {
  id: id(),
  name: text('name').notNull(),
  category: text('category'),
  price: money('price'),
  unitCost: money('unit_cost'),
  demandTrend: doublePrecision('demand_trend'),
  returnRate: doublePrecision('return_rate'),
  rating: doublePrecision('rating'),
  supplyReliability: doublePrecision('supply_reliability'),
  competition: doublePrecision('competition'),
  source: text('source').notNull().default('manual'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('product_candidates_name_key').on(t.name),
  index('product_candidates_created_idx').on(t.createdAt),
  check('product_candidates_source_check', sql`${t.source} in ('manual','csv')`),
]);
