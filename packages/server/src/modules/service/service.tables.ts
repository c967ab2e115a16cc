import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, real, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, provenance, ref, tstz } from '../../db/columns.js';

export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_CHANNELS = ['api', 'order_page', 'email', 'chat', 'phone'] as const;

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
  priority: text('priority').notNull().default('normal'),
  /** Customer tier the SLA policy was chosen by (standard, vip, …). */
  tier: text('tier').notNull().default('standard'),
  assigneeId: ref('assignee_id'),
  slaPolicyId: ref('sla_policy_id'),
  firstResponseDueAt: tstz('first_response_due_at'),
  firstResponseWarnAt: tstz('first_response_warn_at'),
  resolutionDueAt: tstz('resolution_due_at'),
  resolutionWarnAt: tstz('resolution_warn_at'),
  closedAt: tstz('closed_at'),
  updatedAt: tstz('updated_at'),
}, (t) => [
  uniqueIndex('tickets_source_external_id_key').on(t.source, t.externalId),
  index('tickets_created_at_idx').on(t.createdAt),
  // The customer 360 lists a customer's tickets, newest first; erasure finds them by customer.
  index('tickets_customer_idx').on(t.customerId, t.createdAt),
  index('tickets_status_idx').on(t.status, t.resolutionDueAt),
  check('tickets_status_check', sql`${t.status} in ('open','pending','resolved','closed')`),
  check('tickets_rating_check', sql`${t.rating} between 1 and 5`),
  check('tickets_priority_check', sql`${t.priority} in ('low','normal','high','urgent')`),
]);

/** The timeline of a ticket: replies, internal notes, status changes, assignments, ratings. */
export const ticketEvents = pgTable('ticket_events', {
  id: id(),
  ticketId: ref('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  authorId: ref('author_id'),
  authorName: text('author_name').notNull(),
  body: text('body'),
  internal: boolean('internal').notNull().default(false),
  data: jsonb('data'),
  createdAt: createdAt(),
}, (t) => [
  index('ticket_events_ticket_idx').on(t.ticketId, t.id),
  check('ticket_events_kind_check', sql`${t.kind} in ('reply','note','status','assign','priority','csat','macro')`),
]);

/** First-response and resolution targets by priority and customer tier, in business minutes of a calendar. */
export const slaPolicies = pgTable('sla_policies', {
  id: id(),
  name: text('name').notNull(),
  priority: text('priority').notNull(),
  tier: text('tier').notNull().default('standard'),
  firstResponseMinutes: integer('first_response_minutes').notNull(),
  resolutionMinutes: integer('resolution_minutes').notNull(),
  warnFraction: real('warn_fraction').notNull().default(0.8),
  /** A BusinessCalendar (time zone, weekly hours, holidays, 调休 working days). */
  calendar: jsonb('calendar').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('sla_policies_priority_tier_key').on(t.priority, t.tier)]);

/** Users who take tickets, with the categories they handle (skills) for skill-based assignment. */
export const serviceAgents = pgTable('service_agents', {
  userId: ref('user_id').primaryKey(),
  skills: jsonb('skills').notNull().default(sql`'[]'::jsonb`),
  active: boolean('active').notNull().default(true),
  lastAssignedAt: tstz('last_assigned_at'),
});

/** Canned replies that may also set status and priority. */
export const serviceMacros = pgTable('service_macros', {
  id: id(),
  name: text('name').notNull().unique(),
  body: text('body').notNull(),
  setStatus: text('set_status'),
  setPriority: text('set_priority'),
  createdAt: createdAt(),
});

/** Net Promoter Score survey answers (0–10). */
export const npsResponses = pgTable('nps_responses', {
  id: id(),
  customerId: ref('customer_id'),
  score: smallint('score').notNull(),
  comment: text('comment'),
  createdAt: createdAt(),
}, (t) => [check('nps_responses_score_check', sql`${t.score} between 0 and 10`), index('nps_responses_created_at_idx').on(t.createdAt)]);

export const reviews = pgTable('reviews', {
  id: id(),
  ...provenance(),
  orderId: ref('order_id'),
  skuId: ref('sku_id').notNull(),
  customerId: ref('customer_id'),
  rating: smallint('rating').notNull(),
  body: text('body').notNull(),
  createdAt: createdAt(),
  /** Set by the review classifier (packages/algorithms/src/text). */
  topic: text('topic'),
  sentiment: text('sentiment'),
  sentimentScore: real('sentiment_score'),
  classifiedAt: tstz('classified_at'),
}, (t) => [
  uniqueIndex('reviews_source_external_id_key').on(t.source, t.externalId),
  index('reviews_sku_idx').on(t.skuId),
  check('reviews_rating_check', sql`${t.rating} between 1 and 5`),
]);
