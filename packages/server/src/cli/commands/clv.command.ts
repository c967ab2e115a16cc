import type { Command } from 'commander';
import { fitClvModel, loadClvData, scoreClv, TIME_UNITS, type TimeUnit } from '../../modules/segments/index.js';
import { isIsoDate } from '../../lib/business-date.js';
import { parseIntOption, withPlatform } from '../context.js';
import { formatRows, parseFormat, type OutputFormat } from '../output.js';

const date = (flag: string) => (v: string) => {
  if (!isIsoDate(v)) throw new Error(`${flag}: expected a date YYYY-MM-DD, got '${v}'`);
  return v;
};
const timeUnit = (v: string): TimeUnit => {
  if (v in TIME_UNITS) return v as TimeUnit;
  throw new Error(`--time-unit: expected ${Object.keys(TIME_UNITS).join(' or ')}, got '${v}'`);
};

export function registerClvCommands(program: Command): void {
  const clv = program.command('clv').description('Customer lifetime value: BG/NBD + Gamma-Gamma (docs/customers.md)');
  clv.command('fit')
    .description('Fit BG/NBD and Gamma-Gamma on the orders up to the calibration end and print the parameters')
    .option('--calibration-end <date>', 'last business day of the calibration period (default: the latest order\'s day)', date('--calibration-end'))
    .option('--time-unit <unit>', 'week | day', timeUnit, 'week')
    .option('--format <format>', 'table | json | csv', parseFormat, 'json')
    .action(async (opts: { calibrationEnd?: string; timeUnit: TimeUnit; format: OutputFormat }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const data = await loadClvData(p.database.db, { calibrationEnd: opts.calibrationEnd, unitDays: TIME_UNITS[opts.timeUnit] });
        const m = fitClvModel(data);
        const json = {
          bgnbd: { r: m.bgnbd.r, alpha: m.bgnbd.alpha, a: m.bgnbd.a, b: m.bgnbd.b, logLikelihood: m.bgnbd.logLikelihood },
          gammaGamma: m.gammaGamma ? { p: m.gammaGamma.p, q: m.gammaGamma.q, gamma: m.gammaGamma.gamma } : null,
          customers: m.customers,
        };
        if (opts.format === 'json') {
          process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
          return;
        }
        const rows = [
          ...Object.entries(json.bgnbd).map(([k, v]) => ({ model: 'bgnbd', parameter: k, value: v })),
          ...Object.entries(json.gammaGamma ?? {}).map(([k, v]) => ({ model: 'gammaGamma', parameter: k, value: v })),
          { model: '', parameter: 'customers', value: m.customers },
          { model: '', parameter: 'calibrationEnd', value: data.calibrationEnd },
        ];
        process.stdout.write(`${formatRows(rows, opts.format)}\n`);
      });
    });
  clv.command('predict')
    .description('Fit on the orders up to the calibration end and print every customer\'s expectations for the next N days')
    .option('--calibration-end <date>', 'last business day of the calibration period (default: the latest order\'s day)', date('--calibration-end'))
    .option('--time-unit <unit>', 'week | day', timeUnit, 'week')
    .requiredOption('--horizon-days <n>', 'days after the calibration end', parseIntOption('--horizon-days', 1, 36_500))
    .option('--format <format>', 'table | json | csv', parseFormat, 'csv')
    .action(async (opts: { calibrationEnd?: string; timeUnit: TimeUnit; horizonDays: number; format: OutputFormat }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const data = await loadClvData(p.database.db, { calibrationEnd: opts.calibrationEnd, unitDays: TIME_UNITS[opts.timeUnit] });
        const scores = scoreClv(data, fitClvModel(data), opts.horizonDays);
        const rows = scores.map((s) => ({
          customer_external_id: s.externalId,
          p_alive: Number(s.pAlive.toFixed(6)),
          expected_purchases: Number(s.expectedPurchases.toFixed(6)),
          expected_spend: s.expectedSpend,
          clv: s.clvGmv,
        }));
        process.stdout.write(`${formatRows(rows, opts.format)}\n`);
      });
    });
}
