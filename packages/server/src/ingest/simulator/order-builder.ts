import type { Rng } from '@zhanggui/algorithms';
import { costOn, lifecycle, type SimCatalog } from './catalog-generator.js';
import { CATEGORIES } from './catalog-data.js';
import { CHANNELS, OFFLINE } from './channel-specs.js';
import type { SimCustomer } from './customer-generator.js';
import type { InventorySim } from './inventory-simulator.js';
import type { MarketingPlan } from './marketing-generator.js';
import type { OrderEvent } from './order-events.js';
import { priceBasket, type BasketLine, type OrderPromo } from './order-pricing.js';
import { PROVINCES } from './people-data.js';
import { chance, gamma, intBetween, pick, poisson, uniform, WeightedSampler } from './sampling.js';
import type { Calendar } from './store-calendar.js';
import { warehousePreference } from './warehouse-specs.js';
import { settleOrder, type Settled } from './order-settlement.js';

export interface LineRec extends BasketLine { id: number; sku: number; unitCost: number; itemDiscount: number; orderDiscount: number; couponDiscount: number; pointsDiscount: number; warehouse: number }
export interface OrderRec extends Settled {
  id: number; event: OrderEvent; province: number; campaign: number; status: string;
  placedAt: number; paidAt: number | null; cancelledAt: number | null;
  itemsAmount: number; discountAmount: number; shippingAmount: number; payableAmount: number;
  lines: LineRec[];
  /** What happens after payment, decided up front (carried out by the fulfilment step). */
  fate: 'none' | 'cancel' | 'return' | 'partial';
}

const BIG_SALES = new Set(['双11', '618', '双12']);
const COUPONS = [{ threshold: 9900, off: 1000 }, { threshold: 19900, off: 2000 }, { threshold: 39900, off: 5000 }];
const paymentDelay = (rng: Rng) => Math.min(25 * 60_000, 10_000 + Math.floor(-Math.log(1 - rng.next()) * 90_000));

/** Which SKUs sell on a day: product lifecycle × category season, the first variant a bit more. */
export function daySkuSampler(catalog: SimCatalog, day: number, month: number): WeightedSampler {
  return new WeightedSampler(catalog.skus.map((s, i) => {
    const p = catalog.products[s.product]!;
    const first = i === 0 || catalog.skus[i - 1]!.product !== s.product;
    return lifecycle(p, day, month, CATEGORIES[p.category]!.season) * (first ? 1.5 : 1);
  }));
}

function promoFor(rng: Rng, cal: Calendar, ev: OrderEvent): OrderPromo {
  if (ev.channel === OFFLINE) return { fullReduction: null, coupon: null, points: 0 };
  const big = BIG_SALES.has(cal.festival[ev.day] ?? '');
  const fullReduction = big ? { threshold: 30000, off: 5000, stacked: true } : chance(rng, 0.3) ? { threshold: 19900, off: 2000, stacked: false } : null;
  const coupon = ev.first && chance(rng, 0.45) ? COUPONS[0]! : chance(rng, 0.1) ? pick(rng, COUPONS) : null;
  return { fullReduction, coupon, points: !ev.first && ev.customer >= 0 && chance(rng, 0.06) ? intBetween(rng, 100, 2000) : 0 };
}

export interface BuildContext {
  rng: Rng; cal: Calendar; timeZone: string; catalog: SimCatalog; customers: readonly SimCustomer[]; plan: MarketingPlan; inventory: InventorySim;
  firstOrderId: number; firstLineId: number; firstRefundId: number;
}

/**
 * Turn purchase events into orders, in time order: a basket sized by the customer's spend,
 * stock allocated from the nearest warehouse holding it (a stockout substitutes or loses the
 * line), promotions priced with exact allocations, payment, and the post-payment fate.
 */
