import { applyEventLifts, autoForecast, classifyDemand, estimateEventLifts, type EventLift } from '@zhanggui/algorithms';
import { holidaysBetween, type PromotionDto } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.js';
import { queryRows, type Tx } from '../../db/client.js';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { countedOrder } from '../analytics/kpi-report.sql.js';
import { listPromotions } from '../pricing/index.js';

/** Weekly buckets ending on the as-of date, 52 of them, forecast 8 ahead. */
export const PERIOD_DAYS = 7;
export const HISTORY_PERIODS = 52;
export const HORIZON_PERIODS = 8;
/** Periods averaged into the mean daily demand that inventory policy uses (4 weeks ≈ typical lead times). */
export const POLICY_PERIODS = 4;

export interface DemandHistory {
  skuId: number;
  warehouseId: number | null;
  /** Units per period, oldest first, starting at the first period with a sale. */
  y: number[];
}

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Units sold per SKU × warehouse and period: from the warehouses' `sale` movements where they exist,
 * otherwise (imported sales without fulfilment data) per SKU from the order lines of counted orders.
 */
export async function loadDemandHistories(tx: Tx, asOf: string, timeZone: string, skuId?: number): Promise<DemandHistory[]> {
  const days = PERIOD_DAYS * HISTORY_PERIODS;
  const from = sql`((${asOf}::date - ${days - 1}::int)::timestamp at time zone ${timeZone}::text)`;
  const end = sql`((${asOf}::date + 1)::timestamp at time zone ${timeZone}::text)`;
  const back = (col: string) => sql`((${asOf}::date - (${sql.raw(col)} at time zone ${timeZone}::text)::date) / ${PERIOD_DAYS}::int)`;
  const rows = await queryRows<{ sku_id: number; warehouse_id: number | null; period: number; units: number }>(tx, sql`
    with moves as (
      select m.sku_id, m.warehouse_id, ${back('m.occurred_at')} as period, sum(-m.quantity) as units
      from stock_movements m where m.kind = 'sale' and m.occurred_at >= ${from} and m.occurred_at < ${end}
        and (${skuId ?? null}::int8 is null or m.sku_id = ${skuId ?? null}::int8)
      group by 1, 2, 3
    ),
    lines as (
      select l.sku_id, null::int8 as warehouse_id, ${back('o.placed_at')} as period, sum(l.quantity) as units
      from orders o join order_lines l on l.order_id = o.id and l.quantity > 0
      where o.placed_at >= ${from} and o.placed_at < ${end} and ${countedOrder('o')}
        and not exists (select 1 from moves where moves.sku_id = l.sku_id) and (${skuId ?? null}::int8 is null or l.sku_id = ${skuId ?? null}::int8)
      group by 1, 2, 3
    )
    select * from moves union all select * from lines
    order by 1, 2 nulls first, 3`);
  const out = new Map<string, DemandHistory>();
  for (const r of rows) {
    const key = `${r.sku_id}:${r.warehouse_id ?? ''}`;
    let h = out.get(key);
    if (!h) {
      h = { skuId: r.sku_id, warehouseId: r.warehouse_id, y: new Array<number>(HISTORY_PERIODS).fill(0) };
      out.set(key, h);
    }
    h.y[HISTORY_PERIODS - 1 - r.period] = (h.y[HISTORY_PERIODS - 1 - r.period] ?? 0) + Number(r.units);
  }
  const histories = [...out.values()];
  for (const h of histories) {
    const first = h.y.findIndex((v) => v > 0);
    h.y = first < 0 ? [] : h.y.slice(first);
  }
  return histories.filter((h) => h.y.length > 0);
}

/** Events of the periods: holidays of the shared calendar (contracts/holidays.ts) for every SKU, and scheduled promotions per SKU. */
export interface PeriodEvents {
  /** Per history period (oldest first, HISTORY_PERIODS of them) and per future step: the SKU's event labels. */
  history(skuId: number): string[][];
  future(skuId: number): string[][];
}

interface PromoWindow { label: string; from: string; to: string; skus: string[] | null; categories: string[] | null; excludeSkus: string[]; excludeCategories: string[] }

/**
 * Loads the event labels of every weekly period: a holiday labels the period holding its date
 * (its Chinese name, e.g. 双11); a promotion with a scheduled start and end (pricing, any status but
 * paused) labels the periods it overlaps as `promo:<kind>` for the SKUs it targets (all SKUs when it
 * names no SKU or category). Promotions without both dates run all the time and are not events.
 */
