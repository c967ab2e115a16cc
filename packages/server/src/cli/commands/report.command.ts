import type { Command } from 'commander';
import { kpiReport } from '../../modules/analytics/index.js';
import { isIsoDate } from '../../lib/business-date.js';
import { withPlatform } from '../context.js';
import { registerAnalyticsReports } from './analytics-report.command.js';
import { formatRows, parseFormat, type OutputFormat } from '../output.js';

const date = (flag: string) => (v: string) => {
  if (!isIsoDate(v)) throw new Error(`${flag}: expected a date YYYY-MM-DD, got '${v}'`);
  return v;
};

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('Reports on the store\'s data');
  report.command('kpis')
    .description('Orders, GMV, paid amount, refunds, net sales, buyers, new buyers, repurchase rate, AOV and ARPPU per period (docs/metrics.md)')
    .requiredOption('--from <date>', 'first business day (inclusive)', date('--from'))
    .requiredOption('--to <date>', 'end business day (exclusive)', date('--to'))
    .option('--granularity <g>', 'day | week | month | total', 'month')
    .option('--channel <code>', 'one sales channel')
    .option('--format <format>', 'table | json | csv', parseFormat, 'table')
    .action(async (opts: { from: string; to: string; granularity: string; channel?: string; format: OutputFormat }, cmd: Command) => {
      if (!['day', 'week', 'month', 'total'].includes(opts.granularity)) throw new Error(`--granularity: expected day, week, month or total, got '${opts.granularity}'`);
      await withPlatform(cmd, async (p) => {
        const result = await kpiReport(p.database.db, {
          from: opts.from, to: opts.to, granularity: opts.granularity as 'day' | 'week' | 'month' | 'total', ...(opts.channel ? { channel: opts.channel } : {}),
        });
        const rows = opts.format === 'table'
          ? result.rows.map((r) => ({ ...r, repurchaseRate: r.repurchaseRate === null ? null : r.repurchaseRate.toFixed(4) }))
          : result.rows;
        process.stdout.write(`${formatRows(rows, opts.format, (rs) => ({ currency: result.currency, rows: rs }))}\n`);
        if (opts.format === 'table') process.stdout.write(`(amounts in minor units of ${result.currency})\n`);
      });
    });
  registerAnalyticsReports(report);
}
