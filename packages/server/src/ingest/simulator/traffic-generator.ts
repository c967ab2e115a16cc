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
}

/** A customer's stable cookie id: an odd-multiplier bijection of the id, so it never collides. */
export const visitorOf = (customerId: number): string => `v${(Math.imul(customerId, 0x9e3779b1) >>> 0).toString(36).padStart(7, '0')}`;
const guestVisitor = (rng: Rng): string => `g${intBetween(rng, 0, 2 ** 31).toString(36)}${intBetween(rng, 0, 2 ** 20).toString(36)}`;
const BIG_SALES = new Set(['双11', '618', '双12']);
/** Share of browsing sessions by customers who already bought (returning visitors). */
const RETURNING_SHARE = 0.22;

/**
 * Sessions of one day, one row each with its funnel counters (the events themselves are not
 * stored: the counters are what funnels read). Every online order has its converting session;
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
      addToCarts: o.lines.length + poisson(rng, 0.3), checkouts: 1, orderId: o.id,
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
