import { boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, tstz } from '../../db/columns.js';

/** How long personal data of each kind is kept; the retention-purge pipeline step applies them. */
export const retentionPolicies = pgTable('retention_policies', {
  key: text('key').primaryKey(),
  days: integer('days').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/** Moderation outcomes and overrides: what the list decided, and who overrode it and why. */
export const moderationDecisions = pgTable('moderation_decisions', {
  id: id(),
  kind: text('kind').notNull(),
  /** What was checked, e.g. "product:12" or "review:7"; null for an ad-hoc check. */
  subject: text('subject'),
  action: text('action').notNull(),
  severity: text('severity'),
  hits: jsonb('hits').notNull(),
  listVersion: text('list_version').notNull(),
  overrideAction: text('override_action'),
  overrideBy: ref('override_by'),
  overrideReason: text('override_reason'),
  overriddenAt: tstz('overridden_at'),
  createdAt: createdAt(),
}, (t) => [index('moderation_decisions_subject_idx').on(t.subject)]);
