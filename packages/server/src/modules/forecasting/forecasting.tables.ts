import { sql } from 'drizzle-orm';
import { date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ref } from '../../db/columns.js';
import { skus } from '../catalog/catalog.tables.js';
import { warehouses } from '../inventory/inventory.tables.js';

/**
 * One demand forecast per as-of date, SKU and warehouse (warehouse null: the SKU's demand from
 * order lines, where no warehouse recorded the sales). The model is the automatic choice by
 * rolling-origin backtest; the backtest accuracy of that model is kept next to it.
 */
export const demandForecasts = pgTable('demand_forecasts', {
  id: id(),
  asOf: date('as_of').notNull(),
  skuId: ref('sku_id').notNull().references(() => skus.id),
  warehouseId: ref('warehouse_id').references(() => warehouses.id),
  /** Length of a period in days (7: weekly buckets ending on the as-of date). */
  periodDays: integer('period_days').notNull(),
  historyPeriods: integer('history_periods').notNull(),
  model: text('model').notNull(),
  method: text('method').notNull(),
  selectedBy: text('selected_by').notNull(),
  demandClass: text('demand_class').notNull(),
  adi: doublePrecision('adi'),
  cv2: doublePrecision('cv2'),
  backtestSmape: doublePrecision('backtest_smape'),
  backtestMase: doublePrecision('backtest_mase'),
  backtestWape: doublePrecision('backtest_wape'),
  backtestBias: doublePrecision('backtest_bias'),
  /** Σ|y| and Σy of the backtest's actuals, so store-wide WAPE and bias pool exactly (metrics.md). */
  backtestActualAbs: doublePrecision('backtest_actual_abs'),
  backtestActualSum: doublePrecision('backtest_actual_sum'),
  /** Mean forecast demand per day over the first four periods, and the σ of one day's forecast error. */
  meanDaily: doublePrecision('mean_daily').notNull(),
  sigmaDaily: doublePrecision('sigma_daily').notNull(),
  /** Promotion and holiday lifts estimated from this series' history: [{ event, occurrences, raw, lift }] (docs/forecasting.md). */
  eventLifts: jsonb('event_lifts'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('demand_forecasts_as_of_sku_warehouse_key').on(t.asOf, t.skuId, sql`coalesce(${t.warehouseId}, 0)`),
  index('demand_forecasts_sku_idx').on(t.skuId, t.asOf),
]);

/** The forecast path: per period its start day, mean and 80/95% interval bounds (units). */
export const demandForecastPoints = pgTable('demand_forecast_points', {
  forecastId: ref('forecast_id').notNull().references(() => demandForecasts.id, { onDelete: 'cascade' }),
  step: integer('step').notNull(),
  periodStart: date('period_start').notNull(),
  mean: doublePrecision('mean').notNull(),
  lo80: doublePrecision('lo_80').notNull(),
  hi80: doublePrecision('hi_80').notNull(),
  lo95: doublePrecision('lo_95').notNull(),
  hi95: doublePrecision('hi_95').notNull(),
  /** The model's forecast before the event lift (null on rows from before lifts existed); mean = baseMean × lift. */
  baseMean: doublePrecision('base_mean'),
  lift: doublePrecision('lift').notNull().default(1),
  /** The known holiday or promotion that gave the lift, if any. */
  event: text('event'),
}, (t) => [primaryKey({ columns: [t.forecastId, t.step] })]);
