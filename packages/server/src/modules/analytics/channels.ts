import { channelsQuery, type ChannelsQuery, type ChannelsReport } from '@zhanggui/contracts';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { countedOrder } from './kpi-report.sql.js';
import { dayStart as ts, parseQuery, perUnit, ratio, rangeContext, type RangeContext } from './read-model.js';
import { rollupWatermark, span, type Span } from './rollups.js';
import { ATTRIBUTION_WINDOW_DAYS, lastTouchOf, localDay } from './rollups.sql.js';

export { ATTRIBUTION_WINDOW_DAYS };

const ATTRIBUTION = {
  model: 'last_non_direct_touch' as const,
  windowDays: ATTRIBUTION_WINDOW_DAYS,
  description: 'An order belongs to the channel and campaign of the latest campaign-tagged session of its visitor in the 7 days up to the order; '
    + 'without one, to the channel it was placed on (organic, no campaign).',
};

interface Attributed { channel_id: number; campaign_id: number | null; day: string; orders: number; gmv: number; margin: number; new_buyers: number }
interface Spent { channel_id: number; campaign_id: number | null; day: string; spend: number; impressions: number; clicks: number }

/**
 * Counted orders placed in [lo, hi) with the channel and campaign they are attributed to
 * (docs/analytics.md), summed per channel, campaign and business day. Margin per order is
 * paid − cost of goods − refunds of the order before `hi` + their cost; a new buyer is an order
 * that is its customer's first-ever counted one.
 */
function attributedFromFacts(lo: SQL, hi: SQL, tz: string): SQL {
  return sql`
    with ord as (
      select o.id, o.channel_id, o.campaign_id, o.placed_at, o.items_amount as gmv,
        o.items_amount - o.discount_amount
          - (select coalesce(sum(l.quantity * coalesce(l.unit_cost, 0)), 0) from order_lines l where l.order_id = o.id and l.quantity > 0)
          - (select coalesce(sum(rf.amount - coalesce(rf.cost_amount, 0)), 0) from refunds rf where rf.order_id = o.id and rf.refunded_at < ${hi}) as margin,
        (o.customer_id is not null and not exists (
          select 1 from orders e where e.customer_id = o.customer_id and (e.placed_at < o.placed_at or (e.placed_at = o.placed_at and e.id < o.id)) and ${countedOrder('e')})) as is_new
      from orders o
      where o.placed_at >= ${lo} and o.placed_at < ${hi} and ${countedOrder('o')})
    select coalesce(t.channel_id, ord.channel_id) as channel_id, coalesce(t.campaign_id, ord.campaign_id) as campaign_id,
      to_char(${localDay(sql`ord.placed_at`, tz)}, 'YYYY-MM-DD') as day, count(*)::int8 as orders, sum(ord.gmv)::int8 as gmv,
      sum(ord.margin)::int8 as margin, count(*) filter (where ord.is_new)::int8 as new_buyers
    from ord ${lastTouchOf}
    group by 1, 2, 3`;
}

/**
 * The attributed orders of [from, to) (as {@link attributedFromFacts} gives them): the days up
 * to the watermark from the rollups, with their orders' refunds up to `to` — those after the
 * watermark from the facts — and the later days from the facts.
 */
async function attributed(db: Tx, p: Span): Promise<Attributed[]> {
  const parts: SQL[] = [];
  const [lo, mid, hi] = [ts(p.from, p.tz), ts(p.mid, p.tz), ts(p.to, p.tz)];
  if (p.mid > p.from) {
    parts.push(sql`select channel_id, nullif(campaign_id, 0) as campaign_id, to_char(day, 'YYYY-MM-DD') as day, orders, gmv, margin, new_buyers
      from analytics_attributed_daily where day >= ${p.from}::date and day < ${p.mid}::date`);
    parts.push(sql`select channel_id, nullif(campaign_id, 0), to_char(day, 'YYYY-MM-DD'), 0, 0, -net, 0
      from analytics_attributed_refunds where day >= ${p.from}::date and day < ${p.mid}::date and refund_day < ${p.mid}::date`);
    if (p.to > p.mid) {
      parts.push(sql`select coalesce(t.channel_id, ord.channel_id), coalesce(t.campaign_id, ord.campaign_id),
          to_char(${localDay(sql`ord.placed_at`, p.tz)}, 'YYYY-MM-DD'), 0, 0, -sum(rf.amount - coalesce(rf.cost_amount, 0)), 0
        from refunds rf join orders ord on ord.id = rf.order_id ${lastTouchOf}
        where rf.refunded_at >= ${mid} and rf.refunded_at < ${hi} and ord.placed_at >= ${lo} and ord.placed_at < ${mid} and ${countedOrder('ord')}
        group by 1, 2, 3`);
    }
  }
  if (p.to > p.mid) parts.push(sql`select * from (${attributedFromFacts(mid, hi, p.tz)}) f`);
  if (parts.length === 0) return [];
  return queryRows<Attributed>(db, sql`select channel_id, campaign_id, day, sum(orders)::int8 as orders, sum(gmv)::int8 as gmv,
      sum(margin)::int8 as margin, sum(new_buyers)::int8 as new_buyers
    from (${sql.join(parts, sql` union all `)}) x group by 1, 2, 3`);
}

async function spent(db: Tx, r: RangeContext): Promise<Spent[]> {
  return queryRows<Spent>(db, sql`select channel_id, campaign_id, to_char(day, 'YYYY-MM-DD') as day, sum(spend)::int8 as spend,
      sum(impressions)::int8 as impressions, sum(clicks)::int8 as clicks
    from marketing_spend where day >= ${r.from}::date and day < ${r.to}::date group by 1, 2, 3`);
}

