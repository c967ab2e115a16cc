import type { Tx } from '../../db/client.js';
import type { PiiCipher } from '../../security/pii-cipher.js';
import type { SimCustomer } from './customer-generator.js';
import type { OrderRec } from './order-builder.js';
import { PROVINCES } from './people-data.js';
import { TableBuffer } from './table-buffer.js';
import { DEVICE_NAMES } from './channel-specs.js';
import type { CatalogIds } from './catalog-writer.js';

const SOURCE = 'simulator';

/** Customers with name, phone, email and address encrypted, phone and email hashed for lookup. */
export async function writeCustomers(tx: Tx, cipher: PiiCipher, customers: readonly SimCustomer[], firstId: number, onChunk: (done: number) => void): Promise<number> {
  const buf = new TableBuffer('customers', [['id', 'int8'], ['source', 'text'], ['external_id', 'text'], ['name_enc', 'text'], ['phone_enc', 'text'], ['email_enc', 'text'], ['address_enc', 'text'],
    ['phone_hash', 'text'], ['email_hash', 'text'], ['region', 'text'], ['city', 'text'], ['gender', 'text'], ['birth_year', 'int4'], ['registered_at', 'timestamptz'],
    ['consent_marketing', 'bool'], ['consent_analytics', 'bool'], ['consent_updated_at', 'timestamptz'], ['created_at', 'timestamptz']]);
  for (let i = 0; i < customers.length; i++) {
    const c = customers[i]!;
    // Registered a little before the first order (the same minute to a few days earlier).
    const registered = c.acquiredAt - Math.floor(((i * 7919) % 1000) / 1000 * 3 * 86_400_000);
    buf.add(firstId + i, SOURCE, `C${String(i + 1).padStart(6, '0')}`, cipher.encrypt(c.name), cipher.encrypt(c.phone), cipher.encrypt(c.email), cipher.encrypt(c.address),
      cipher.lookupHash('phone', c.phone), cipher.lookupHash('email', c.email), PROVINCES[c.province]!.name, c.city, c.gender, c.birthYear, registered,
      c.consentMarketing, c.consentAnalytics, registered, registered);
    if (buf.size === 5000) { await buf.flush(tx); onChunk(i + 1); }
  }
  await buf.flush(tx);
  onChunk(customers.length);
  return buf.written;
}

/** Orders with their lines, payments, shipments, refunds and refund lines. */
export async function writeOrders(tx: Tx, orders: readonly OrderRec[], ids: CatalogIds & { firstCustomer: number; campaigns: number[] }, currency: string): Promise<Record<string, number>> {
  const ord = new TableBuffer('orders', [['id', 'int8'], ['source', 'text'], ['external_id', 'text'], ['channel_id', 'int8'], ['device', 'text'], ['customer_id', 'int8'], ['status', 'text'], ['currency', 'text'],
    ['placed_at', 'timestamptz'], ['paid_at', 'timestamptz'], ['cancelled_at', 'timestamptz'], ['items_amount', 'int8'], ['discount_amount', 'int8'], ['shipping_amount', 'int8'], ['payable_amount', 'int8'],
    ['ship_region', 'text'], ['campaign_id', 'int8'], ['created_at', 'timestamptz']]);
  const lines = new TableBuffer('order_lines', [['id', 'int8'], ['order_id', 'int8'], ['line_no', 'int4'], ['sku_id', 'int8'], ['quantity', 'int4'], ['unit_price', 'int8'], ['unit_cost', 'int8'],
    ['item_discount', 'int8'], ['order_discount', 'int8'], ['coupon_discount', 'int8'], ['points_discount', 'int8']]);
  const pay = new TableBuffer('payments', [['source', 'text'], ['external_id', 'text'], ['order_id', 'int8'], ['method', 'text'], ['amount', 'int8'], ['paid_at', 'timestamptz']]);
  const ship = new TableBuffer('shipments', [['order_id', 'int8'], ['warehouse_id', 'int8'], ['carrier', 'text'], ['tracking_no', 'text'], ['dest_region', 'text'], ['status', 'text'],
    ['shipped_at', 'timestamptz'], ['delivered_at', 'timestamptz'], ['promised_at', 'timestamptz'], ['created_at', 'timestamptz']]);
  const ref = new TableBuffer('refunds', [['id', 'int8'], ['source', 'text'], ['external_id', 'text'], ['order_id', 'int8'], ['customer_id', 'int8'], ['channel_id', 'int8'], ['amount', 'int8'], ['cost_amount', 'int8'], ['refunded_at', 'timestamptz'], ['reason', 'text']]);
  const refLines = new TableBuffer('refund_lines', [['refund_id', 'int8'], ['order_line_id', 'int8'], ['sku_id', 'int8'], ['quantity', 'int4'], ['amount', 'int8'], ['unit_cost', 'int8']]);
  for (const o of orders) {
    const ev = o.event;
    const customerId = ev.customer >= 0 ? ids.firstCustomer + ev.customer : null;
    const ext = `SO${String(o.id).padStart(8, '0')}`;
    ord.add(o.id, SOURCE, ext, ids.channels[ev.channel], ev.device >= 0 ? DEVICE_NAMES[ev.device] : 'unknown', customerId, o.status, currency,
      o.placedAt, o.paidAt, o.cancelledAt, o.itemsAmount, o.discountAmount, o.shippingAmount, o.payableAmount,
      PROVINCES[o.province]!.name, o.campaign >= 0 ? ids.campaigns[o.campaign] : null, o.placedAt);
    o.lines.forEach((l, i) => lines.add(l.id, o.id, i + 1, ids.skus[l.sku], l.quantity, l.unitPrice, l.unitCost, l.itemDiscount, l.orderDiscount, l.couponDiscount, l.pointsDiscount));
    if (o.paidAt !== null && o.paymentMethod) pay.add(SOURCE, `PAY-${ext}`, o.id, o.paymentMethod, o.payableAmount, o.paidAt);
    for (const s of o.shipments) ship.add(o.id, ids.warehouses[s.warehouse], s.carrier, s.trackingNo, s.destRegion, s.status, s.shippedAt, s.deliveredAt, s.promisedAt, o.paidAt);
    const r = o.refund;
    if (r) {
      ref.add(r.id, SOURCE, `RF${String(r.id).padStart(8, '0')}`, o.id, customerId, ids.channels[ev.channel], r.amount, r.costAmount, r.at, r.reason);
      for (const rl of r.lines) refLines.add(r.id, o.lines[rl.line]!.id, ids.skus[o.lines[rl.line]!.sku], rl.quantity, rl.amount, rl.unitCost);
    }
  }
  for (const b of [ord, lines, pay, ship, ref, refLines]) await b.flush(tx);
  return { orders: ord.written, order_lines: lines.written, payments: pay.written, shipments: ship.written, refunds: ref.written, refund_lines: refLines.written };
}
