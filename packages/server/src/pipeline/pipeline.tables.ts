import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { id, tstz } from '../db/columns.js';

export const pipelineRuns = pgTable('pipeline_runs', {
  id: id(),
  step: text('step').notNull(),
  asOf: date('as_of').notNull(),
  status: text('status').notNull(),
  startedAt: tstz('started_at').notNull().defaultNow(),
  finishedAt: tstz('finished_at'),
  rows: integer('rows'),
  error: text('error'),
  /** Last reported progress, 0..1. */
  progress: text('progress'),
}, (t) => [
  index('pipeline_runs_step_idx').on(t.step, t.startedAt),
  check('pipeline_runs_status_check', sql`${t.status} in ('running','succeeded','failed')`),
]);
