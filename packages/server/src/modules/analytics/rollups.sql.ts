import { sql, type SQL } from 'drizzle-orm';
import { countedOrder } from './kpi-report.sql.js';

/**
 * Shared pieces of the read model's rollups (docs/analytics.md "Speed"): the same expressions
 * build the rollup rows (`analytics-rollups` step) and read the days after the watermark from
 * the facts, so both halves of a range count exactly alike.
 */

/** The step that builds the rollups, and the name of its row in `analytics_rollup_state`. */
export const ROLLUP_STEP = 'analytics-rollups';
export const ROLLUP_STATE = 'read-model';

/** The business day (store zone) of a timestamptz column. */
export const localDay = (col: SQL, tz: string) => sql`(${col} at time zone ${tz}::text)::date`;

/**
 * The furthest funnel level a session reached, given `s` (traffic_sessions) left-joined to `o`
 * (its order, only when counted — see {@link countedSessionOrder}): 0 visit, 1 product view,
 * 2 add-to-cart, 3 checkout (or any order), 4 a counted order (converted), 5 a counted, paid
 * order. A later step implies the earlier ones, as the funnel counts them.
 */
export const sessionLevel = sql.raw(`(case when o.id is not null then (case when o.paid_at is not null then 5 else 4 end)
  when s.checkouts > 0 or s.order_id is not null then 3 when s.add_to_carts > 0 then 2 when s.product_views > 0 then 1 else 0 end)`);

/** `left join` condition of a session's order when it is counted (metrics.md "orders"). */
export const countedSessionOrder = sql`o.id = s.order_id and ${countedOrder('o')}`;

/** Visitor levels (funnel steps and conversion) and customer levels of `analytics_distinct_daily`. */
export const LEVEL = { visitors: 0, productViewers: 1, addToCart: 2, checkout: 3, converted: 4, paid: 5, buyers: 10, repeatBuyers: 11, newBuyers: 12 } as const;

/** The grains of `analytics_distinct_daily`: which of channel and device a row is split by. */
export const GRAIN = { store: 0, channel: 1, device: 2, channelDevice: 3 } as const;

/**
 * Whether a rollup row counts for a range starting `d` days before the row's day (see the table's
 * comment): the entity's first day in the range; for repurchase its second order in the range;
 * for new buyers also a first-ever order in the range.
 */
export const countsFor = (d: SQL) => sql`(case level
  when 11 then gap <= ${d} and (gap2 is null or gap2 > ${d})
  when 12 then (gap is null or gap > ${d}) and gap2 <= ${d}
  else gap is null or gap > ${d} end)`;

/** 渠道与营销's attribution window (docs/analytics.md "Channels and marketing"). */
export const ATTRIBUTION_WINDOW_DAYS = 7;
export const ATTRIBUTION_WINDOW = `${ATTRIBUTION_WINDOW_DAYS} days`;

/**
 * `left join lateral … t`: the channel and campaign of the latest campaign-tagged session of the
 * visitor of order `ord`'s converting session in the window up to the order (no row: none).
 */
export const lastTouchOf = sql`left join lateral (
    select s2.channel_id, s2.campaign_id
    from traffic_sessions cs join traffic_sessions s2 on s2.visitor_id = cs.visitor_id
    where cs.order_id = ord.id and s2.campaign_id is not null
      and s2.started_at <= ord.placed_at and s2.started_at > ord.placed_at - ${ATTRIBUTION_WINDOW}::interval
    order by s2.started_at desc, s2.id desc limit 1) t on true`;

/**
 * 商品分析's figures of order lines `l` (quantity > 0, of counted orders) grouped by SKU: units,
 * orders, GMV, paid amount and cost of goods; and of refund lines `rl`: amount and count. The
 * same sums build `analytics_sku_daily` and read the days after the watermark.
 */
export const skuLineSums = sql.raw(`sum(l.quantity)::int8 as units, count(distinct l.order_id)::int8 as orders,
  sum(l.quantity::int8 * l.unit_price)::int8 as gmv,
  sum(l.quantity::int8 * l.unit_price - l.item_discount - l.order_discount - l.coupon_discount - l.points_discount)::int8 as paid,
  sum(l.quantity::int8 * coalesce(l.unit_cost, 0))::int8 as cogs`);
export const skuRefundSums = sql.raw('sum(rl.amount)::int8 as refunds, count(*)::int8 as refunded_lines');
