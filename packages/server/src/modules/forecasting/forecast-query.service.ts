import type { ForecastAccuracy, ForecastDetail, ForecastSummary } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { loadDemandHistories } from './demand-forecast.pipeline.js';

const summaryColumns = sql`f.id, f.as_of as "asOf", f.sku_id as "skuId", k.code as "skuCode", k.name as "skuName", f.warehouse_id as "warehouseId",
  w.code as "warehouseCode", f.model, f.method, f.selected_by as "selectedBy", f.demand_class as "demandClass", f.adi, f.cv2,
  f.backtest_smape as "backtestSmape", f.backtest_mase as "backtestMase", f.backtest_wape as "backtestWape", f.backtest_bias as "backtestBias",
  f.mean_daily as "meanDaily", f.sigma_daily as "sigmaDaily", f.history_periods as "historyPeriods"`;

/** Forecasts of the latest as-of date (≤ asOf when given), biggest demand first. */
export async function listForecasts(db: Tx, q: { asOf?: string | undefined; sku?: string | undefined; limit: number }): Promise<ForecastSummary[]> {
  return queryRows<ForecastSummary>(db, sql`
    select ${summaryColumns} from demand_forecasts f join skus k on k.id = f.sku_id left join warehouses w on w.id = f.warehouse_id
    where f.as_of = (select max(as_of) from demand_forecasts where (${q.asOf ?? null}::date is null or as_of <= ${q.asOf ?? null}::date))
      and (${q.sku ?? null}::text is null or k.code = ${q.sku ?? null}::text)
    order by f.mean_daily desc, f.sku_id, f.warehouse_id nulls first limit ${q.limit}`);
}

/** One forecast with the weekly history it was fitted on and its path with 80/95% intervals. */
export async function getForecast(db: Tx, id: number, timeZone: string): Promise<ForecastDetail> {
  const [f] = await queryRows<ForecastSummary & { periodDays: number; eventLifts: ForecastDetail['eventLifts'] | null }>(db, sql`
    select ${summaryColumns}, f.period_days as "periodDays", f.event_lifts as "eventLifts" from demand_forecasts f join skus k on k.id = f.sku_id left join warehouses w on w.id = f.warehouse_id
    where f.id = ${id}`);
  if (!f) throw new AppError('not_found', `No forecast ${id}`, { id });
  const points = await queryRows<ForecastDetail['points'][number]>(db, sql`
    select step, period_start as "periodStart", mean, lo_80 as "lo80", hi_80 as "hi80", lo_95 as "lo95", hi_95 as "hi95",
      coalesce(base_mean, mean / lift) as "baseMean", lift, event
    from demand_forecast_points where forecast_id = ${id} order by step`);
  const h = (await loadDemandHistories(db, f.asOf, timeZone, f.skuId)).find((x) => x.warehouseId === f.warehouseId);
  const y = h?.y ?? [];
  const end = Date.parse(`${f.asOf}T00:00:00Z`);
  const history = y.map((units, i) => ({
    periodStart: new Date(end - ((y.length - 1 - i) * f.periodDays + f.periodDays - 1) * 86_400_000).toISOString().slice(0, 10), units,
  }));
  return { ...f, eventLifts: f.eventLifts ?? [], history, points };
}

export interface SeriesAccuracy { smape: number | null; mase: number | null; wape: number | null; bias: number | null; actualAbs: number | null; actualSum: number | null }

/**
 * Pool per-series backtest accuracy into the store's: sMAPE and MASE are means over series (the M4
 * convention); WAPE and bias are pooled over every pair, Σ(wapeᵢ·Σ|y|ᵢ) / ΣΣ|y| = Σ|y − f| / Σ|y|
 * and likewise for bias, exactly as metrics.md defines them for many SKUs at once.
 */
export function poolAccuracy(rows: readonly SeriesAccuracy[]): Omit<ForecastAccuracy, 'asOf' | 'series'> {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, v) => a + v, 0) / xs.length : null);
  const pooled = (value: 'wape' | 'bias', weight: 'actualAbs' | 'actualSum') => {
    let num = 0;
    let den = 0;
    for (const r of rows) if (r[value] !== null && r[weight] !== null) { num += r[value]! * r[weight]!; den += r[weight]!; }
    return den !== 0 ? num / den : null;
  };
  const scored = rows.filter((r) => r.smape !== null);
  return {
    backtested: scored.length,
    smape: mean(scored.map((r) => r.smape!)), mase: mean(rows.filter((r) => r.mase !== null).map((r) => r.mase!)),
    wape: pooled('wape', 'actualAbs'), bias: pooled('bias', 'actualSum'),
  };
}

/** Backtest accuracy of the latest as-of date's forecasts (≤ asOf when given), store-wide. */
export async function forecastAccuracy(db: Tx, q: { asOf?: string | undefined }): Promise<ForecastAccuracy> {
  const rows = await queryRows<SeriesAccuracy & { asOf: string }>(db, sql`
    select as_of as "asOf", backtest_smape as smape, backtest_mase as mase, backtest_wape as wape, backtest_bias as bias,
      backtest_actual_abs as "actualAbs", backtest_actual_sum as "actualSum"
    from demand_forecasts where as_of = (select max(as_of) from demand_forecasts where (${q.asOf ?? null}::date is null or as_of <= ${q.asOf ?? null}::date))`);
  return { asOf: rows[0]?.asOf ?? null, series: rows.length, ...poolAccuracy(rows) };
}
