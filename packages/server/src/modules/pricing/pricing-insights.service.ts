/**
 * Did the promotion pay (incrementality against a random holdout), and price suggestions per SKU.
 * The order reads here are joins over orders and lines by customer or SKU; they belong in the
 * analytics read model once it offers them.
 */
import { sql } from 'drizzle-orm';
import { normalQuantile, welchTTest } from '@zhanggui/algorithms';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';

export const ROI_TARGET = 1.8;

interface Group { n: number; mean: number; variance: number }
function group(xs: number[]): Group {
  const n = xs.length;
  const mean = n ? xs.reduce((s, x) => s + x, 0) / n : 0;
  const variance = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
  return { n, mean, variance };
}

export interface Effect {
  /** Mean per targeted customer: offered, held out. */
  offeredMean: number;
  holdoutMean: number;
  /** offered − holdout per customer, its 95 % CI (normal, Welch standard error) and Welch p-value. */
  diffPerCustomer: number;
  ci: [number, number];
  pValue: number;
  /** diffPerCustomer × offered customers (and the CI scaled the same way). */
  incrementalTotal: number;
  incrementalCi: [number, number];
}

function effect(a: number[], b: number[]): Effect {
  const ga = group(a);
  const gb = group(b);
  const se = Math.sqrt(ga.variance / Math.max(1, ga.n) + gb.variance / Math.max(1, gb.n));
  const z = normalQuantile(0.975);
  const diff = ga.mean - gb.mean;
  const ci: [number, number] = [diff - z * se, diff + z * se];
  return {
    offeredMean: ga.mean, holdoutMean: gb.mean, diffPerCustomer: diff, ci,
    pValue: ga.n > 1 && gb.n > 1 ? welchTTest(ga.mean, ga.variance, ga.n, gb.mean, gb.variance, gb.n).pValue : 1,
    incrementalTotal: diff * ga.n, incrementalCi: [ci[0] * ga.n, ci[1] * ga.n],
  };
}

export interface IncrementalityReport {
  ref: string;
  from: string;
  to: string;
  causal: boolean;
  label: { zh: string; en: string };
  offered: number;
  heldOut: number;
  /** Σ discounts recorded against the promotion or batch. */
  discountCost: number;
  orders: Effect | null;
  gmv: Effect | null;
  margin: Effect | null;
  /** Incremental GMV / discount cost (the handbook's ROI), with its CI; target 1.8. */
  roi: number | null;
  roiCi: [number, number] | null;
  roiTarget: number;
  meetsTarget: boolean | null;
  /** Without a holdout: what the redeeming orders did (not causal). */
  redeemingOrders?: number;
  redeemingGmv?: number;
  attributedRoi?: number | null;
}

/**
 * Incrementality of a promotion or coupon batch over [from, to): with a holdout, the difference in
 * means per targeted customer (orders, GMV = payable, margin = net of discounts and cost) between
 * offered and held-out customers, with Welch standard errors; without one, the redeeming orders'
 * GMV against the discount cost, labelled not causal.
 */
