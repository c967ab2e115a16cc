import type { Command } from 'commander';
import { getStoreSettings } from '../../modules/store/index.js';
import { addDays, businessDate, isIsoDate } from '../../lib/business-date.js';
import { listRuns, runPipeline } from '../../pipeline/runner.js';
import { pipelineSteps } from '../../pipeline/steps.js';
import { withPlatform } from '../context.js';
import { formatRows, parseFormat, type OutputFormat } from '../output.js';
import { createProgress } from '../progress.js';
import type { Platform } from '../../platform.js';

/**
 * Run the pipeline for an as-of date (default: yesterday in the store zone), drawing progress;
 * `full`: steps that build incrementally rebuild everything.
 */
export async function runPipelineWithProgress(platform: Platform, asOf?: string, step?: string, full = false) {
  const { timeZone } = await getStoreSettings(platform.database.db);
  const date = asOf ?? addDays(businessDate(new Date(), timeZone), -1);
  const bar = createProgress(`pipeline ${date}`);
  try {
    return await runPipeline(platform.database, pipelineSteps, { asOf: date, step, full, onProgress: (s, f) => bar.update(f, s) });
  } finally {
    bar.stop();
  }
}

export function registerPipelineCommands(program: Command): void {
  const pipeline = program.command('pipeline').description('Derived data: rollups, segments, forecasts …');
  pipeline.command('run')
    .description('Run every step (or one with what it depends on) for an as-of date')
    .option('--step <name>', `one step: ${pipelineSteps.map((s) => s.name).join(', ') || '(none registered)'}`)
    .option('--as-of <date>', 'business date YYYY-MM-DD (default: yesterday in the store time zone)')
    .option('--full', 'rebuild incremental steps (analytics-rollups) from scratch instead of from their last run')
    .action(async (opts: { step?: string; asOf?: string; full?: boolean }, cmd: Command) => {
      if (opts.asOf !== undefined && !isIsoDate(opts.asOf)) throw new Error(`--as-of: expected a date YYYY-MM-DD, got '${opts.asOf}'`);
      await withPlatform(cmd, async (p) => {
        const results = await runPipelineWithProgress(p, opts.asOf, opts.step, opts.full === true);
        process.stdout.write(`${formatRows(results.map((r) => ({ step: r.step, status: r.status, rows: r.rows, ms: r.durationMs, detail: r.detail, error: r.error })), 'table')}\n`);
        if (results.some((r) => r.status !== 'succeeded')) process.exitCode = 1;
      });
    });
  pipeline.command('runs')
    .description('Recent run records')
    .option('--limit <n>', 'how many', (v) => Number(v), 20)
    .option('--format <format>', 'table | json | csv', parseFormat, 'table')
    .action(async (opts: { limit: number; format: OutputFormat }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const runs = await listRuns(p.database, opts.limit);
        process.stdout.write(`${formatRows(runs.map((r) => ({ id: r.id, step: r.step, asOf: r.asOf, status: r.status, rows: r.rows, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString(), error: r.error })), opts.format)}\n`);
      });
    });
  pipeline.command('steps')
    .description('List the steps and what each depends on')
    .action(() => {
      process.stdout.write(`${formatRows(pipelineSteps.map((s) => ({ step: s.name, dependsOn: s.dependsOn.join(' '), description: s.description })), 'table')}\n`);
    });
}
