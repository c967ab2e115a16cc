import { abcClassify, demandCv, inventoryPolicy, xyzClass, type AbcClass, type XyzClass } from '@zhanggui/algorithms';
import { sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.js';
import { queryRows, type Tx } from '../../db/client.js';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { countedOrder } from '../analytics/kpi-report.sql.js';
import { loadDemandHistories } from '../forecasting/index.js';
import { getReplenishmentSettings } from './settings.service.js';
import { raiseStockAlerts } from './stock-alerts.js';

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export interface StockRow {
  sku_id: number; warehouse_id: number; kind: string; available: number; unit_cost: number | null;
}

export interface PolicyRow {
  skuId: number; warehouseId: number; abc: AbcClass; xyz: XyzClass; serviceLevel: number; meanDaily: number; sigmaDaily: number;
  leadTimeDays: number; leadTimeSdDays: number; safetyStock: number; reorderPoint: number; orderUpTo: number; eoq: number | null;
  available: number; onOrder: number; daysOfCover: number | null; stockoutDate: string | null; reorderNow: boolean; suggestedQuantity: number;
}

/** Units ordered from suppliers and not yet received, per SKU × warehouse. */
export async function onOrderUnits(tx: Tx): Promise<Map<string, number>> {
  const rows = await queryRows<{ sku_id: number; warehouse_id: number; units: number }>(tx, sql`
    select l.sku_id, p.warehouse_id, sum(l.quantity - l.received_quantity) as units
    from purchase_order_lines l join purchase_orders p on p.id = l.purchase_order_id where p.status = 'open' group by 1, 2`);
  return new Map(rows.map((r) => [`${r.sku_id}:${r.warehouse_id}`, Number(r.units)]));
}

/**
 * The policy of every stocked SKU × warehouse for the as-of date (docs/inventory.md): ABC by GMV or
 * margin share over the lookback, XYZ by the CV of the SKU's weekly demand, the cell's service
 * level, and from the `demand-forecast` rows of that date: safety stock, reorder point, order-up-to,
 * EOQ, days of cover and the projected stockout date. A SKU-level forecast (no warehouse data) is
 * applied to the SKU's central-warehouse row (or its only row).
 */
export async function computePolicies(tx: Tx, asOf: string, timeZone: string): Promise<PolicyRow[]> {
  const s = await getReplenishmentSettings(tx);
  const from = sql`((${asOf}::date - ${s.lookbackDays - 1}::int)::timestamp at time zone ${timeZone}::text)`;
  const end = sql`((${asOf}::date + 1)::timestamp at time zone ${timeZone}::text)`;
  const value = s.abcBasis === 'margin'
    ? sql`sum(l.quantity::int8 * (l.unit_price - coalesce(l.unit_cost, k.unit_cost, 0)))`
    : sql`sum(l.quantity::int8 * l.unit_price)`;
  const values = await queryRows<{ sku_id: number; value: number }>(tx, sql`
    select l.sku_id, ${value} as value from orders o join order_lines l on l.order_id = o.id and l.quantity > 0 join skus k on k.id = l.sku_id
    where o.placed_at >= ${from} and o.placed_at < ${end} and ${countedOrder('o')} group by 1`);
  const stock = await queryRows<StockRow>(tx, sql`
    select s.sku_id, s.warehouse_id, w.kind, (s.on_hand - s.reserved - s.safety_buffer) as available, k.unit_cost
    from stock_levels s join warehouses w on w.id = s.warehouse_id join skus k on k.id = s.sku_id order by 1, 2`);
  const forecasts = await queryRows<{ sku_id: number; warehouse_id: number | null; mean_daily: number; sigma_daily: number; id: number }>(tx, sql`
    select id, sku_id, warehouse_id, mean_daily, sigma_daily from demand_forecasts where as_of = ${asOf}::date`);
  const points = await queryRows<{ forecast_id: number; step: number; mean: number }>(tx, sql`
    select p.forecast_id, p.step, p.mean from demand_forecast_points p join demand_forecasts f on f.id = p.forecast_id
    where f.as_of = ${asOf}::date order by 1, 2`);
  const lead = await queryRows<{ sku_id: number; lead_time_days: number; lead_time_sd_days: number }>(tx, sql`
    select distinct on (ss.sku_id) ss.sku_id, ss.lead_time_days, coalesce(t.lead_time_sd_days, 0) as lead_time_sd_days
    from sku_suppliers ss left join supplier_terms t on t.sku_id = ss.sku_id and t.supplier_id = ss.supplier_id
    order by ss.sku_id, ss.is_primary desc, ss.lead_time_days, ss.supplier_id`);
  const onOrder = await onOrderUnits(tx);
  const histories = await loadDemandHistories(tx, asOf, timeZone);

  const abc = abcClassify([...new Set([...values.map((v) => v.sku_id), ...stock.map((r) => r.sku_id)])]
    .map((id) => ({ key: id, value: Number(values.find((v) => v.sku_id === id)?.value ?? 0) })), { a: s.abcA, b: s.abcB });
  // SKU-level weekly demand: the SKU's series summed over warehouses, aligned at the as-of end.
  const skuWeeks = new Map<number, number[]>();
  for (const h of histories) {
    const cur = skuWeeks.get(h.skuId) ?? [];
    const n = Math.max(cur.length, h.y.length);
    const sum = Array.from({ length: n }, (_, i) => (cur[cur.length - n + i] ?? 0) + (h.y[h.y.length - n + i] ?? 0));
    skuWeeks.set(h.skuId, sum);
  }
  const pathOf = new Map<number, number[]>();
  for (const p of points) {
    const arr = pathOf.get(p.forecast_id) ?? [];
    arr.push(p.mean);
    pathOf.set(p.forecast_id, arr);
  }
  const byKey = new Map(forecasts.map((f) => [`${f.sku_id}:${f.warehouse_id ?? ''}`, f]));
  const rowsOfSku = new Map<number, StockRow[]>();
  for (const r of stock) rowsOfSku.set(r.sku_id, [...(rowsOfSku.get(r.sku_id) ?? []), r]);
  const leadOf = new Map(lead.map((l) => [l.sku_id, l]));

  return stock.map((r) => {
    let f = byKey.get(`${r.sku_id}:${r.warehouse_id}`);
    if (!f) {
      const rows = rowsOfSku.get(r.sku_id)!;
      const home = rows.find((x) => x.kind === 'central') ?? rows[0]!;
      if (home.warehouse_id === r.warehouse_id) f = byKey.get(`${r.sku_id}:`);
    }
    const weeks = skuWeeks.get(r.sku_id);
    const a = abc.get(r.sku_id) ?? 'C';
    const x = weeks && weeks.length > 0 ? xyzClass(demandCv(weeks), { x: s.xyzX, y: s.xyzY }) : 'Z';
    const serviceLevel = s.serviceLevels[`${a}${x}`];
    const l = leadOf.get(r.sku_id);
    const leadTimeDays = Number(l?.lead_time_days ?? 7);
    const leadTimeSdDays = Number(l?.lead_time_sd_days ?? 0);
    const available = Number(r.available);
    const order = onOrder.get(`${r.sku_id}:${r.warehouse_id}`) ?? 0;
    const weekly = f ? pathOf.get(f.id) ?? [] : [];
    const daily = weekly.flatMap((w) => new Array<number>(7).fill(w / 7));
    const p = inventoryPolicy({
      meanDailyDemand: f ? Number(f.mean_daily) : 0, sigmaDailyDemand: f ? Number(f.sigma_daily) : 0,
      leadTimeDays, leadTimeSdDays, reviewPeriodDays: 1, serviceLevel, available, onOrder: order,
      orderCost: s.orderCost, holdingCostPerUnitYear: r.unit_cost === null ? null : Number(r.unit_cost) * s.holdingRate,
      ...(daily.length > 0 ? { dailyForecast: daily } : {}),
    });
    return {
      skuId: Number(r.sku_id), warehouseId: Number(r.warehouse_id), abc: a, xyz: x, serviceLevel,
      meanDaily: f ? Number(f.mean_daily) : 0, sigmaDaily: f ? Number(f.sigma_daily) : 0, leadTimeDays, leadTimeSdDays,
      safetyStock: Math.ceil(p.safetyStock - 1e-6), reorderPoint: Math.ceil(p.reorderPoint - 1e-6), orderUpTo: Math.ceil(p.orderUpTo - 1e-6),
      eoq: p.eoq === null ? null : Math.ceil(p.eoq), available, onOrder: order, daysOfCover: p.daysOfCover,
      stockoutDate: p.stockoutInDays === null ? null : addDays(asOf, p.stockoutInDays + 1),
      reorderNow: p.reorderNow, suggestedQuantity: p.suggestedQuantity,
    };
  });
}

/** `inventory-policy`: computePolicies for the as-of date, replacing that date's rows. */
export async function runInventoryPolicy(tx: Tx, asOf: string, timeZone: string): Promise<{ rows: number }> {
  const rows = await computePolicies(tx, asOf, timeZone);
  await tx.execute(sql`delete from inventory_policies where as_of = ${asOf}::date`);
  if (rows.length === 0) return { rows: 0 };
  const cols: [string, 'date' | 'int8' | 'int4' | 'text' | 'float8' | 'bool', (r: PolicyRow) => unknown][] = [
    ['as_of', 'date', () => asOf], ['sku_id', 'int8', (r) => r.skuId], ['warehouse_id', 'int8', (r) => r.warehouseId], ['abc', 'text', (r) => r.abc],
    ['xyz', 'text', (r) => r.xyz], ['service_level', 'float8', (r) => r.serviceLevel], ['mean_daily', 'float8', (r) => r.meanDaily],
    ['sigma_daily', 'float8', (r) => r.sigmaDaily], ['lead_time_days', 'float8', (r) => r.leadTimeDays], ['lead_time_sd_days', 'float8', (r) => r.leadTimeSdDays],
    ['safety_stock', 'int4', (r) => r.safetyStock], ['reorder_point', 'int4', (r) => r.reorderPoint], ['order_up_to', 'int4', (r) => r.orderUpTo],
    ['eoq', 'int4', (r) => r.eoq], ['available', 'int4', (r) => r.available], ['on_order', 'int4', (r) => r.onOrder],
    ['days_of_cover', 'float8', (r) => r.daysOfCover], ['stockout_date', 'date', (r) => r.stockoutDate], ['reorder_now', 'bool', (r) => r.reorderNow],
    ['suggested_quantity', 'int4', (r) => r.suggestedQuantity],
  ];
  await insertUnnest(tx, 'inventory_policies', cols.map(([name, type]) => ({ name, type })), cols.map(([, , get]) => rows.map(get)));
  await raiseStockAlerts(tx, asOf, rows);
  return { rows: rows.length };
}

export const inventoryPolicyStep: PipelineStep = {
  name: 'inventory-policy',
  description: 'ABC × XYZ classes, service level, safety stock, reorder point, order-up-to, EOQ, days of cover and projected stockout per SKU × warehouse',
  dependsOn: ['demand-forecast'],
  run: ({ tx, asOf, timeZone }) => runInventoryPolicy(tx, asOf, timeZone),
};