export async function incrementalityReport(db: Tx, ref: string, from: string, to: string): Promise<IncrementalityReport> {
  const [{ cost = 0 } = {}] = await queryRows<{ cost: number }>(db, sql`select coalesce(sum(amount), 0)::bigint as cost from pricing_redemptions where ref_code = ${ref}`);
  const [exists] = await queryRows<{ n: number }>(db, sql`select (select count(*) from pricing_promotions where code = ${ref}) + (select count(*) from pricing_coupon_batches where code = ${ref}) as n`);
  if (!Number(exists?.n)) throw new AppError('not_found', `no promotion or coupon batch '${ref}'`);
  const rows = await queryRows<{ held_out: boolean; orders: number; gmv: number; margin: number }>(db, sql`
    with per_order as (
      select o.id, o.customer_id, o.payable_amount - o.shipping_amount as gmv,
             coalesce((select sum(l.quantity * (l.unit_price - coalesce(l.unit_cost, l.unit_price)) - l.item_discount - l.order_discount - l.coupon_discount - l.points_discount)
                       from order_lines l where l.order_id = o.id), 0) as margin
      from orders o
      where o.paid_at >= ${from}::date and o.paid_at < ${to}::date and o.cancelled_at is null
        and o.customer_id in (select customer_id from pricing_targets where ref_code = ${ref})
    )
    select t.held_out, count(po.id)::int as orders, coalesce(sum(po.gmv), 0)::bigint as gmv, coalesce(sum(po.margin), 0)::bigint as margin
    from pricing_targets t left join per_order po on po.customer_id = t.customer_id
    where t.ref_code = ${ref}
    group by t.customer_id, t.held_out`);
  const offered = rows.filter((r) => !r.held_out);
  const held = rows.filter((r) => r.held_out);
  const base = { ref, from, to, offered: offered.length, heldOut: held.length, discountCost: Number(cost), roiTarget: ROI_TARGET };
  if (held.length >= 2 && offered.length >= 2) {
    const orders = effect(offered.map((r) => Number(r.orders)), held.map((r) => Number(r.orders)));
    const gmv = effect(offered.map((r) => Number(r.gmv)), held.map((r) => Number(r.gmv)));
    const margin = effect(offered.map((r) => Number(r.margin)), held.map((r) => Number(r.margin)));
    const c = Number(cost);
    const roi = c > 0 ? gmv.incrementalTotal / c : null;
    return {
      ...base, causal: true,
      label: { zh: '随机对照（留出组）估计的增量：因果效应', en: 'incremental effect against a random holdout: causal' },
      orders, gmv, margin, roi, roiCi: c > 0 ? [gmv.incrementalCi[0] / c, gmv.incrementalCi[1] / c] : null,
      meetsTarget: roi === null ? null : roi >= ROI_TARGET,
    };
  }
  const [red] = await queryRows<{ orders: number; gmv: number }>(db, sql`
    select count(*)::int as orders, coalesce(sum(o.payable_amount - o.shipping_amount), 0)::bigint as gmv
    from pricing_redemptions r join orders o on o.id = r.order_id
    where r.ref_code = ${ref} and o.paid_at >= ${from}::date and o.paid_at < ${to}::date and o.cancelled_at is null`);
  const c = Number(cost);
  const attributedRoi = c > 0 ? Number(red!.gmv) / c : null;
  return {
    ...base, causal: false,
    label: { zh: '无留出组：以下为使用该优惠的订单的归因数字，不是因果增量（这些订单没有优惠也可能发生）', en: 'no holdout: attributed figures of the orders that used it, NOT causal (many would have happened anyway)' },
    orders: null, gmv: null, margin: null, roi: null, roiCi: null, meetsTarget: null,
    redeemingOrders: Number(red!.orders), redeemingGmv: Number(red!.gmv), attributedRoi,
  };
}

// ---- price suggestions ---------------------------------------------------------------------

/** The lowest price ending in 9.90 (x9.90 yuan) at or above `fen`. */
export function charmPrice(fen: number): number {
  const tens = Math.ceil((fen - 990) / 1000);
  return Math.max(990, tens * 1000 + 990);
}

export interface PriceSuggestion {
  sku: string;
  listPrice: number;
  unitCost: number | null;
  costPlus: { targetMargin: number; price: number; charmPrice: number } | null;
  penetration: { discount: number; price: number } | null;
  elasticity: {
    weeks: number;
    estimate: number;
    standardError: number;
    ci: [number, number];
    /** Margin-maximising price p* = c·e/(1 + e) for constant elasticity e < −1, and over the CI of e. */
    marginMaxPrice: number | null;
    marginMaxRange: [number, number] | null;
    note: { zh: string; en: string };
  } | null;
  competitorAnchored: CompetitorAnchored | null;
}

