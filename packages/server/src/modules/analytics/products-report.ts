import { productsQuery, type ProductRow, type ProductsQuery, type ProductsReport } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { countedOrder } from './kpi-report.sql.js';
import { bounds, parseQuery, ratio, rangeContext, shiftDays, type RangeContext } from './read-model.js';

export interface SkuRow { sku: string; name: string; units: number; orders: number; gmv: number; paid: number; cogs: number; refunds: number; refunded_lines: number }

/** Per SKU over a range: units, orders, GMV, paid amount and cost of its lines; its refunds by refund time. */
async function skuFigures(db: Tx, r: RangeContext): Promise<Map<string, SkuRow>> {
  const ch = r.channelId;
  const rows = await queryRows<SkuRow>(db, sql`
    with sold as (
      select l.sku_id, sum(l.quantity)::int8 as units, count(distinct l.order_id)::int8 as orders, sum(l.quantity * l.unit_price)::int8 as gmv,
        sum(l.quantity * l.unit_price - l.item_discount - l.order_discount - l.coupon_discount - l.points_discount)::int8 as paid,
        sum(l.quantity * coalesce(l.unit_cost, 0))::int8 as cogs
      from orders o join order_lines l on l.order_id = o.id
      where o.placed_at >= ${r.lo} and o.placed_at < ${r.hi} and l.quantity > 0 and ${countedOrder('o')} and (${ch}::int8 is null or o.channel_id = ${ch}::int8)
      group by 1),
    back as (
      select rl.sku_id, sum(rl.amount)::int8 as refunds, count(*)::int8 as refunded_lines
      from refunds rf join refund_lines rl on rl.refund_id = rf.id left join orders ro on ro.id = rf.order_id
      where rf.refunded_at >= ${r.lo} and rf.refunded_at < ${r.hi} and (${ch}::int8 is null or coalesce(ro.channel_id, rf.channel_id) = ${ch}::int8)
      group by 1)
    select s.code as sku, s.name, coalesce(sold.units, 0) as units, coalesce(sold.orders, 0) as orders, coalesce(sold.gmv, 0) as gmv,
      coalesce(sold.paid, 0) as paid, coalesce(sold.cogs, 0) as cogs, coalesce(back.refunds, 0) as refunds, coalesce(back.refunded_lines, 0) as refunded_lines
    from sold full join back using (sku_id) join skus s on s.id = coalesce(sold.sku_id, back.sku_id)`);
  return new Map(rows.map((x) => [x.sku, x]));
}

const toRow = (x: SkuRow): ProductRow => ({
  sku: x.sku, name: x.name, units: x.units, orders: x.orders, gmv: x.gmv, margin: x.paid - x.cogs, refunds: x.refunds, refundRate: ratio(x.refunds, x.paid),
});
const byGmv = (a: SkuRow, b: SkuRow) => b.gmv - a.gmv || a.sku.localeCompare(b.sku);

/** Drop: a SKU selling ≥ 10 units in the 4 baseline weeks whose last-7-day GMV is under half its weekly average. */
export const DROP = { baselineWeeks: 4, minBaselineUnits: 10, below: 0.5 };
/** Spike: ≥ 3 refunded lines and a refund rate ≥ 2× the store's and ≥ 10%. */
export const SPIKE = { minLines: 3, factor: 2, floor: 0.1 };

/**
 * 异常商品 from per-SKU figures of the 4 baseline weeks, the last 7 days and the whole range:
 * sudden drops (ratio = last-7-day GMV / baseline weekly GMV) and refund spikes (ratio = the
 * SKU's refund rate / the store's), drops first (deepest first), then spikes (highest first).
 */
export function detectAnomalies(base: ReadonlyMap<string, SkuRow>, last: ReadonlyMap<string, SkuRow>, all: ReadonlyMap<string, SkuRow>): ProductsReport['anomalies'] {
  const anomalies: ProductsReport['anomalies'] = [];
  for (const b of base.values()) {
    if (b.units < DROP.minBaselineUnits) continue;
    const weekly = b.gmv / DROP.baselineWeeks;
    const now = last.get(b.sku);
    const ratioNow = (now?.gmv ?? 0) / weekly;
    if (ratioNow < DROP.below) anomalies.push({ ...toRow(now ?? { ...b, units: 0, orders: 0, gmv: 0, paid: 0, cogs: 0, refunds: 0, refunded_lines: 0 }), kind: 'sudden_drop', ratio: ratioNow });
  }
  const paid = [...all.values()].reduce((s, x) => s + x.paid, 0);
  const storeRate = ratio([...all.values()].reduce((s, x) => s + x.refunds, 0), paid);
  for (const x of all.values()) {
    const rate = ratio(x.refunds, x.paid);
    if (storeRate === null || storeRate === 0 || rate === null || x.refunded_lines < SPIKE.minLines) continue;
    if (rate >= SPIKE.factor * storeRate && rate >= SPIKE.floor) anomalies.push({ ...toRow(x), kind: 'refund_spike', ratio: rate / storeRate });
  }
  return anomalies.sort((a, b) => b.kind.localeCompare(a.kind) || (a.kind === 'sudden_drop' ? a.ratio - b.ratio : b.ratio - a.ratio) || a.sku.localeCompare(b.sku));
}

/**
 * 商品分析: top and bottom SKUs by GMV over [from, to), and the 异常商品 list — sudden drops
 * (the last 7 days of the range against the 4 weeks before them) and refund spikes (the range's
 * refund rate against the store's).
 */
export async function productsReport(db: Tx, query: ProductsQuery): Promise<ProductsReport> {
  const q = parseQuery(productsQuery, query);
  const r = await rangeContext(db, q.from, q.to, q.channel);
  const all = await skuFigures(db, r);
  const sold = [...all.values()].filter((x) => x.units > 0).sort(byGmv);
  const lastWeekFrom = shiftDays(q.to, -7);
  const last = await skuFigures(db, { ...r, ...bounds(lastWeekFrom, q.to, r.timeZone) });
  const base = await skuFigures(db, { ...r, ...bounds(shiftDays(lastWeekFrom, -7 * DROP.baselineWeeks), lastWeekFrom, r.timeZone) });
  const anomalies = detectAnomalies(base, last, all);
  return {
    currency: r.currency, range: { from: q.from, to: q.to },
    top: sold.slice(0, q.limit).map(toRow),
    bottom: sold.slice(-q.limit).reverse().map(toRow),
    anomalies,
  };
}