/**
 * Marginal ROI from daily (spend, GMV) pairs: the elasticity b of the least-squares fit
 * ln GMV = a + b ln spend over days with both positive, times the average ROI, i.e. the
 * derivative of a·spend^b at the average. Null with fewer than 7 such days or constant spend.
 */
export function marginalRoi(days: readonly { spend: number; gmv: number }[]): number | null {
  const pts = days.filter((d) => d.spend > 0 && d.gmv > 0);
  if (pts.length < 7) return null;
  const xs = pts.map((d) => Math.log(d.spend));
  const ys = pts.map((d) => Math.log(d.gmv));
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx < 1e-9 * xs.length) return null;
  const roi = pts.reduce((s, d) => s + d.gmv, 0) / pts.reduce((s, d) => s + d.spend, 0);
  return (sxy / sxx) * roi;
}

interface Acc { spend: number; impressions: number; clicks: number; orders: number; gmv: number; margin: number; newBuyers: number }
const empty = (): Acc => ({ spend: 0, impressions: 0, clicks: 0, orders: 0, gmv: 0, margin: 0, newBuyers: 0 });

const figures = (a: Acc) => ({
  spend: a.spend, impressions: a.impressions, clicks: a.clicks,
  cpc: perUnit(a.spend, a.clicks), cpm: perUnit(a.spend * 1000, a.impressions),
  attributedOrders: a.orders, attributedGmv: a.gmv, attributedNewBuyers: a.newBuyers, attributedMargin: a.margin,
  cac: perUnit(a.spend, a.newBuyers), roi: ratio(a.gmv, a.spend), marginRoi: a.spend === 0 ? null : (a.margin - a.spend) / a.spend,
});

/**
 * 渠道与营销: spend, reach, cost per click and per mille, attributed orders, GMV, new buyers and
 * margin, CAC, ROI and margin ROI per channel and campaign over [from, to), and the paid channels
 * ranked by marginal ROI with those under the ROI target flagged.
 */
export async function channelsReport(db: Tx, query: ChannelsQuery): Promise<ChannelsReport> {
  return channels(db, query, await rollupWatermark(db));
}

/** {@link channelsReport} computed from the fact tables alone: the reference the rollups must equal. */
export async function channelsFromFacts(db: Tx, query: ChannelsQuery): Promise<ChannelsReport> {
  return channels(db, query, null);
}

async function channels(db: Tx, query: ChannelsQuery, watermark: string | null): Promise<ChannelsReport> {
  const q = parseQuery(channelsQuery, query);
  const r = await rangeContext(db, q.from, q.to);
  const channels = await queryRows<{ id: number; code: string; name: string }>(db, sql`select id, code, name from channels order by id`);
  const campaigns = new Map((await queryRows<{ id: number; name: string; channel_id: number }>(db, sql`select id, name, channel_id from campaigns`)).map((c) => [c.id, c]));
  const byChannel = new Map<number, Acc>();
  const byCampaign = new Map<number, Acc>();
  const daily = new Map<number, Map<string, { spend: number; gmv: number }>>();
  const day = (ch: number, d: string) => {
    const m = daily.get(ch) ?? daily.set(ch, new Map()).get(ch)!;
    return m.get(d) ?? m.set(d, { spend: 0, gmv: 0 }).get(d)!;
  };
  const acc = (m: Map<number, Acc>, k: number) => m.get(k) ?? m.set(k, empty()).get(k)!;
  for (const s of await spent(db, r)) {
    for (const a of [acc(byChannel, s.channel_id), ...(s.campaign_id === null ? [] : [acc(byCampaign, s.campaign_id)])]) {
      a.spend += s.spend;
      a.impressions += s.impressions;
      a.clicks += s.clicks;
    }
    day(s.channel_id, s.day).spend += s.spend;
  }
  for (const o of await attributed(db, span(q.from, q.to, watermark, r.timeZone, null))) {
    for (const a of [acc(byChannel, o.channel_id), ...(o.campaign_id === null ? [] : [acc(byCampaign, o.campaign_id)])]) {
      a.orders += o.orders;
      a.gmv += o.gmv;
      a.margin += o.margin;
      a.newBuyers += o.new_buyers;
    }
    day(o.channel_id, o.day).gmv += o.gmv;
  }
  const code = new Map(channels.map((c) => [c.id, c]));
  const channelRows = channels.filter((c) => byChannel.has(c.id)).map((c) => {
    const f = figures(byChannel.get(c.id)!);
    const underTarget = f.roi !== null && f.roi < q.roiTarget;
    return { channel: c.code, name: c.name, ...f, marginalRoi: f.spend > 0 ? marginalRoi([...(daily.get(c.id)?.values() ?? [])]) : null, underTarget };
  });
  const campaignRows = [...byCampaign].filter(([id]) => campaigns.has(id)).map(([id, a]) => {
    const c = campaigns.get(id)!;
    return { campaignId: id, campaign: c.name, channel: code.get(c.channel_id)?.code ?? '', ...figures(a) };
  }).sort((a, b) => b.spend - a.spend || a.campaignId - b.campaignId);
  const recommendations = channelRows.filter((c) => c.spend > 0)
    .sort((a, b) => (b.marginalRoi ?? -Infinity) - (a.marginalRoi ?? -Infinity) || a.channel.localeCompare(b.channel))
    .map((c) => ({
      channel: c.channel, name: c.name, marginalRoi: c.marginalRoi, roi: c.roi, underTarget: c.underTarget,
      advice: c.underTarget ? 'reduce' as const : c.marginalRoi !== null && c.marginalRoi >= q.roiTarget ? 'increase' as const : 'hold' as const,
    }));
  return { currency: r.currency, range: { from: q.from, to: q.to }, attribution: ATTRIBUTION, roiTarget: q.roiTarget, channels: channelRows, campaigns: campaignRows, recommendations };
}
