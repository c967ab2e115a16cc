import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { openAlert } from '../analytics/index.js';
import type { PolicyRow } from './inventory-policy.pipeline.js';

/** Stockouts projected within this many days of the as-of date raise an alert (the health page's risk window). */
export const STOCKOUT_ALERT_DAYS = 28;
/** Within this many days the alert is critical, otherwise a warning. */
export const STOCKOUT_CRITICAL_DAYS = 7;
/** Excess stock: more than this many days of cover. */
export const OVERSTOCK_DAYS = 90;

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * Alerts (analytics' openAlert, source `replenishment`) from the policy rows of the as-of date:
 * - projected stockout within 28 days: critical within 7 days, else warning; keyed by SKU, warehouse
 *   and projected date, so the same projection on later days does not open it again;
 * - overstock: more than 90 days of cover, or stock with no forecast demand (slow mover); info,
 *   keyed by SKU, warehouse and month, so at most one a month per SKU × warehouse.
 * Returns the alerts newly opened.
 */
export async function raiseStockAlerts(tx: Tx, asOf: string, rows: readonly PolicyRow[]): Promise<{ stockout: number; overstock: number }> {
  const flagged = rows.filter((r) => (r.stockoutDate !== null && daysBetween(asOf, r.stockoutDate) <= STOCKOUT_ALERT_DAYS)
    || (r.available > 0 && (r.meanDaily <= 0 || (r.daysOfCover !== null && r.daysOfCover > OVERSTOCK_DAYS))));
  if (flagged.length === 0) return { stockout: 0, overstock: 0 };
  const names = new Map((await queryRows<{ sku_id: number; warehouse_id: number; sku: string; wh: string }>(tx, sql`
    select k.id as sku_id, w.id as warehouse_id, k.code as sku, w.code as wh from skus k cross join warehouses w
    where k.id = any(${`{${[...new Set(flagged.map((r) => r.skuId))].join(',')}}`}::int8[])
      and w.id = any(${`{${[...new Set(flagged.map((r) => r.warehouseId))].join(',')}}`}::int8[])`))
    .map((r) => [`${Number(r.sku_id)}:${Number(r.warehouse_id)}`, r]));
  let stockout = 0;
  let overstock = 0;
  for (const r of flagged) {
    const n = names.get(`${r.skuId}:${r.warehouseId}`);
    const evidence = { skuId: r.skuId, sku: n?.sku, warehouseId: r.warehouseId, warehouse: n?.wh, available: r.available, onOrder: r.onOrder,
      meanDaily: r.meanDaily, daysOfCover: r.daysOfCover, stockoutDate: r.stockoutDate, reorderPoint: r.reorderPoint, asOf };
    if (r.stockoutDate !== null && daysBetween(asOf, r.stockoutDate) <= STOCKOUT_ALERT_DAYS) {
      const inDays = daysBetween(asOf, r.stockoutDate);
      const res = await openAlert(tx, {
        key: `replenishment:stockout:${r.skuId}:${r.warehouseId}:${r.stockoutDate}`, source: 'replenishment', day: asOf, evidence,
        severity: inDays <= STOCKOUT_CRITICAL_DAYS ? 'critical' : 'warning',
        title: `预计缺货 Projected stockout: ${n?.sku ?? r.skuId} @ ${n?.wh ?? r.warehouseId} on ${r.stockoutDate} (${inDays} days)`,
      });
      if (res.created) stockout++;
    } else {
      const slow = r.meanDaily <= 0;
      const res = await openAlert(tx, {
        key: `replenishment:overstock:${r.skuId}:${r.warehouseId}:${asOf.slice(0, 7)}`, source: 'replenishment', day: asOf, evidence, severity: 'info',
        title: slow
          ? `滞销 Slow mover: ${n?.sku ?? r.skuId} @ ${n?.wh ?? r.warehouseId}, ${r.available} on hand, no forecast demand`
          : `积压 Overstock: ${n?.sku ?? r.skuId} @ ${n?.wh ?? r.warehouseId}, ${Math.round(r.daysOfCover!)} days of cover (> ${OVERSTOCK_DAYS})`,
      });
      if (res.created) overstock++;
    }
  }
  return { stockout, overstock };
}
