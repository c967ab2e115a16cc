import type { Rng } from '@zhanggui/algorithms';
import type { SimCatalog } from './catalog-generator.js';
import { CHANNELS } from './channel-specs.js';
import type { OrderRec } from './order-builder.js';
import { chance, intBetween, logNormal, pick, uniform } from './sampling.js';
import { ticketText, reviewText, type TicketCategory } from './service-text.js';
import { DAY_MS, HOUR_MS, zoneOffsetMs, type Calendar } from './store-calendar.js';

export interface TicketRow { customer: number; orderId: number | null; channel: string; category: TicketCategory; subject: string; body: string; status: string; createdAt: number; firstResponseAt: number | null; resolvedAt: number | null; rating: number | null }
export interface ReviewRow { orderId: number; sku: number; customer: number; rating: number; body: string; createdAt: number }

const DESK: Record<string, string> = { tmall: '旺旺', jd: '京东咚咚', site: '在线客服', miniapp: '微信客服', douyin: '抖店客服', xhs: '小红书私信', store: '门店' };
const isComplaint = (reason: string) => ['破损', '质量', '不符', '发错'].some((w) => reason.includes(w));
const RESOLVE_HOURS: Record<TicketCategory, number> = { 物流: 20, 商品破损: 30, 退换货: 48, 发票: 10, 尺寸咨询: 1, 商品咨询: 1, 修改地址: 0.5 };

/** The desk answers 08:00–23:00; a message at night waits for the morning shift, and peaks queue up. */
function firstResponse(rng: Rng, cal: Calendar, tz: string, created: number, day: number): number {
  const hour = ((created + zoneOffsetMs(created, tz)) % DAY_MS) / HOUR_MS;
  const wait = (hour >= 23 ? 32 - hour : hour < 8 ? 8 - hour : 0) * HOUR_MS;
  return Math.round(created + wait + logNormal(rng, 12, 0.9) * 60_000 * (cal.demand[Math.min(day, cal.demand.length - 1)]! > 2.5 ? 4 : 1));
}

/**
 * Service tickets follow what went wrong (refunds, late parcels, damage) plus everyday questions;
 * reviews follow product quality and the order's fate, so ratings line up with refund rates.
 */
export function generateService(rng: Rng, cal: Calendar, tz: string, catalog: SimCatalog, orders: readonly OrderRec[]): { tickets: TicketRow[]; reviews: ReviewRow[] } {
  const tickets: TicketRow[] = [];
  const reviews: ReviewRow[] = [];
  for (const o of orders) {
    if (o.paidAt === null) continue;
    const late = o.shipments.some((s) => (s.deliveredAt ?? cal.end) > s.promisedAt + DAY_MS);
    const r = o.refund;
    let category: TicketCategory | null = null;
    if (r && chance(rng, 0.6)) category = r.kind === 'cancel' ? '退换货' : r.reason.includes('破损') || r.reason.includes('质量') ? '商品破损' : '退换货';
    else if (late && chance(rng, 0.15)) category = '物流';
    else if (chance(rng, 0.03)) category = pick(rng, ['发票', '尺寸咨询', '商品咨询', '修改地址', '物流'] as TicketCategory[]);
    const sku = catalog.skus[o.lines[0]!.sku]!.name;
    if (category) {
      const createdAt = Math.round(r && category !== '物流' ? Math.max(o.paidAt + HOUR_MS, r.at - uniform(rng, 1, 48) * HOUR_MS) : o.paidAt + uniform(rng, 1, 120) * HOUR_MS);
      if (createdAt < cal.end) {
        const day = Math.floor((createdAt - cal.dayStart[0]!) / DAY_MS);
        const fr = firstResponse(rng, cal, tz, createdAt, day);
        const resolved = Math.round(fr + logNormal(rng, RESOLVE_HOURS[category], 0.7) * HOUR_MS);
        const hours = (resolved - createdAt) / HOUR_MS;
        const rated = resolved < cal.end && chance(rng, 0.7);
        const score = 5 - (hours > 48 ? 1.2 : 0) - (category === '商品破损' ? 0.6 : 0) - (fr - createdAt > 2 * HOUR_MS ? 0.6 : 0) + 0.8 * (rng.next() - 0.6);
        tickets.push({
          customer: o.event.customer, orderId: o.id, channel: chance(rng, 0.1) ? '电话' : DESK[CHANNELS[o.event.channel]!.code]!, category,
          ...ticketText(rng, category, sku, intBetween(rng, 2, 6)), createdAt,
          firstResponseAt: fr < cal.end ? fr : null, resolvedAt: resolved < cal.end ? resolved : null,
          status: resolved < cal.end ? (rated ? 'closed' : 'resolved') : fr < cal.end ? 'pending' : 'open',
          rating: rated ? Math.max(1, Math.min(5, Math.round(score))) : null,
        });
      }
    }
    // Reviews: buyers who received the goods, more of them when something went wrong.
    const received = o.shipments.length ? Math.max(...o.shipments.map((s) => s.deliveredAt ?? Number.POSITIVE_INFINITY)) : o.paidAt;
    if (o.event.customer < 0 || o.status === 'cancelled' || !Number.isFinite(received) || !chance(rng, r ? 0.5 : 0.25)) continue;
    const line = r?.lines[0] ? o.lines[r.lines[0].line]! : pick(rng, o.lines);
    const defect = catalog.products[catalog.skus[line.sku]!.product]!.defectRate;
    let rating = 5 - (chance(rng, defect * 5) ? intBetween(rng, 1, 3) : 0) - (chance(rng, 0.12) ? 1 : 0) - (late && chance(rng, 0.5) ? 1 : 0);
    if (r && r.kind !== 'partial' && isComplaint(r.reason)) rating = intBetween(rng, 1, 2);
    rating = Math.max(1, Math.min(5, rating));
    const createdAt = Math.round(received + uniform(rng, 0.5, 14) * DAY_MS);
    if (createdAt < cal.end) reviews.push({ orderId: o.id, sku: line.sku, customer: o.event.customer, rating, body: reviewText(rng, rating), createdAt });
  }
  return { tickets, reviews };
}