export function buildOrders(ctx: BuildContext, events: readonly OrderEvent[], onDay?: (day: number) => void): OrderRec[] {
  const { rng, cal, catalog, customers, inventory } = ctx;
  const orders: OrderRec[] = [];
  let lineId = ctx.firstLineId;
  let refundId = ctx.firstRefundId;
  const settle = { rng, cal, timeZone: ctx.timeZone, catalog, inventory, nextRefundId: () => refundId++ };
  let e = 0;
  for (let day = 0; day < cal.dates.length; day++) {
    const skus = daySkuSampler(catalog, day, Number(cal.dates[day]!.slice(5, 7)));
    for (; e < events.length && events[e]!.day === day; e++) {
      const ev = events[e]!;
      inventory.advanceTo(day, ev.at);
      const c = ev.customer >= 0 ? customers[ev.customer]! : null;
      const province = c ? c.province : intBetween(rng, 0, PROVINCES.length - 1);
      const spend = gamma(rng, 6, c ? 1 / c.spendRate : 14_000 / 6);
      const k = 1 + Math.min(3, poisson(rng, 0.3 + spend / 60_000));
      const prefs = ev.channel === OFFLINE ? [0] : warehousePreference(PROVINCES[province]!.region);
      const lines: LineRec[] = [];
      for (let l = 0; l < k && skus.total > 0; l++) {
        // A sold-out SKU gets one substitute from the same day's assortment, else the line is lost.
        for (let attempt = 0; attempt < 2; attempt++) {
          // Of a few popular candidates the shopper takes the one nearest their budget, so basket
          // value follows the customer's spend level (the Gamma-Gamma signal).
          const share = spend / k;
          let s = skus.sample(rng);
          for (let c = 0; c < 2; c++) {
            const alt = skus.sample(rng);
            if (Math.abs(Math.log(catalog.skus[alt]!.price / share)) < Math.abs(Math.log(catalog.skus[s]!.price / share))) s = alt;
          }
          if (lines.some((x) => x.sku === s)) continue;
          const price = catalog.skus[s]!.price;
          const qty = Math.max(1, Math.min(5, Math.round((share / price) * uniform(rng, 0.5, 1.1))));
          const w = prefs.find((wh) => inventory.available(wh, s, qty));
          if (w === undefined) continue;
          const markdown = chance(rng, BIG_SALES.has(cal.festival[day] ?? '') ? 0.5 : 0.15) ? intBetween(rng, 1, 5) * 0.05 : 0;
          lines.push({ id: 0, sku: s, quantity: qty, unitPrice: price, markdown, unitCost: costOn(catalog.skus[s]!, day), itemDiscount: 0, orderDiscount: 0, couponDiscount: 0, pointsDiscount: 0, warehouse: w });
          break;
        }
      }
      if (lines.length === 0) continue;
      const priced = priceBasket(lines, promoFor(rng, cal, ev));
      priced.lines.forEach((p, i) => Object.assign(lines[i]!, p));
      const due = priced.itemsAmount - priced.discountAmount;
      const spec = CHANNELS[ev.channel]!;
      const shipping = (spec.kind === 'own_site' || spec.kind === 'mini_program') && due < 9900 ? 800 : 0;
      const orderId = ctx.firstOrderId + orders.length;
      for (const line of lines) line.id = lineId++;
      const cancelled = ev.channel !== OFFLINE && chance(rng, 0.03);
      const paidAt = cancelled ? null : ev.at + paymentDelay(rng);
      let fate: OrderRec['fate'] = 'none';
      if (!cancelled) {
        const keep = lines.reduce((s, l) => s * (1 - catalog.products[catalog.skus[l.sku]!.product]!.defectRate * spec.refundFactor), 1);
        fate = ev.channel !== OFFLINE && chance(rng, 0.012 * spec.refundFactor) ? 'cancel' : chance(rng, 1 - keep) ? 'return' : chance(rng, 0.008) ? 'partial' : 'none';
      }
      if (paidAt !== null && fate !== 'cancel') for (const l of lines) inventory.take(l.warehouse, l.sku, l.quantity, paidAt, orderId);
      const camp = ctx.plan.campaignOn(ev.channel, day);
      const order: OrderRec = {
        id: orderId, event: ev, province, status: cancelled ? 'cancelled' : 'paid',
        campaign: camp >= 0 && ((ev.first && c?.paid) || chance(rng, 0.2)) ? camp : -1,
        placedAt: ev.at, paidAt, cancelledAt: cancelled ? ev.at + intBetween(rng, 2, 30) * 60_000 : null,
        itemsAmount: priced.itemsAmount, discountAmount: priced.discountAmount, shippingAmount: shipping, payableAmount: due + shipping,
        lines, fate, shipments: [], refund: null, paymentMethod: null,
      };
      orders.push(Object.assign(order, settleOrder(settle, order)));
    }
    inventory.endOfDay(day);
    onDay?.(day);
  }
  return orders;
}
