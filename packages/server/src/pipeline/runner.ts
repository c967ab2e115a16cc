import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { getStoreSettings } from '../modules/store/index.js';
import { orderSteps, withDependencies } from './dag.js';
import { pipelineRuns } from './pipeline.tables.js';
import type { PipelineStep } from './pipeline.types.js';
import { stepLockKey } from './step-lock.js';

export interface RunOptions {
  asOf: string;
  /** Run only this step (and what it depends on). */
  step?: string | undefined;
  /** Steps that build incrementally rebuild everything instead (StepContext.full). */
  full?: boolean | undefined;
  onProgress?: (step: string, fraction: number) => void;
}

export interface StepResult {
  step: string;
  status: 'succeeded' | 'failed' | 'not_run';
  rows?: number;
  /** The step's own account of the run (StepOutcome.detail). */
  detail?: string;
  error?: string;
  durationMs?: number;
}

/**
 * Run steps in dependency order. Each step runs in one transaction under an advisory lock for
 * its name (so two workers never run the same step at once), with a run record written before
 * it starts and completed after; a failure rolls the step back, records the error, and leaves
 * the steps that depend on it not run. Re-running is safe: steps replace their as-of results.
 */
export async function runPipeline(database: Database, steps: readonly PipelineStep[], opts: RunOptions): Promise<StepResult[]> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new Error(`asOf: expected YYYY-MM-DD, got '${opts.asOf}'`);
  const { db } = database;
  const { timeZone } = await getStoreSettings(db);
  const plan = opts.step ? withDependencies(steps, opts.step) : orderSteps(steps);
  const failed = new Set<string>();
  const results: StepResult[] = [];
  for (const step of plan) {
    if (step.dependsOn.some((d) => failed.has(d))) {
      failed.add(step.name);
      results.push({ step: step.name, status: 'not_run', error: 'a step it depends on failed' });
      continue;
    }
    const started = Date.now();
    const [run] = await db.insert(pipelineRuns).values({ step: step.name, asOf: opts.asOf, status: 'running', progress: '0' }).returning({ id: pipelineRuns.id });
    const runId = run!.id;
    let lastWritten = 0;
    const progress = (fraction: number) => {
      opts.onProgress?.(step.name, fraction);
      // Throttled: a progress update is a write outside the step's transaction.
      if (fraction - lastWritten >= 0.1 || fraction >= 1) {
        lastWritten = fraction;
        if (database.driver === 'postgres') void db.update(pipelineRuns).set({ progress: fraction.toFixed(2) }).where(eq(pipelineRuns.id, runId)).catch(() => {});
      }
    };
    try {
      const { rows, detail } = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${stepLockKey(step.name)})`);
        // A run left 'running' by a process that died is over; say so.
        await tx.update(pipelineRuns).set({ status: 'failed', error: 'interrupted', finishedAt: new Date() })
          .where(and(eq(pipelineRuns.step, step.name), eq(pipelineRuns.status, 'running'), ne(pipelineRuns.id, runId)));
        return step.run({ tx, database, asOf: opts.asOf, timeZone, full: opts.full ?? false, progress });
      });
      await db.update(pipelineRuns).set({ status: 'succeeded', rows, progress: '1', finishedAt: new Date() }).where(eq(pipelineRuns.id, runId));
      opts.onProgress?.(step.name, 1);
      results.push({ step: step.name, status: 'succeeded', rows, ...(detail !== undefined ? { detail } : {}), durationMs: Date.now() - started });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      await db.update(pipelineRuns).set({ status: 'failed', error, finishedAt: new Date() }).where(eq(pipelineRuns.id, runId));
      failed.add(step.name);
      results.push({ step: step.name, status: 'failed', error, durationMs: Date.now() - started });
    }
  }
  return results;
}

/** The latest run records, newest first. */
export async function listRuns(database: Database, limit = 50) {
  return database.db.select().from(pipelineRuns).orderBy(desc(pipelineRuns.startedAt), desc(pipelineRuns.id)).limit(limit);
}
