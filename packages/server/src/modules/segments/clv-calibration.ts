import { bgNbdConditionalExpectedPurchases, bgNbdExpectedPurchasesNew, buildCustomerSummary, fitBgNbd } from '@zhanggui/algorithms';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { addDays } from '../../lib/business-date.js';
import { countedOrder } from '../analytics/kpi-report.sql.js';
import { getStoreSettings } from '../store/index.js';
import { dayIndex } from './clv.service.js';

/**
 * Calibration plots of the BG/NBD (weeks), as in Fader, Hardie & Lee (2005), figures 2–4: fit on
 * the purchases up to `calibrationEnd`, then compare with the holdout (calibrationEnd, holdoutEnd]:
 * - by calibration repeat count x (0…6, and 7 for 7+): customers, mean actual holdout repeat
 *   purchase days, mean predicted E[Y(holdout) | x, t_x, T];
 * - weekly cumulative repeat purchase days of the calibration cohort from its first purchase to the
 *   holdout end, actual vs Σ E[X(t − first purchase)] (model predictions beyond calibration too).
 * Computed on request: seconds for tens of thousands of customers.
 */
export async function clvCalibration(tx: Tx, calibrationEnd: string, holdoutEnd: string) {
  if (holdoutEnd <= calibrationEnd) throw new AppError('bad_request', 'holdoutEnd must be after calibrationEnd');
  const { timeZone } = await getStoreSettings(tx);
  const day = sql`(o.placed_at at time zone ${timeZone}::text)::date`;
  const end = sql`((${holdoutEnd}::date + 1)::timestamp at time zone ${timeZone}::text)`;
  const rows = await queryRows<{ customer_id: number; day: number }>(tx, sql`
    select distinct o.customer_id, (${day} - date '1970-01-01') as day from orders o
    where o.customer_id is not null and o.placed_at < ${end} and ${countedOrder('o')} order by 1, 2`);
  const calDay = dayIndex(calibrationEnd);
  const holdDay = dayIndex(holdoutEnd);
  const summary = buildCustomerSummary(rows.map((r) => ({ customerId: String(r.customer_id), day: r.day, amount: 1 })), { calibrationEndDay: calDay, holdoutEndDay: holdDay });
  if (summary.x.length === 0) throw new AppError('bad_request', `No customer bought on or before ${calibrationEnd}`);
  const fit = fitBgNbd(summary);
  const holdoutWeeks = (holdDay - calDay) / 7;
  const predicted = bgNbdConditionalExpectedPurchases(fit, summary, holdoutWeeks);
  const buckets = Array.from({ length: 8 }, (_, x) => ({ x, customers: 0, actual: 0, predicted: 0 }));
  for (let i = 0; i < summary.x.length; i++) {
    const b = buckets[Math.min(7, summary.x[i]!)]!;
    b.customers++;
    b.actual += summary.holdoutPurchases[i]!;
    b.predicted += predicted[i]!;
  }
  const byFrequency = buckets.filter((b) => b.customers > 0).map((b) => ({ ...b, actual: b.actual / b.customers, predicted: b.predicted / b.customers }));
  // Cumulative: first purchase day per cohort customer, actual repeat days per day.
  const cohort = new Set(summary.customerIds);
  const firstDays = new Map<number, number>();
  const firstOf = new Map<string, number>();
  const repeatsByDay = new Map<number, number>();
  for (const r of rows) {
    const id = String(r.customer_id);
    if (!cohort.has(id)) continue;
    if (!firstOf.has(id)) { firstOf.set(id, r.day); firstDays.set(r.day, (firstDays.get(r.day) ?? 0) + 1); } else repeatsByDay.set(r.day, (repeatsByDay.get(r.day) ?? 0) + 1);
  }
  const start = Math.min(...firstDays.keys());
  const cumulative: { week: number; day: string; actual: number; predicted: number }[] = [];
  let actual = 0;
  let d = start;
  for (let week = 1; start + week * 7 - 1 <= holdDay; week++) {
    const weekEnd = start + week * 7 - 1;
    for (; d <= weekEnd; d++) actual += repeatsByDay.get(d) ?? 0;
    let p = 0;
    for (const [first, n] of firstDays) if (first < weekEnd) p += n * bgNbdExpectedPurchasesNew(fit, (weekEnd - first) / 7);
    cumulative.push({ week, day: addDays(calibrationEnd, weekEnd - calDay), actual, predicted: p });
  }
  return {
    calibrationEnd, holdoutEnd,
    bgnbd: { r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b, logLikelihood: fit.logLikelihood },
    byFrequency, cumulative,
  };
}
