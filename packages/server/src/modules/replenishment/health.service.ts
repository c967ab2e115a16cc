import type { InventoryHealth, InventoryPolicyRow } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { countedOrder } from '../analytics/kpi-report.sql.js';
import { getStoreSettings } from '../store/index.js';
import { getReplenishmentSettings } from './settings.service.js';
import { OVERSTOCK_DAYS } from './stock-alerts.js';

export { OVERSTOCK_DAYS };

/** Inventory health for the latest policy date (≤ asOf): ABC × XYZ matrix, stockout risk, overstock, inventory KPIs. */
export async function inventoryHealth(db: Tx, asOf?: string): Promise<InventoryHealth> {
  const [d] = await queryRows<{ as_of: string | null }>(db, sql`select max(as_of) as as_of from inventory_policies where (${asOf ?? null}::date is null or as_of <= ${asOf ?? null}::date)`);
  const date = d?.as_of ?? null;
  const settings = await getReplenishmentSettings(db);
  const emptyKpis = { cogs: 0, avgInventoryValue: 0, turnover: null, available: 0, meanDaily: 0, daysOfCover: null, unitsOrdered: 0, unitsShipped: 0, fillRate: null, stockoutDays: 0 };
  if (!date) {
    return { asOf: null, matrix: {}, serviceLevels: settings.serviceLevels, stockoutDays: { days: 0, rows: 0, daysCovered: 0 }, stockoutRisk: [], overstock: [], rows: [],
      kpis: { periodDays: KPI_DAYS, overall: emptyKpis, skus: [] } };
  }
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
    kpis: await inventoryKpis(db, date, (await getStoreSettings(db)).timeZone),
  };
}

/** KPI window: the 30 days ending on the as-of date. */
export const KPI_DAYS = 30;

type Kpis = InventoryHealth['kpis']['overall'];
type KpiParts = { cogs: number; avgValue: number; available: number; meanDaily: number; ordered: number; shipped: number; stockoutDays: number; fulfilled: boolean };

function kpisOf(p: KpiParts): Kpis {
  return {
    cogs: Math.round(p.cogs), avgInventoryValue: p.avgValue, turnover: p.avgValue > 0 ? p.cogs / p.avgValue : null,
    available: p.available, meanDaily: p.meanDaily, daysOfCover: p.meanDaily > 0 ? p.available / p.meanDaily : null,
    unitsOrdered: p.ordered, unitsShipped: p.shipped,
    // Only where warehouses record the sales (movements): the share of ordered units shipped from stock, at most 1.
    fillRate: p.fulfilled && p.ordered > 0 ? Math.min(1, p.shipped / p.ordered) : null, stockoutDays: p.stockoutDays,
  };
}

/**
 * docs/metrics.md inventory KPIs over the KPI_DAYS days D−29 … D (store days) per SKU and overall, for the
 * SKU × warehouse rows of the policy date D:
 * - COGS = units of `sale` movements in the window × the SKU's unit cost (fen);
 * - average inventory value = the mean of the 30 end-of-day on-hand quantities × unit cost, the
 *   on-hand of day d rebuilt as today's on-hand minus every movement after d;
 * - turnover = COGS / average inventory value (for the 30 days; × 365/30 for a yearly rate);
 * - days of cover = Σ available / Σ forecast mean daily demand of the date's policies;
 * - fill rate = units shipped from stock (sale movements) / units ordered (order lines of counted
 *   orders placed in the window), at most 1, null for SKUs whose warehouses record no sales;
 * - stockout days = SKU × warehouse days (policy runs) with available ≤ 0 while forecast demand > 0.
 */
