import type { Command } from 'commander';
import { experimentSummary } from '@zhanggui/contracts';
import { analyzeExperiment } from '@zhanggui/algorithms';
import { formatRows } from '../output.js';
import { readJsonFile } from './price.command.js';

const alphaOption = (v: string): number => {
  const a = Number(v);
  if (!(a > 0 && a < 1)) throw new Error(`--alpha: expected a number between 0 and 1, got '${v}'`);
  return a;
};

export function registerExperimentCommands(program: Command): void {
  const experiment = program.command('experiment').description('A/B test statistics (docs/experiments.md)');
  experiment.command('analyze')
    .description('Analyse per-variant summary statistics against the first variant (no database)')
    .requiredOption('--input <file>', 'JSON: { metric: "proportion"|"mean", variants: [{ name, n, sum, sumSquares, weight?, preSum?, preSumSquares?, crossSum? }] }')
    .option('--alpha <a>', 'two-sided significance level (CI at 1 − alpha)', alphaOption, 0.05)
    .option('--format <format>', 'json | table', 'json')
    .action((opts: { input: string; alpha: number; format: string }) => {
      if (opts.format !== 'table' && opts.format !== 'json') throw new Error(`--format: expected json or table, got '${opts.format}'`);
      const input = readJsonFile(opts.input, experimentSummary, 'input');
      const result = analyzeExperiment(input, { alpha: opts.alpha });
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const f = (x: number | null, d = 4) => (x === null ? '' : x.toFixed(d));
      process.stdout.write(`${formatRows(result.variants.map((v) => ({
        variant: v.name, mean: f(v.mean), lift: f(v.absoluteLift), relLift: f(v.relativeLift), ciLow: f(v.ci?.[0] ?? null), ciHigh: f(v.ci?.[1] ?? null),
        pValue: f(v.pValue), chanceToWin: f(v.chanceToWin), expectedLoss: f(v.expectedLoss, 6),
      })), 'table')}\nSRM p-value ${result.srmPValue.toFixed(4)}${result.srmPValue < 0.001 ? '  (sample ratio mismatch: check the assignment before trusting the results)' : ''}\n`);
    });
}
