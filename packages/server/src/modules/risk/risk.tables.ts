import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, tstz } from '../../db/columns.js';

export const RISK_CATEGORIES = ['market', 'supply', 'compliance', 'security', 'operations'] as const;

/** The risk register: each risk on the 5 × 5 likelihood × impact matrix. */
export const risks = pgTable('risks', {
  id: id(),
  title: text('title').notNull(),
  category: text('category').notNull(),
  likelihood: smallint('likelihood').notNull(),
  impact: smallint('impact').notNull(),
  ownerId: ref('owner_id'),
  controls: text('controls').notNull().default(''),
  reviewOn: date('review_on'),
  status: text('status').notNull().default('open'),
  createdAt: createdAt(),
  updatedAt: tstz('updated_at'),
}, (t) => [
  check('risks_category_check', sql`${t.category} in ('market','supply','compliance','security','operations')`),
  check('risks_likelihood_check', sql`${t.likelihood} between 1 and 5`),
  check('risks_impact_check', sql`${t.impact} between 1 and 5`),
  check('risks_status_check', sql`${t.status} in ('open','mitigated','closed')`),
]);

/** Early-warning indicators: a metric from a built-in source, a threshold, the risk it warns of. */
export const riskIndicators = pgTable('risk_indicators', {
  id: id(),
  riskId: ref('risk_id').notNull().references(() => risks.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  metric: text('metric').notNull(),
  comparator: text('comparator').notNull(),
  threshold: doublePrecision('threshold').notNull(),
  windowDays: integer('window_days').notNull().default(7),
  /** Open an incident of this level when breached (null: warn only). */
  incidentLevel: smallint('incident_level'),
  lastValue: doublePrecision('last_value'),
  lastState: text('last_state'),
  lastEvaluatedOn: date('last_evaluated_on'),
  createdAt: createdAt(),
}, (t) => [check('risk_indicators_comparator_check', sql`${t.comparator} in ('>','>=','<','<=')`)]);

/** Who is on call for each response level, in escalation order. */
export const onCall = pgTable('on_call', {
  level: smallint('level').notNull(),
  position: smallint('position').notNull(),
  userId: ref('user_id').notNull(),
}, (t) => [uniqueIndex('on_call_level_position_key').on(t.level, t.position)]);

/** Incidents with 三级响应 levels: 1 (一级, most severe) … 3. */
export const incidents = pgTable('incidents', {
  id: id(),
  title: text('title').notNull(),
  level: smallint('level').notNull(),
  status: text('status').notNull().default('open'),
  riskId: ref('risk_id'),
  indicatorId: ref('indicator_id'),
  ownerId: ref('owner_id'),
  escalationStep: smallint('escalation_step').notNull().default(0),
  ackDueAt: tstz('ack_due_at'),
  acknowledgedAt: tstz('acknowledged_at'),
  resolvedAt: tstz('resolved_at'),
  drill: boolean('drill').notNull().default(false),
  /** One incident per cause and day: e.g. "indicator:4:2026-11-23". */
  dedupeKey: text('dedupe_key'),
  review: jsonb('review'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('incidents_dedupe_key').on(t.dedupeKey),
  index('incidents_status_idx').on(t.status, t.ackDueAt),
  check('incidents_level_check', sql`${t.level} between 1 and 3`),
  check('incidents_status_check', sql`${t.status} in ('open','acknowledged','resolved','closed')`),
]);

export const incidentEvents = pgTable('incident_events', {
  id: id(),
  incidentId: ref('incident_id').notNull().references(() => incidents.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  actorName: text('actor_name').notNull(),
  body: text('body'),
  data: jsonb('data'),
  at: tstz('at').notNull(),
}, (t) => [index('incident_events_incident_idx').on(t.incidentId, t.id)]);

/** Where incident notifications go besides the console: signed JSON POSTs. */
export const incidentWebhooks = pgTable('incident_webhooks', {
  id: id(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});
