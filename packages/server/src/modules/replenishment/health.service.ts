import type { InventoryHealth, InventoryPolicyRow } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { getReplenishmentSettings } from './settings.service.js';

/** Excess stock: more than this many days of cover. */
export const OVERSTOCK_DAYS = 90;

/** Inventory health for the latest policy date (≤ asOf): ABC × XYZ matrix, stockout risk, overstock. */
export async function inventoryHealth(db: Tx, asOf?: string): Promise<InventoryHealth> {
  const [d] = await queryRows<{ as_of: string | null }>(db, sql`select max(as_of) as as_of from inventory_policies where (${asOf ?? null}::date is null or as_of <= ${asOf ?? null}::date)`);
  const date = d?.as_of ?? null;
  const settings = await getReplenishmentSettings(db);
  if (!date) return { asOf: null, matrix: {}, serviceLevels: settings.serviceLevels, stockoutDays: { days: 0, rows: 0, daysCovered: 0 }, stockoutRisk: [], overstock: [], rows: [] };
  const [so] = await queryRows<{ days: number; rows: number; covered: number }>(db, sql`
    select count(*) filter (where available <= 0 and mean_daily > 0) as days, count(*) as rows, count(distinct as_of) as covered
    from inventory_policies where as_of > ${date}::date - 30 and as_of <= ${date}::date`);
  const rows = await queryRows<InventoryPolicyRow>(db, sql`
    select p.sku_id as "skuId", k.code as "skuCode", k.name as "skuName", p.warehouse_id as "warehouseId", w.code as "warehouseCode", p.abc, p.xyz,
      p.service_level as "serviceLevel", p.mean_daily as "meanDaily", p.safety_stock as "safetyStock", p.reorder_point as "reorderPoint",
      p.order_up_to as "orderUpTo", p.eoq, p.available, p.on_order as "onOrder", p.days_of_cover as "daysOfCover", p.stockout_date as "stockoutDate",
      p.reorder_now as "reorderNow", p.suggested_quantity as "suggestedQuantity"
    from inventory_policies p join skus k on k.id = p.sku_id join warehouses w on w.id = p.warehouse_id
    where p.as_of = ${date}::date order by p.abc, p.xyz, p.mean_daily desc, p.sku_id, p.warehouse_id`);
  const matrix: Record<string, number> = {};
  for (const r of rows) matrix[`${r.abc}${r.xyz}`] = (matrix[`${r.abc}${r.xyz}`] ?? 0) + 1;
  const horizon = new Date(Date.parse(`${date}T00:00:00Z`) + 28 * 86_400_000).toISOString().slice(0, 10);
  return {
    asOf: date, matrix, serviceLevels: settings.serviceLevels,
    stockoutDays: { days: Number(so?.days ?? 0), rows: Number(so?.rows ?? 0), daysCovered: Number(so?.covered ?? 0) },
    // Projected to run out within four weeks, soonest first.
    stockoutRisk: rows.filter((r) => r.stockoutDate !== null && r.stockoutDate <= horizon).sort((a, b) => a.stockoutDate!.localeCompare(b.stockoutDate!)),
    overstock: rows.filter((r) => r.daysOfCover !== null && r.daysOfCover > OVERSTOCK_DAYS).sort((a, b) => b.daysOfCover! - a.daysOfCover!),
    rows,
  };
}
