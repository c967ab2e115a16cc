import type { Overview } from '@zhanggui/contracts';
import { expect } from 'vitest';
import type { Tx } from '../db/client.js';
import { channelsFromFacts, channelsReport } from '../modules/analytics/channels.js';
import { cohortReport, cohortsFromFacts } from '../modules/analytics/cohorts.js';
import { funnelFromFacts, funnelReport } from '../modules/analytics/funnel.js';
import { kpiReport, kpiReportFromFacts } from '../modules/analytics/kpi-report.js';
import { overviewFromFacts, overviewReport, overviewTotalsFromFacts } from '../modules/analytics/overview.js';
import { productsFromFacts, productsReport } from '../modules/analytics/products-report.js';
import { bounds, rangeContext, shiftDays } from '../modules/analytics/read-model.js';

/**
 * The read model served from the rollups next to the same answers from the facts alone, for the
 * analytics rollup tests (a store simulated to 2026-02-28, watermarks in February).
 */

// Ranges around the watermarks the tests build to: before, straddling and after them, a single day, and
// a comparison period reaching back before the simulated data.
const RANGES = [
  { from: '2026-02-01', to: '2026-03-01' },
  { from: '2026-02-10', to: '2026-02-17' },
  { from: '2026-02-14', to: '2026-02-15' },
  { from: '2026-01-05', to: '2026-02-20' },
];

/** Every read-model answer the rollups serve, next to the same answer straight from the facts. */
export async function bothWays(db: Tx, channel?: string) {
  const ch = channel ? { channel } : {};
  const rolled: unknown[] = [];
  const facts: unknown[] = [];
  for (const r of RANGES) {
    const { daily, ...overview } = await overviewReport(db, { ...r, ...ch, compare: 'previous' });
    rolled.push(overview);
    facts.push(await overviewFromFacts(db, { ...r, ...ch, compare: 'previous' }));
    // Each day of the sparkline series is that day as a range of its own (checked on the short ranges, to keep the test quick).
    if (Date.parse(r.to) - Date.parse(r.from) <= 7 * 86_400_000) {
      const ctx = await rangeContext(db, r.from, r.to, channel);
      const days: Overview['daily'] = [];
      for (let d = r.from; d < r.to; d = shiftDays(d, 1)) days.push({ day: d, ...await overviewTotalsFromFacts(db, { ...ctx, ...bounds(d, shiftDays(d, 1), ctx.timeZone) }, channel) });
      rolled.push(daily);
      facts.push(days);
    } else {
      expect(daily).toHaveLength(Math.round((Date.parse(r.to) - Date.parse(r.from)) / 86_400_000));
    }
    for (const granularity of ['day', 'week', 'month', 'total'] as const) {
      rolled.push(await kpiReport(db, { ...r, ...ch, granularity }));
      facts.push(await kpiReportFromFacts(db, { ...r, ...ch, granularity }));
    }
    for (const by of ['none', 'channel', 'device'] as const) {
      rolled.push(await funnelReport(db, { ...r, ...ch, by }));
      facts.push(await funnelFromFacts(db, { ...r, ...ch, by }));
    }
    rolled.push(await productsReport(db, { ...r, ...ch, limit: 100 }));
    facts.push(await productsFromFacts(db, { ...r, ...ch, limit: 100 }));
    if (!channel) {
      rolled.push(await cohortReport(db, r));
      facts.push(await cohortsFromFacts(db, r));
      rolled.push(await channelsReport(db, r));
      facts.push(await channelsFromFacts(db, r));
    }
  }
  return { rolled, facts };
}
