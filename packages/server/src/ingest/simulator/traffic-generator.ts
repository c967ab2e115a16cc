import type { Rng } from '@zhanggui/algorithms';
import { CHANNELS, DEVICE_CONVERSION, OFFLINE } from './channel-specs.js';
import type { SimCustomer } from './customer-generator.js';
import { instantOnDay } from './day-timing.js';
import type { MarketingPlan } from './marketing-generator.js';
import type { OrderRec } from './order-builder.js';
import { chance, intBetween, poisson } from './sampling.js';
import type { Calendar } from './store-calendar.js';

export interface SessionRow {
  visitor: string; customerId: number | null; channel: number; campaign: number; device: number; startedAt: number;
  pageViews: number; productViews: number; addToCarts: number; checkouts: number; orderId: number | null;
  /** The converting session's order: when it was placed and the catalogue index of its first SKU. */
  orderAt?: number; sku?: number;
}

/** A customer's stable cookie id: an odd-multiplier bijection of the id, so it never collides. */
export const visitorOf = (customerId: number): string => `v${(Math.imul(customerId, 0x9e3779b1) >>> 0).toString(36).padStart(7, '0')}`;
const guestVisitor = (rng: Rng): string => `g${intBetween(rng, 0, 2 ** 31).toString(36)}${intBetween(rng, 0, 2 ** 20).toString(36)}`;
const BIG_SALES = new Set(['双11', '618', '双12']);
/** Share of browsing sessions by customers who already bought (returning visitors). */
const RETURNING_SHARE = 0.22;

/**
 * Sessions of one day, one row each with its funnel counters (what funnels read); the step
 * events of the sessions that reached checkout are written by `sessionEvents`. Every online
 * order has its converting session;
 * the browsing sessions around it are sized so visitor conversion lands on the channel × device
 * rate, higher on mobile and on big sale days.
 */
export function generateDayTraffic(
  rng: Rng, cal: Calendar, plan: MarketingPlan, day: number,
  dayOrders: readonly OrderRec[], customers: readonly SimCustomer[], customerIds: { first: number; acquiredBefore: (at: number) => number },
  emit: (s: SessionRow) => void,
): void {
  const counts = new Map<number, number>();
  for (const o of dayOrders) {
    const ev = o.event;
    if (ev.channel === OFFLINE) continue;
    counts.set(ev.channel * 3 + ev.device, (counts.get(ev.channel * 3 + ev.device) ?? 0) + 1);
    const customerId = ev.customer >= 0 ? customerIds.first + ev.customer : null;
    const productViews = Math.max(o.lines.length, 1 + poisson(rng, 2));
    emit({
      visitor: customerId !== null ? visitorOf(customerId) : guestVisitor(rng), customerId, channel: ev.channel, campaign: o.campaign, device: ev.device,
      startedAt: o.placedAt - intBetween(rng, 2, 40) * 60_000, pageViews: productViews + 1 + poisson(rng, 3), productViews,
      addToCarts: o.lines.length + poisson(rng, 0.3), checkouts: 1, orderId: o.id, orderAt: o.placedAt, sku: o.lines[0]?.sku ?? -1,
    });
  }
  const big = BIG_SALES.has(cal.festival[day] ?? '');
  const known = customerIds.acquiredBefore(cal.dayStart[day]!);
  CHANNELS.forEach((c, ch) => {
    if (ch === OFFLINE) return;
    c.devices.forEach((share, dev) => {
      if (share === 0) return;
      const conv = c.conversion * DEVICE_CONVERSION[dev]! * (big ? 1.25 : 1);
      const browsing = poisson(rng, ((counts.get(ch * 3 + dev) ?? 0) + 0.3 * share) * (1 / conv - 1));
      const camp = plan.campaignOn(ch, day);
      for (let i = 0; i < browsing; i++) {
        const returning = known > 0 && chance(rng, RETURNING_SHARE);
        const customer = returning ? intBetween(rng, 0, known - 1) : -1;
        const customerId = customer >= 0 ? customerIds.first + customer : null;
        const bounce = chance(rng, 0.4);
        const pageViews = bounce ? 1 : 2 + poisson(rng, 4);
        const productViews = bounce ? 0 : Math.min(pageViews, 1 + poisson(rng, 1.5));
        const addToCarts = !bounce && chance(rng, 0.15) ? 1 + (chance(rng, 0.2) ? 1 : 0) : 0;
        emit({
          visitor: customerId !== null && customers[customer] ? visitorOf(customerId) : guestVisitor(rng), customerId, channel: ch,
          campaign: camp >= 0 && chance(rng, 0.35) ? camp : -1, device: dev, startedAt: instantOnDay(rng, cal, day),
          pageViews, productViews, addToCarts, checkouts: addToCarts > 0 && chance(rng, 0.3) ? 1 : 0, orderId: null,
        });
      }
    });
  });
}

export interface EventRow { type: 'page_view' | 'product_view' | 'add_to_cart' | 'checkout' | 'order'; at: number; sku: number; orderId: number | null }

/**
 * The event trail of a session that reached checkout: the first time it reached each funnel step,
 * in order, spread evenly from its start to its order (or over a few minutes when it was
 * abandoned). Deterministic: a function of the session alone, so it consumes no randomness.
 * Browsing sessions that stopped earlier are kept as counters only (docs/analytics.md).
 */
export function sessionEvents(s: SessionRow): EventRow[] {
  if (s.checkouts === 0 && s.orderId === null) return [];
  const steps: EventRow['type'][] = ['page_view'];
  if (s.productViews > 0) steps.push('product_view');
  if (s.addToCarts > 0) steps.push('add_to_cart');
  steps.push('checkout');
  if (s.orderId !== null) steps.push('order');
  const end = s.orderAt ?? s.startedAt + steps.length * 90_000;
  const gap = Math.floor((end - s.startedAt) / (steps.length - 1));
  return steps.map((type, i) => ({
    type, at: i === steps.length - 1 ? end : s.startedAt + i * gap,
    sku: type === 'product_view' || type === 'add_to_cart' ? (s.sku ?? -1) : -1, orderId: type === 'order' ? s.orderId : null,
  }));
}
