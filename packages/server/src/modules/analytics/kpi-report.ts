import { kpiReportQuery, type KpiGranularity, type KpiReport, type KpiReportQuery } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { getStoreSettings } from '../store/index.js';
import { kpiReportSql, type KpiSqlParams } from './kpi-report.sql.js';
import { distinctSql, rollupWatermark, salesSql, span } from './rollups.js';
import { LEVEL } from './rollups.sql.js';
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
 * The days up to the rollups' watermark are read from the rollups, the rest from the facts (docs/analytics.md "Speed").
 */
export async function kpiReport(db: Tx, query: KpiReportQuery): Promise<KpiReport> {
  return report(db, query, async (params) => {
    const { from, to, granularity, timeZone, channelId } = params;
    const p = span(from, to, await rollupWatermark(db), timeZone, channelId);
    // Nothing of the range rolled up (no build yet, or all after the watermark): the fact query is the one to run.
    if (p.mid === from) return queryRows<PeriodTotals>(db, kpiReportSql(params));
    const by = granularity === 'total' ? 'all' : granularity;
    const unit = granularity === 'total' ? 'day' : granularity;
    const periods = granularity === 'total' ? sql`select 'all'::text as key, ${from}::text as period`
      : sql`select to_char(g, 'YYYY-MM-DD') as key, to_char(g, ${unit === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD'}) as period
        from generate_series(date_trunc(${unit}::text, ${from}::date::timestamp), (${to}::date - 1)::timestamp, ${`1 ${unit}`}::interval) g`;
    return queryRows<PeriodTotals>(db, sql`
      with periods as (${periods}),
      d as (${distinctSql(p, by, [LEVEL.buyers, LEVEL.repeatBuyers, LEVEL.newBuyers])}),
      dd as (select key, sum(n) filter (where level = ${LEVEL.buyers}) as buyers, sum(n) filter (where level = ${LEVEL.repeatBuyers}) as repeat_buyers,
        sum(n) filter (where level = ${LEVEL.newBuyers}) as new_buyers from d group by key),
      s as (${salesSql(p, by)})
      select p.period, coalesce(s.orders, 0)::int8 as orders, coalesce(s.gmv, 0)::int8 as gmv, coalesce(s.paid, 0)::int8 as paid,
        coalesce(s.refunds, 0)::int8 as refunds, coalesce(dd.buyers, 0)::int8 as buyers, coalesce(dd.repeat_buyers, 0)::int8 as repeat_buyers,
        coalesce(dd.new_buyers, 0)::int8 as new_buyers
      from periods p left join s on s.key = p.key left join dd on dd.key = p.key
      order by p.key`);
  });
}

/** The KPI report straight from the facts (the reference for the rollup-backed {@link kpiReport}). */
export async function kpiReportFromFacts(db: Tx, query: KpiReportQuery): Promise<KpiReport> {
  return report(db, query, (params) => queryRows<PeriodTotals>(db, kpiReportSql(params)));
}

async function report(db: Tx, query: KpiReportQuery, totalsOf: (p: KpiSqlParams) => Promise<PeriodTotals[]>): Promise<KpiReport> {
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
  const totals = await totalsOf({ from, to, granularity, timeZone: store.timeZone, channelId });
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
