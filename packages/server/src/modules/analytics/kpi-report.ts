import { kpiReportQuery, type KpiGranularity, type KpiReport, type KpiReportQuery } from '@zhanggui/contracts';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { getStoreSettings } from '../store/index.js';
import { kpiReportSql } from './kpi-report.sql.js';
import { channelIdOf } from './read-model.js';

const MAX_PERIODS = 10_000;
const DAYS: Record<KpiGranularity, number> = { day: 1, week: 7, month: 28, total: Infinity };

interface PeriodTotals {
  period: string;
  orders: number;
  gmv: number;
  paid: number;
  refunds: number;
  buyers: number;
  repeat_buyers: number;
  new_buyers: number;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
// Amounts are positive, so Math.round is round-half-up on the exact quotient.
const perUnit = (a: number, b: number) => (b === 0 ? null : Math.round(a / b));

/**
 * The KPI report of metrics.md for the half-open business days [from, to) in the store's zone,
 * one row per day, ISO week or month (the first and last may be partial), every period listed
 * even when empty, or one row for the whole range (`total`). Rates and per-order figures are null when their divisor is zero.
 */
export async function kpiReport(db: Tx, query: KpiReportQuery): Promise<KpiReport> {
  const parsed = kpiReportQuery.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('validation_failed', `${issue.path.join('.')}: ${issue.message}`, { issues: parsed.error.issues });
  }
  const { from, to, granularity, channel } = parsed.data;
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (!(span > 0)) throw new AppError('validation_failed', `to: must be after from (${from} … ${to})`, { field: 'to' });
  if (span / DAYS[granularity] > MAX_PERIODS) {
    throw new AppError('validation_failed', `granularity: more than ${MAX_PERIODS} ${granularity} periods; use a coarser one`, { field: 'granularity' });
  }
  const store = await getStoreSettings(db);
  const channelId = await channelIdOf(db, channel);
  const totals = await queryRows<PeriodTotals>(db, kpiReportSql({ from, to, granularity, timeZone: store.timeZone, channelId }));
  return {
    currency: store.currency,
    rows: totals.map((t) => ({
      period: t.period,
      orders: t.orders,
      gmv: t.gmv,
      paidAmount: t.paid,
      refunds: t.refunds,
      netSales: t.paid - t.refunds,
      buyers: t.buyers,
      newBuyers: t.new_buyers,
      repurchaseRate: ratio(t.repeat_buyers, t.buyers),
      aov: perUnit(t.gmv, t.orders),
      arppu: perUnit(t.gmv, t.buyers),
    })),
  };
}