export async function loadPeriodEvents(tx: Tx, asOf: string): Promise<PeriodEvents> {
  const first = addDays(asOf, -(PERIOD_DAYS * HISTORY_PERIODS - 1));
  const last = addDays(asOf, PERIOD_DAYS * HORIZON_PERIODS);
  const histStart = (i: number) => addDays(asOf, -(PERIOD_DAYS * (HISTORY_PERIODS - i) - 1));
  const futStart = (s: number) => addDays(asOf, 1 + PERIOD_DAYS * s);
  const holidays = holidaysBetween(first, last);
  const labels = (start: string, windows: { label: string; from: string; to: string }[]) => {
    const end = addDays(start, PERIOD_DAYS - 1);
    return [...new Set(windows.filter((w) => w.from <= end && w.to >= start).map((w) => w.label))];
  };
  const hol = holidays.map((h) => ({ label: h.zh, from: h.date, to: h.date }));
  const holHist = Array.from({ length: HISTORY_PERIODS }, (_, i) => labels(histStart(i), hol));
  const holFut = Array.from({ length: HORIZON_PERIODS }, (_, s) => labels(futStart(s), hol));
  const promos: PromoWindow[] = (await listPromotions(tx)).filter((p: PromotionDto) => p.status !== 'paused').flatMap((p) => {
    const d = p.definition;
    const from = d.schedule?.start?.slice(0, 10);
    const to = d.schedule?.end?.slice(0, 10);
    if (!from || !to || to < first || from > last) return [];
    const t = d.targeting ?? {};
    const skus = t.skus?.length ? t.skus : null;
    const categories = t.categories?.length ? t.categories : null;
    return [{ label: `promo:${d.kind}`, from, to, skus, categories, excludeSkus: t.excludeSkus ?? [], excludeCategories: t.excludeCategories ?? [] }];
  });
  const skuInfo = new Map<number, { code: string; category: string | null }>();
  if (promos.length > 0) {
    const rows = await queryRows<{ id: number; code: string; category: string | null }>(tx, sql`
      select k.id, k.code, c.name as category from skus k join products p on p.id = k.product_id left join categories c on c.id = p.category_id`);
    for (const r of rows) skuInfo.set(Number(r.id), { code: r.code, category: r.category });
  }
  const promosOf = (skuId: number) => {
    const k = skuInfo.get(skuId);
    if (!k) return [];
    return promos.filter((p) => {
      if (p.excludeSkus.includes(k.code) || (k.category !== null && p.excludeCategories.includes(k.category))) return false;
      if (p.skus === null && p.categories === null) return true;
      return (p.skus?.includes(k.code) ?? false) || (k.category !== null && (p.categories?.includes(k.category) ?? false));
    });
  };
  const merge = (base: string[][], start: (i: number) => string, skuId: number) => {
    const mine = promosOf(skuId);
    return mine.length === 0 ? base : base.map((b, i) => [...new Set([...b, ...labels(start(i), mine)])]);
  };
  return { history: (skuId) => merge(holHist, histStart, skuId), future: (skuId) => merge(holFut, futStart, skuId) };
}

/**
 * `demand-forecast`: per SKU × warehouse (or SKU where no warehouse recorded the sales) the weekly
 * demand of the last 52 weeks, forecast 8 weeks ahead by the automatic choice (rolling-origin
 * backtest, docs/forecasting.md) with 80/95% intervals and the chosen model's backtest accuracy.
 * Smooth and erratic series are first cleaned of their holiday and promotion periods (replaced by
 * the baseline), and the forecast of future event periods is lifted by the effect estimated from the
 * series' own history (estimateEventLifts). Replaces the forecasts of its as-of date.
 */
