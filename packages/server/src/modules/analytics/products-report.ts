import { productsQuery, type ProductRanking, type ProductRow, type ProductsQuery, type ProductsReport } from '@zhanggui/contracts';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { countedOrder } from './kpi-report.sql.js';
import { dayStart, parseQuery, ratio, rangeContext, shiftDays } from './read-model.js';
import { rollupWatermark, span, type Span } from './rollups.js';
import { skuLineSums, skuRefundSums } from './rollups.sql.js';

export interface SkuRow { sku: string; name: string; units: number; orders: number; gmv: number; paid: number; cogs: number; refunds: number; refunded_lines: number }

const SKU_SUMS = sql`sum(units)::int8 as units, sum(orders)::int8 as orders, sum(gmv)::int8 as gmv, sum(paid)::int8 as paid,
  sum(cogs)::int8 as cogs, sum(refunds)::int8 as refunds, sum(refunded_lines)::int8 as refunded_lines`;

/**
 * Per SKU over the span: units, orders, GMV, paid amount and cost of its lines in counted orders
 * placed in it; its refunds by refund time — the days up to the watermark from
 * `analytics_sku_daily` (channel 0: the whole store), the later days from the facts.
 */
async function skuFigures(db: Tx, p: Span): Promise<Map<string, SkuRow>> {
  const ch = p.channelId;
  const parts: SQL[] = [];
  if (p.mid > p.from) {
    parts.push(sql`select sku_id, units, orders, gmv, paid_amount as paid, cogs, refunds, refunded_lines from analytics_sku_daily
      where day >= ${p.from}::date and day < ${p.mid}::date and channel_id = ${ch ?? 0}::int8`);
  }
  if (p.to > p.mid) {
    const [lo, hi] = [dayStart(p.mid, p.tz), dayStart(p.to, p.tz)];
    parts.push(sql`select l.sku_id, ${skuLineSums}, 0 as refunds, 0 as refunded_lines
      from orders o join order_lines l on l.order_id = o.id
      where o.placed_at >= ${lo} and o.placed_at < ${hi} and l.quantity > 0 and ${countedOrder('o')} and (${ch}::int8 is null or o.channel_id = ${ch}::int8)
      group by 1`);
    parts.push(sql`select rl.sku_id, 0, 0, 0, 0, 0, ${skuRefundSums}
      from refunds rf join refund_lines rl on rl.refund_id = rf.id left join orders ro on ro.id = rf.order_id
      where rf.refunded_at >= ${lo} and rf.refunded_at < ${hi} and (${ch}::int8 is null or coalesce(ro.channel_id, rf.channel_id) = ${ch}::int8)
      group by 1`);
  }
  if (parts.length === 0) return new Map();
  const rows = await queryRows<SkuRow & { sku_id: number }>(db, sql`
    select s.code as sku, s.name, x.* from (
      select sku_id, ${SKU_SUMS} from (${sql.join(parts, sql` union all `)}) u group by 1) x
    join skus s on s.id = x.sku_id`);
  return new Map(rows.map(({ sku_id: _, ...x }) => [x.sku, x]));
}

const toRow = (x: SkuRow): ProductRow => ({
  sku: x.sku, name: x.name, units: x.units, orders: x.orders, gmv: x.gmv, margin: x.paid - x.cogs, refunds: x.refunds, refundRate: ratio(x.refunds, x.paid),
});

/**
 * The SKUs sold (units > 0) ranked by a figure: `top` the `limit` highest, highest first, `bottom`
 * the `limit` lowest, lowest first; ties by SKU code. By refund rate only SKUs with a paid amount
 * (a rate) take part.
 */
export function rankSkus(rows: Iterable<SkuRow>, by: ProductRanking, limit: number): { top: ProductRow[]; bottom: ProductRow[] } {
  const ranked = [...rows].map(toRow).filter((r) => r.units > 0 && (by !== 'refundRate' || r.refundRate !== null));
  const value = (r: ProductRow) => r[by] ?? 0;
  ranked.sort((a, b) => value(b) - value(a) || a.sku.localeCompare(b.sku));
  const ascending = [...ranked].sort((a, b) => value(a) - value(b) || a.sku.localeCompare(b.sku));
  return { top: ranked.slice(0, limit), bottom: ascending.slice(0, limit) };
}

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
 * 商品分析: top and bottom SKUs over [from, to) by `rankBy` (default GMV), and the 异常商品 list — sudden drops
 * (the last 7 days of the range against the 4 weeks before them) and refund spikes (the range's
 * refund rate against the store's).
 */
export async function productsReport(db: Tx, query: ProductsQuery): Promise<ProductsReport> {
  return products(db, query, await rollupWatermark(db));
}

/** {@link productsReport} computed from the fact tables alone: the reference the rollups must equal. */
export async function productsFromFacts(db: Tx, query: ProductsQuery): Promise<ProductsReport> {
  return products(db, query, null);
}

async function products(db: Tx, query: ProductsQuery, watermark: string | null): Promise<ProductsReport> {
  const q = parseQuery(productsQuery, query);
  const r = await rangeContext(db, q.from, q.to, q.channel);
  const figures = (from: string, to: string) => skuFigures(db, span(from, to, watermark, r.timeZone, r.channelId));
  const all = await figures(q.from, q.to);
  const lastWeekFrom = shiftDays(q.to, -7);
  const last = await figures(lastWeekFrom, q.to);
  const base = await figures(shiftDays(lastWeekFrom, -7 * DROP.baselineWeeks), lastWeekFrom);
  const anomalies = detectAnomalies(base, last, all);
  return {
    currency: r.currency, range: { from: q.from, to: q.to }, rankBy: q.rankBy,
    ...rankSkus(all.values(), q.rankBy, q.limit),
    anomalies,
  };
}
