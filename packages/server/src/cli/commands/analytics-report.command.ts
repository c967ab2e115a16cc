import type { Command } from 'commander';
import { channelsReport, cohortReport, defaultAsOf, funnelReport, goalsProgress, overviewReport } from '../../modules/analytics/index.js';
import { isIsoDate } from '../../lib/business-date.js';
import { withPlatform } from '../context.js';
import { formatRows, parseFormat, type OutputFormat } from '../output.js';

const date = (flag: string) => (v: string) => {
  if (!isIsoDate(v)) throw new Error(`${flag}: expected a date YYYY-MM-DD, got '${v}'`);
  return v;
};
const oneOf = (flag: string, values: readonly string[]) => (v: string) => {
  if (!values.includes(v)) throw new Error(`${flag}: expected ${values.join(', ')}, got '${v}'`);
  return v;
};
const fixed = (v: number | null, digits = 4) => (v === null ? null : Number(v.toFixed(digits)));

interface RangeOpts { from: string; to: string; format: OutputFormat }
const range = (c: Command) => c
  .requiredOption('--from <date>', 'first business day (inclusive)', date('--from'))
  .requiredOption('--to <date>', 'end business day (exclusive)', date('--to'))
  .option('--format <format>', 'table | json | csv', parseFormat, 'table');

const print = (text: string) => process.stdout.write(`${text}\n`);

/** `zhanggui report overview|funnel|channels|cohorts` (docs/analytics.md). */
export function registerAnalyticsReports(report: Command): void {
  range(report.command('overview').description('经营概况: every overview figure over [from, to) against the comparison period (docs/analytics.md)'))
    .option('--compare <mode>', 'previous | last_year | none', oneOf('--compare', ['previous', 'last_year', 'none']), 'previous')
    .option('--channel <code>', 'one sales channel')
    .action(async (opts: RangeOpts & { compare: 'previous' | 'last_year' | 'none'; channel?: string }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const o = await overviewReport(p.database.db, { from: opts.from, to: opts.to, compare: opts.compare, ...(opts.channel ? { channel: opts.channel } : {}) });
        if (opts.format === 'json') return print(JSON.stringify(o, null, 2));
        const rows = Object.entries(o.current).map(([metric, value]) => {
          const before = o.previous ? o.previous[metric as keyof typeof o.current] : null;
          return { metric, current: typeof value === 'number' && !Number.isInteger(value) ? fixed(value) : value,
            previous: typeof before === 'number' && !Number.isInteger(before) ? fixed(before) : before };
        });
        print(formatRows(rows, opts.format));
        if (opts.format === 'table') print(`(amounts in minor units of ${o.currency}; comparison ${o.comparison ? `${o.comparison.from} … ${o.comparison.to}` : 'none'})`);
      });
    });

  range(report.command('funnel').description('交易漏斗: visitors → product viewers → add-to-cart → checkout → paid, step conversion and drop-off'))
    .option('--by <split>', 'none | channel | device', oneOf('--by', ['none', 'channel', 'device']), 'none')
    .option('--channel <code>', 'one sales channel')
    .action(async (opts: RangeOpts & { by: 'none' | 'channel' | 'device'; channel?: string }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const f = await funnelReport(p.database.db, { from: opts.from, to: opts.to, by: opts.by, ...(opts.channel ? { channel: opts.channel } : {}) });
        if (opts.format === 'json') return print(JSON.stringify(f, null, 2));
        print(formatRows(f.groups.flatMap((g) => g.steps.map((s) => ({
          group: g.key, step: s.step, visitors: s.visitors, stepConversion: fixed(s.stepConversion), overallConversion: fixed(s.overallConversion),
          dropOff: s.dropOff, biggestDrop: s.step === g.biggestDrop ? 'yes' : '',
        }))), opts.format));
      });
    });

  range(report.command('channels').description('渠道与营销: spend, CPC, CPM, attributed orders and GMV, CAC, ROI, margin ROI, marginal ROI per channel'))
    .option('--roi-target <x>', 'flag channels whose ROI is below this', '1.8')
    .action(async (opts: RangeOpts & { roiTarget: string }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const c = await channelsReport(p.database.db, { from: opts.from, to: opts.to, roiTarget: Number(opts.roiTarget) });
        if (opts.format === 'json') return print(JSON.stringify(c, null, 2));
        print(formatRows(c.channels.map((x) => ({ ...x, roi: fixed(x.roi), marginRoi: fixed(x.marginRoi), marginalRoi: fixed(x.marginalRoi) })), opts.format));
        if (opts.format === 'table') print(`(amounts in minor units of ${c.currency}; attribution: ${c.attribution.model}, ${c.attribution.windowDays} days; ROI target ${c.roiTarget})`);
      });
    });

  range(report.command('cohorts').description('Monthly first-order cohorts and retention(k), k = 0 … the last month of the range (docs/metrics.md)'))
    .action(async (opts: RangeOpts, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const c = await cohortReport(p.database.db, { from: opts.from, to: opts.to });
        if (opts.format === 'json') return print(JSON.stringify(c));
        const width = Math.max(0, ...c.cohorts.map((x) => x.retention.length));
        print(formatRows(c.cohorts.map((x) => ({
          cohort: x.cohort, size: x.size,
          ...Object.fromEntries(Array.from({ length: width }, (_, k) => [`m${k}`, x.retention[k] === undefined ? null : fixed(x.retention[k]!)])),
        })), opts.format));
      });
    });

  report.command('goals').description('Goals: progress, projection to the period end, status and owner as of a day (docs/analytics.md)')
    .option('--as-of <date>', 'business day (inclusive; default yesterday)', date('--as-of'))
    .option('--format <format>', 'table | json | csv', parseFormat, 'table')
    .action(async (opts: { asOf?: string; format: OutputFormat }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const goals = await goalsProgress(p.database.db, opts.asOf ?? await defaultAsOf(p.database.db));
        if (opts.format === 'json') return print(JSON.stringify({ goals }, null, 2));
        print(formatRows(goals.map((g) => ({
          id: g.id, name: g.name, metric: g.metric, channel: g.channel, device: g.device, period: `${g.startsOn}…${g.endsOn}`, target: fixed(g.targetValue), actual: fixed(g.actual),
          projected: fixed(g.projected), progress: fixed(g.progress), status: g.status, owner: g.owner,
        })), opts.format));
        if (opts.format === 'table' && goals[0]) print(`(projection: ${goals[0].method})`);
      });
    });
}