export async function runDemandForecast(tx: Tx, asOf: string, timeZone: string, progress: (f: number) => void = () => {}): Promise<{ rows: number }> {
  const histories = await loadDemandHistories(tx, asOf, timeZone);
  const events = await loadPeriodEvents(tx, asOf);
  progress(0.2);
  await tx.execute(sql`delete from demand_forecasts where as_of = ${asOf}::date`);
  const head: unknown[][] = Array.from({ length: 20 }, () => []);
  const paths: { key: string; mean: number[]; base: number[]; lift: number[]; event: (string | null)[]; lo80: number[]; hi80: number[]; lo95: number[]; hi95: number[] }[] = [];
  histories.forEach((h, i) => {
    // Intermittent and lumpy series have too few sales for a ratio per event: no lifts for them.
    const cls = classifyDemand(h.y).class;
    const withEvents = cls === 'smooth' || cls === 'erratic';
    const est = withEvents ? estimateEventLifts(h.y, events.history(h.skuId).slice(HISTORY_PERIODS - h.y.length)) : null;
    const lifts: EventLift[] = est?.lifts ?? [];
    const r = autoForecast(est ? est.cleaned : h.y, HORIZON_PERIODS, { levels: [80, 95] });
    const ev = applyEventLifts(r.mean, withEvents ? events.future(h.skuId) : r.mean.map(() => []), lifts);
    const bt = r.backtest[r.model] ?? null;
    const meanDaily = ev.forecast.slice(0, POLICY_PERIODS).reduce((s, v) => s + v, 0) / POLICY_PERIODS / PERIOD_DAYS;
    // One period's error σ spread over its days as independent daily errors: σ_day = σ_period / √7.
    const sigmaDaily = r.se[0]! / Math.sqrt(PERIOD_DAYS);
    const values = [asOf, h.skuId, h.warehouseId, PERIOD_DAYS, h.y.length, r.model, r.method, r.selectedBy, r.demand?.class ?? 'smooth',
      Number.isFinite(r.demand?.adi) ? r.demand!.adi : null, r.demand?.cv2 ?? null,
      bt?.smape ?? null, bt?.mase ?? null, bt?.wape ?? null, bt?.bias ?? null, bt?.actualAbsSum ?? null, bt?.actualSum ?? null, meanDaily, sigmaDaily, lifts];
    values.forEach((v, k) => head[k]!.push(v));
    const scale = (a: number[]) => a.map((v, s) => v * ev.lift[s]!);
    paths.push({
      key: `${h.skuId}:${h.warehouseId ?? ''}`, mean: ev.forecast, base: r.mean, lift: ev.lift, event: ev.event,
      lo80: scale(r.intervals[0]!.lower), hi80: scale(r.intervals[0]!.upper), lo95: scale(r.intervals[1]!.lower), hi95: scale(r.intervals[1]!.upper),
    });
    if (i % 50 === 0) progress(0.2 + (0.6 * i) / histories.length);
  });
  if (histories.length === 0) return { rows: 0 };
  const ids = await insertUnnest<{ id: number; sku_id: number; warehouse_id: number | null }>(tx, 'demand_forecasts', [
    { name: 'as_of', type: 'date' }, { name: 'sku_id', type: 'int8' }, { name: 'warehouse_id', type: 'int8' }, { name: 'period_days', type: 'int4' },
    { name: 'history_periods', type: 'int4' }, { name: 'model', type: 'text' }, { name: 'method', type: 'text' }, { name: 'selected_by', type: 'text' },
    { name: 'demand_class', type: 'text' }, { name: 'adi', type: 'float8' }, { name: 'cv2', type: 'float8' }, { name: 'backtest_smape', type: 'float8' },
    { name: 'backtest_mase', type: 'float8' }, { name: 'backtest_wape', type: 'float8' }, { name: 'backtest_bias', type: 'float8' },
    { name: 'backtest_actual_abs', type: 'float8' }, { name: 'backtest_actual_sum', type: 'float8' },
    { name: 'mean_daily', type: 'float8' }, { name: 'sigma_daily', type: 'float8' }, { name: 'event_lifts', type: 'jsonb' },
  ], head, sql`returning id, sku_id, warehouse_id`);
  const idByKey = new Map(ids.map((r) => [`${Number(r.sku_id)}:${r.warehouse_id == null ? '' : Number(r.warehouse_id)}`, Number(r.id)]));
  const pts: unknown[][] = Array.from({ length: 11 }, () => []);
  for (const p of paths) {
    const fid = idByKey.get(p.key)!;
    p.mean.forEach((m, s) => {
      [fid, s + 1, addDays(asOf, 1 + PERIOD_DAYS * s), m, p.lo80[s], p.hi80[s], p.lo95[s], p.hi95[s], p.base[s], p.lift[s], p.event[s]].forEach((v, k) => pts[k]!.push(v));
    });
  }
  await insertUnnest(tx, 'demand_forecast_points', [
    { name: 'forecast_id', type: 'int8' }, { name: 'step', type: 'int4' }, { name: 'period_start', type: 'date' }, { name: 'mean', type: 'float8' },
    { name: 'lo_80', type: 'float8' }, { name: 'hi_80', type: 'float8' }, { name: 'lo_95', type: 'float8' }, { name: 'hi_95', type: 'float8' },
    { name: 'base_mean', type: 'float8' }, { name: 'lift', type: 'float8' }, { name: 'event', type: 'text' },
  ], pts);
  progress(1);
  return { rows: histories.length };
}

export const demandForecastStep: PipelineStep = {
  name: 'demand-forecast',
  description: 'Weekly demand per SKU × warehouse forecast 8 weeks ahead by the automatic model choice, with 80/95% intervals, backtest accuracy and holiday/promotion lifts',
  dependsOn: [],
  run: ({ tx, asOf, timeZone, progress }) => runDemandForecast(tx, asOf, timeZone, progress),
};
