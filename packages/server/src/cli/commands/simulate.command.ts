import type { Command } from 'commander';
import { simulateStore, type SimulateSummary } from '../../ingest/simulator/index.js';
import { isIsoDate } from '../../lib/business-date.js';
import type { Platform } from '../../platform.js';
import { parseIntOption, withPlatform } from '../context.js';
import { formatRows } from '../output.js';
import { createProgress } from '../progress.js';

export interface SimulateFlags {
  days: number;
  customers: number;
  seed: number;
  endDate?: string;
}

export const simulateOptions = (cmd: Command) => cmd
  .option('--days <n>', 'days of history', parseIntOption('--days', 7, 3650), 730)
  .option('--customers <n>', 'customers', parseIntOption('--customers', 10, 1_000_000), 20_000)
  .option('--seed <n>', 'random seed (same seed, same store)', parseIntOption('--seed', 0, 2 ** 32 - 1), 42)
  .option('--end-date <date>', 'last simulated business day (default: yesterday in the store time zone)');

/** Simulate with a progress bar and print what was written. */
export async function simulateWithProgress(platform: Platform, flags: SimulateFlags): Promise<SimulateSummary> {
  if (flags.endDate !== undefined && !isIsoDate(flags.endDate)) throw new Error(`--end-date: expected a date YYYY-MM-DD, got '${flags.endDate}'`);
  const bar = createProgress('simulate');
  const phases = ['catalog', 'customers', 'orders', 'inventory', 'traffic', 'service', 'indexes'];
  let summary: SimulateSummary;
  try {
    summary = await simulateStore(platform, {
      days: flags.days, customers: flags.customers, seed: flags.seed, ...(flags.endDate ? { endDate: flags.endDate } : {}),
      onProgress: (phase, done, total) => {
        const i = Math.max(0, phases.indexOf(phase));
        bar.update((i + (total > 0 ? done / total : 0)) / phases.length, phase);
      },
    });
  } finally {
    bar.stop();
  }
  const total = Object.values(summary.rows).reduce((s, n) => s + n, 0);
  process.stdout.write(`Simulated ${summary.days} days to ${summary.endDate}: ${total.toLocaleString('en')} rows in ${(summary.durationMs / 1000).toFixed(1)} s\n`);
  return summary;
}

export function registerSimulateCommand(program: Command): void {
  simulateOptions(program.command('simulate')
    .description('Write a realistic, deterministic store history into an empty database'))
    .option('--verbose', 'print rows written per table')
    .action(async (opts: SimulateFlags & { verbose?: boolean }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const summary = await simulateWithProgress(p, opts);
        if (opts.verbose) {
          const rows = Object.entries(summary.rows).sort((a, b) => b[1] - a[1]).map(([table, n]) => ({ table, rows: n }));
          process.stdout.write(`${formatRows(rows, 'table')}\n`);
        }
      });
    });
}