export interface CompetitorAnchored {
  days: number;
  gap: number;
  marginFloor: number;
  lowest: { competitor: string; price: number; observedOn: string };
  /** cost × (1 + marginFloor), half up to the fen; null without a unit cost. */
  floorPrice: number | null;
  price: number;
  cappedAtFloor: boolean;
  rule: { zh: string; en: string };
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/**
 * Competitor-anchored price: the lowest competitor price seen in the `days` days up to asOf
 * (asOf − days < observed_on ≤ asOf) minus `gap` fen, never under the margin floor
 * cost × (1 + marginFloor) and never under 1 fen. Pure: the caller picks the lowest observation.
 */
export function competitorAnchoredPrice(
  lowest: { competitor: string; price: number; observedOn: string },
  cost: number | null, opts: { days: number; gap: number; marginFloor: number },
): CompetitorAnchored {
  const floorPrice = cost === null ? null : Math.round(cost * (1 + opts.marginFloor));
  const anchored = Math.max(1, lowest.price - opts.gap);
  const cappedAtFloor = floorPrice !== null && anchored < floorPrice;
  const price = cappedAtFloor ? floorPrice : anchored;
  const pct = `${Math.round(opts.marginFloor * 1000) / 10}%`;
  const base = {
    zh: `近 ${opts.days} 天最低竞品价 ${yuan(lowest.price)}（${lowest.competitor}，${lowest.observedOn}）减 ${yuan(opts.gap)}`,
    en: `lowest competitor price in the last ${opts.days} days ${yuan(lowest.price)} (${lowest.competitor}, ${lowest.observedOn}) minus ${yuan(opts.gap)}`,
  };
  const rule = cappedAtFloor
    ? { zh: `${base.zh} = ${yuan(anchored)}，低于利润底线（成本 × (1 + ${pct}) = ${yuan(floorPrice)}），取底线`, en: `${base.en} = ${yuan(anchored)}, under the margin floor (cost × (1 + ${pct}) = ${yuan(floorPrice)}): the floor` }
    : floorPrice === null
      ? { zh: `${base.zh} = ${yuan(price)}（缺少成本，未检查利润底线）`, en: `${base.en} = ${yuan(price)} (no unit cost: margin floor not checked)` }
      : { zh: `${base.zh} = ${yuan(price)}，不低于利润底线 ${yuan(floorPrice)}`, en: `${base.en} = ${yuan(price)}, not under the margin floor ${yuan(floorPrice)}` };
  return { days: opts.days, gap: opts.gap, marginFloor: opts.marginFloor, lowest, floorPrice, price, cappedAtFloor, rule };
}

export interface CompetitorPriceDto { sku: string; competitor: string; price: number; observedOn: string; url: string | null }

async function skuIdOf(db: Tx, code: string): Promise<number> {
  const [sku] = await queryRows<{ id: number }>(db, sql`select id from skus where code = ${code}`);
  if (!sku) throw new AppError('not_found', `no SKU '${code}'`);
  return Number(sku.id);
}

/** Record a competitor's price for a SKU on a day; the same competitor and day again replaces it. */
export async function recordCompetitorPrice(db: Tx, actor: Actor, skuCode: string, body: { competitor: string; price: number; observedOn: string; url?: string | undefined }): Promise<CompetitorPriceDto> {
  return db.transaction(async (tx) => {
    const skuId = await skuIdOf(tx, skuCode);
    await tx.execute(sql`
      insert into pricing_competitor_prices (sku_id, competitor, price, observed_on, url)
      values (${skuId}, ${body.competitor}, ${body.price}, ${body.observedOn}::date, ${body.url ?? null})
      on conflict (sku_id, competitor, observed_on) do update set price = excluded.price, url = excluded.url`);
    await audit(tx, actor, { action: 'create', entity: 'competitor_price', entityId: `${skuCode}/${body.competitor}/${body.observedOn}`, after: body });
    return { sku: skuCode, competitor: body.competitor, price: body.price, observedOn: body.observedOn, url: body.url ?? null };
  });
}

/** A SKU's recorded competitor prices, newest day first. */
export async function listCompetitorPrices(db: Tx, skuCode: string): Promise<CompetitorPriceDto[]> {
  const skuId = await skuIdOf(db, skuCode);
  const rows = await queryRows<{ competitor: string; price: number; observed_on: string; url: string | null }>(db, sql`
    select competitor, price, to_char(observed_on, 'YYYY-MM-DD') as observed_on, url from pricing_competitor_prices
    where sku_id = ${skuId} order by observed_on desc, competitor`);
  return rows.map((r) => ({ sku: skuCode, competitor: r.competitor, price: Number(r.price), observedOn: r.observed_on, url: r.url }));
}

/**
 * Suggestions for one SKU: cost-plus at a target margin on price (p = c / (1 − m)) with its x9.90
 * ending; a penetration price (launch: list − 15 %, not under cost-plus at half the margin); and the
 * margin-maximising price under a constant elasticity estimated by least squares of
 * ln(weekly units) on ln(weekly average net price) from the store's history.
 */
export async function priceSuggestions(
  db: Tx, skuCode: string,
  opts: { targetMargin: number; asOf: string; weeks: number; competitorDays?: number; competitorGap?: number; marginFloor?: number },
): Promise<PriceSuggestion> {
  const [sku] = await queryRows<{ id: number; code: string; price: number; unit_cost: number | null }>(db, sql`select id, code, price, unit_cost from skus where code = ${skuCode}`);
  if (!sku) throw new AppError('not_found', `no SKU '${skuCode}'`);
  const cost = sku.unit_cost === null ? null : Number(sku.unit_cost);
  const list = Number(sku.price);
  const costPlus = cost === null ? null : (() => {
    const price = Math.round(cost / (1 - opts.targetMargin));
    return { targetMargin: opts.targetMargin, price, charmPrice: charmPrice(price) };
  })();
  const penetration = cost === null ? null : { discount: 0.15, price: Math.max(Math.round(cost / (1 - opts.targetMargin / 2)), Math.round(list * 0.85)) };
  const weekly = await queryRows<{ units: number; revenue: number }>(db, sql`
    select sum(l.quantity)::bigint as units,
           sum(l.quantity * l.unit_price - l.item_discount - l.order_discount - l.coupon_discount)::bigint as revenue
    from order_lines l join orders o on o.id = l.order_id
    where l.sku_id = ${sku.id} and o.cancelled_at is null and l.quantity > 0
      and o.placed_at >= ${opts.asOf}::date - (${opts.weeks} * 7) and o.placed_at < ${opts.asOf}::date
    group by date_trunc('week', o.placed_at)
    having sum(l.quantity) > 0`);
  let elasticity: PriceSuggestion['elasticity'] = null;
  const pts = weekly.map((w) => ({ x: Math.log(Number(w.revenue) / Number(w.units)), y: Math.log(Number(w.units)) })).filter((p) => Number.isFinite(p.x));
  if (pts.length >= 8) {
    const n = pts.length;
    const mx = pts.reduce((s, p) => s + p.x, 0) / n;
    const my = pts.reduce((s, p) => s + p.y, 0) / n;
    const sxx = pts.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    if (sxx > 1e-8) {
      const b = pts.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
      const a = my - b * mx;
      const rss = pts.reduce((s, p) => s + (p.y - a - b * p.x) ** 2, 0);
      const se = Math.sqrt(rss / (n - 2) / sxx);
      const z = normalQuantile(0.975);
      const ci: [number, number] = [b - z * se, b + z * se];
      const pStar = (e: number) => (cost !== null && e < -1 ? Math.round((cost * e) / (1 + e)) : null);
      const lo = pStar(ci[0]);
      const hi = pStar(ci[1]);
      elasticity = {
        weeks: n, estimate: b, standardError: se, ci,
        marginMaxPrice: pStar(b),
        // p* falls as demand gets more elastic: the more negative end of the CI gives the lower price.
        marginMaxRange: lo !== null && hi !== null ? [lo, hi] : null,
        note: cost === null
          ? { zh: '缺少成本，无法求利润最大化价格', en: 'no unit cost: cannot find the margin-maximising price' }
          : b >= -1
            ? { zh: '估计需求缺乏弹性（e ≥ −1）：在观测范围内提价会增加利润，模型不给出最优价', en: 'demand looks inelastic (e ≥ −1): raising the price raises margin within the observed range; no optimum from this model' }
            : hi === null
              ? { zh: '弹性的置信区间包含 −1，最优价的不确定性无上限', en: 'the CI of the elasticity reaches −1: the optimum has no upper bound' }
              : { zh: '常弹性模型下的利润最大化价格及其区间', en: 'margin-maximising price under constant elasticity, with its range over the CI' },
      };
      if (hi === null && elasticity.marginMaxPrice !== null) elasticity.marginMaxRange = null;
    }
  }
  const days = opts.competitorDays ?? 30;
  const [low] = await queryRows<{ competitor: string; price: number; observed_on: string }>(db, sql`
    select competitor, price, to_char(observed_on, 'YYYY-MM-DD') as observed_on from pricing_competitor_prices
    where sku_id = ${sku.id} and observed_on > ${opts.asOf}::date - ${days}::int and observed_on <= ${opts.asOf}::date
    order by price, observed_on desc, competitor limit 1`);
  const competitorAnchored = low
    ? competitorAnchoredPrice({ competitor: low.competitor, price: Number(low.price), observedOn: low.observed_on }, cost, { days, gap: opts.competitorGap ?? 100, marginFloor: opts.marginFloor ?? 0.1 })
    : null;
  return { sku: sku.code, listPrice: list, unitCost: cost, costPlus, penetration, elasticity, competitorAnchored };
}
