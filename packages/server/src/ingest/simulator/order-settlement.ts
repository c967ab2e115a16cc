import type { Rng } from '@zhanggui/algorithms';
import { prorate } from '@zhanggui/algorithms';
import type { SimCatalog } from './catalog-generator.js';
import { CHANNELS, OFFLINE } from './channel-specs.js';
import { planShipment, REFUND_REASONS } from './fulfilment-generator.js';
import type { InventorySim } from './inventory-simulator.js';
import type { OrderRec } from './order-builder.js';
import { linePaid } from './order-pricing.js';
import { PROVINCES } from './people-data.js';
import { chance, pick, uniform, WeightedSampler } from './sampling.js';
import { DAY_MS, HOUR_MS, type Calendar } from './store-calendar.js';
import { WAREHOUSES } from './warehouse-specs.js';

export interface ShipmentRec { warehouse: number; carrier: string; trackingNo: string; destRegion: string; status: string; shippedAt: number | null; deliveredAt: number | null; promisedAt: number }
export interface RefundRec { id: number; kind: 'cancel' | 'return' | 'partial'; amount: number; costAmount: number; at: number; reason: string; lines: { line: number; quantity: number; amount: number; unitCost: number }[] }
export interface Settled { shipments: ShipmentRec[]; refund: RefundRec | null; paymentMethod: string | null }

const payMethods = CHANNELS.map((c) => ({ names: c.payments.map(([m]) => m), sampler: new WeightedSampler(c.payments.map(([, w]) => w)) }));
/** Buyers confirm receipt (or the platform does) a week after delivery; then the order is completed. */
const CONFIRM_MS = 7 * DAY_MS;

export interface SettleContext { rng: Rng; cal: Calendar; timeZone: string; catalog: SimCatalog; inventory: InventorySim; nextRefundId: () => number }

/**
 * Everything after payment, decided when the order is placed but dated in the future: the
 * shipments, the refund if its fate has one, the returned goods back into stock, and the status
 * the order has reached by the end of the period.
 */
export function settleOrder(ctx: SettleContext, o: OrderRec): Settled {
  const { rng, cal } = ctx;
  const ch = o.event.channel;
  if (o.paidAt === null) return { shipments: [], refund: null, paymentMethod: null };
  const pm = payMethods[ch]!;
  const paymentMethod = pm.names[pm.sampler.sample(rng)]!;
  const paid = o.lines.map((l) => linePaid(l.quantity * l.unitPrice, l));
  if (o.fate === 'cancel') {
    const at = o.paidAt + uniform(rng, 0.3, 30) * HOUR_MS;
    if (at < cal.end) {
      o.status = 'cancelled';
      o.cancelledAt = Math.round(at);
      const parts = prorate(o.payableAmount, paid);
      // Nothing left the warehouse, so the whole cost comes back with the refund (gross margin nets to zero).
      return { shipments: [], paymentMethod, refund: { id: ctx.nextRefundId(), kind: 'cancel', amount: o.payableAmount, costAmount: o.lines.reduce((s, l) => s + l.quantity * l.unitCost, 0),
        at: Math.round(at), reason: pick(rng, REFUND_REASONS.cancel), lines: o.lines.map((l, i) => ({ line: i, quantity: l.quantity, amount: parts[i]!, unitCost: l.unitCost })) } };
    }
    return { shipments: [], refund: null, paymentMethod };
  }
  const region = PROVINCES[o.province]!.region;
  const shipments: ShipmentRec[] = [];
  const deliveredAt: number[] = [];
  if (ch !== OFFLINE) {
    for (const w of [...new Set(o.lines.map((l) => l.warehouse))]) {
      const plan = planShipment(rng, cal, ctx.timeZone, { paidAt: o.paidAt, day: o.event.day, jd: CHANNELS[ch]!.code === 'jd', from: WAREHOUSES[w]!.region, to: region });
      const shipped = plan.shippedAt < cal.end;
      const delivered = plan.deliveredAt < cal.end;
      deliveredAt.push(plan.deliveredAt);
      shipments.push({ warehouse: w, carrier: plan.carrier, trackingNo: plan.trackingNo, destRegion: region, promisedAt: plan.promisedAt,
        status: delivered ? 'delivered' : shipped ? 'shipped' : 'pending', shippedAt: shipped ? plan.shippedAt : null, deliveredAt: delivered ? plan.deliveredAt : null });
    }
  }
  const received = ch === OFFLINE ? o.paidAt : Math.max(...deliveredAt);
  o.status = ch === OFFLINE ? 'completed' : shipments.every((s) => s.status === 'delivered') ? (received + CONFIRM_MS < cal.end ? 'completed' : 'delivered')
    : shipments.some((s) => s.status !== 'pending') ? 'shipped' : 'paid';
  let refund: RefundRec | null = null;
  if (o.fate === 'return' || o.fate === 'partial') {
    const at = Math.round(received + uniform(rng, o.fate === 'return' ? 1 : 0.5, o.fate === 'return' ? 10 : 5) * DAY_MS);
    if (at < cal.end && received < cal.end) {
      // The worst-made product in the basket is the one that comes back.
      const defect = (i: number) => ctx.catalog.products[ctx.catalog.skus[o.lines[i]!.sku]!.product]!.defectRate;
      const i = o.lines.reduce((best, _, j) => (defect(j) > defect(best) ? j : best), 0);
      const l = o.lines[i]!;
      if (o.fate === 'return') {
        const qty = l.quantity > 1 && chance(rng, 0.5) ? 1 : l.quantity;
        const amount = prorate(paid[i]!, Array.from({ length: l.quantity }, () => 1)).slice(0, qty).reduce((s, x) => s + x, 0);
        const id = ctx.nextRefundId();
        refund = { id, kind: 'return', amount, costAmount: qty * l.unitCost, at, reason: pick(rng, chance(rng, 0.55) ? REFUND_REASONS.defect : REFUND_REASONS.preference), lines: [{ line: i, quantity: qty, amount, unitCost: l.unitCost }] };
        ctx.inventory.scheduleReturn(l.warehouse, l.sku, qty, at + 2 * HOUR_MS, id);
      } else {
        const amount = Math.min(paid[i]!, Math.max(100, Math.round(paid[i]! * uniform(rng, 0.1, 0.3))));
        refund = { id: ctx.nextRefundId(), kind: 'partial', amount, costAmount: 0, at, reason: pick(rng, REFUND_REASONS.partial), lines: [{ line: i, quantity: 0, amount, unitCost: l.unitCost }] };
      }
    }
  }
  return { shipments, refund, paymentMethod };
}