export async function inventoryKpis(db: Tx, date: string, timeZone: string): Promise<InventoryHealth['kpis']> {
  const start = sql`((${date}::date - ${KPI_DAYS - 1}::int)::timestamp at time zone ${timeZone}::text)`;
  const end = sql`((${date}::date + 1)::timestamp at time zone ${timeZone}::text)`;
  const rows = await queryRows<{ sku_id: number; code: string; name: string; cogs: number; avg_value: number; available: number; mean_daily: number; shipped: number; moved: boolean; ordered: number; stockout_days: number }>(db, sql`
    with pol as (
      select p.sku_id, p.warehouse_id, p.available, p.mean_daily from inventory_policies p where p.as_of = ${date}::date
    ),
    mv as (
      select m.sku_id, m.warehouse_id,
        coalesce(sum(-m.quantity) filter (where m.kind = 'sale' and m.occurred_at >= ${start} and m.occurred_at < ${end}), 0) as sold,
        -- Σ q × (days of the window whose end-of-day on-hand excludes the movement: those before its day).
        coalesce(sum(m.quantity::float8 * least(${KPI_DAYS}::int, greatest(0, (m.occurred_at at time zone ${timeZone}::text)::date - ${date}::date + ${KPI_DAYS - 1}::int))), 0) as later
      from stock_movements m join pol on pol.sku_id = m.sku_id and pol.warehouse_id = m.warehouse_id
      where m.occurred_at >= ${start}
      group by 1, 2
    ),
    so as (
      select sku_id, count(*) filter (where available <= 0 and mean_daily > 0) as days
      from inventory_policies where as_of > ${date}::date - ${KPI_DAYS}::int and as_of <= ${date}::date group by 1
    ),
    ord as (
      select l.sku_id, sum(l.quantity) as units from orders o join order_lines l on l.order_id = o.id and l.quantity > 0
      where o.placed_at >= ${start} and o.placed_at < ${end} and ${countedOrder('o')} and l.sku_id in (select sku_id from pol)
      group by 1
    ),
    per as (
      select pol.sku_id, sum(coalesce(mv.sold, 0)) as sold, sum(greatest(0, coalesce(sl.on_hand, 0) - coalesce(mv.later, 0) / ${KPI_DAYS}::int)) as avg_units,
        sum(pol.available) as available, sum(pol.mean_daily) as mean_daily, bool_or(mv.sku_id is not null and mv.sold > 0) as moved
      from pol left join mv on mv.sku_id = pol.sku_id and mv.warehouse_id = pol.warehouse_id
        left join stock_levels sl on sl.sku_id = pol.sku_id and sl.warehouse_id = pol.warehouse_id
      group by 1
    )
    select per.sku_id, k.code, k.name, per.sold * coalesce(k.unit_cost, 0) as cogs, per.avg_units * coalesce(k.unit_cost, 0) as avg_value,
      per.available, per.mean_daily, per.sold as shipped, per.moved, coalesce(ord.units, 0) as ordered, coalesce(so.days, 0) as stockout_days
    from per join skus k on k.id = per.sku_id left join ord on ord.sku_id = per.sku_id left join so on so.sku_id = per.sku_id
    order by cogs desc, per.sku_id`);
  const parts = rows.map((r) => ({
    cogs: Number(r.cogs), avgValue: Number(r.avg_value), available: Number(r.available), meanDaily: Number(r.mean_daily),
    ordered: Number(r.ordered), shipped: Number(r.shipped), stockoutDays: Number(r.stockout_days), fulfilled: Boolean(r.moved),
  }));
  const sum = (f: (p: KpiParts) => number, only: (p: KpiParts) => boolean = () => true) => parts.filter(only).reduce((a, p) => a + f(p), 0);
  const overall = kpisOf({
    cogs: sum((p) => p.cogs), avgValue: sum((p) => p.avgValue), available: sum((p) => p.available), meanDaily: sum((p) => p.meanDaily),
    // Fill rate over the SKUs with fulfilment data only, so that order-only SKUs do not count as unfilled.
    ordered: sum((p) => p.ordered, (p) => p.fulfilled), shipped: sum((p) => p.shipped, (p) => p.fulfilled), stockoutDays: sum((p) => p.stockoutDays),
    fulfilled: parts.some((p) => p.fulfilled),
  });
  return { periodDays: KPI_DAYS, overall, skus: rows.map((r, i) => ({ skuId: Number(r.sku_id), skuCode: r.code, skuName: r.name, ...kpisOf(parts[i]!) })) };
}
