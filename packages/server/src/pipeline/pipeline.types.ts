import type { Database, Tx } from '../db/client.js';

export interface StepContext {
  /** The step's transaction: everything it writes lands together or not at all. */
  tx: Tx;
  database: Database;
  /** The business date the step computes for (YYYY-MM-DD, store time zone). */
  asOf: string;
  timeZone: string;
  /**
   * Rebuild from scratch rather than from the step's last state (`pipeline run --full`). Steps
   * that maintain derived data incrementally honour it; the others always rebuild and ignore it.
   */
  full?: boolean;
  /** Report progress, 0..1. */
  progress(fraction: number): void;
}

/**
 * A named pipeline step a module contributes. `run` must be idempotent for its as-of date: it
 * replaces what an earlier run for that date wrote, inside the transaction it is given.
 */
export interface PipelineStep {
  name: string;
  description: string;
  dependsOn: readonly string[];
  run(ctx: StepContext): Promise<StepOutcome>;
}

export interface StepOutcome {
  rows: number;
  /** What the run did, in a few words (e.g. an incremental step's mode and the days it recomputed). */
  detail?: string;
}
