import { eq, sql } from 'drizzle-orm';
import type { OrderDetailDto, PayOrderInput } from '@zhanggui/contracts';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { lowerRollupWatermarkForOrder } from '../analytics/rollups.watermark.js';
import { audit, type Actor } from '../identity/index.js';
import { releaseReservation } from '../inventory/index.js';
import { releaseAllocationOfOrder } from '../logistics/index.js';
import { clawBackOnRefund, earnAndUpgradeOnPayment } from '../loyalty/index.js';
import { getOrder } from './order-query.service.js';
import { planFullRefund } from './order-pricing.js';
import { orderLines, orders, payments, refundLines, refunds } from './orders.tables.js';
import { inTransaction } from './transaction.js';

/** The order row, locked until the transaction ends so pay and cancel of one order run one at a time. */
async function lockOrder(tx: Tx, id: number) {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  if (!row) throw new AppError('not_found', `No order ${id}`, { entity: 'order', id });
  return row;
}

/** Record the buyer's payment of the whole payable amount; the order becomes paid. */
export async function payOrder(db: Db, actor: Actor, id: number, input: PayOrderInput, now: Date): Promise<OrderDetailDto> {
  return inTransaction(db, async (tx) => {
    const order = await lockOrder(tx, id);
    if (order.status !== 'pending_payment') {
      throw new AppError('conflict', `Order ${id} is ${order.status}; only an order pending payment can be paid`, { status: order.status });
    }
    if (input.amount !== undefined && input.amount !== order.payableAmount) {
      throw new AppError('validation_failed', `body.amount: expected the payable amount ${order.payableAmount}, got ${input.amount}`,
        { issues: [{ field: 'body.amount', message: `must equal the payable amount ${order.payableAmount}` }] });
    }
    await tx.insert(payments).values({ orderId: id, method: input.method, amount: order.payableAmount, paidAt: now });
    await tx.update(orders).set({ status: 'paid', paidAt: now }).where(eq(orders.id, id));
    // Its sessions reach the funnel's "paid" step: an order of an earlier day changes rolled-up days.
    await lowerRollupWatermarkForOrder(tx, id);
    // Points and an immediate tier upgrade in the same transaction (the daily loyalty step is the catch-up, idempotent by key).
    await earnAndUpgradeOnPayment(tx, id, order.customerId, now);
    await audit(tx, actor, { action: 'pay', entity: 'order', entityId: id, before: { status: order.status }, after: { status: 'paid', amount: order.payableAmount, method: input.method } });
    return getOrder(tx, id);
  });
}

/**
 * Cancel an order that has not shipped: its reservations are released, and if it was paid, what
 * was paid (less earlier refunds) is refunded in full, split over the lines by `prorate`.
 */
export async function cancelOrder(db: Db, actor: Actor, id: number, input: { reason?: string | undefined }, now: Date): Promise<OrderDetailDto> {
  return inTransaction(db, async (tx) => {
    const order = await lockOrder(tx, id);
    if (order.status !== 'pending_payment' && order.status !== 'paid') {
      throw new AppError('conflict', `Order ${id} is ${order.status}; only an order not yet shipped can be cancelled`, { status: order.status });
    }
    const released = await releaseReservation(tx, id);
    // Its pending parcels are cancelled and its allocation released now, not at the next allocation run.
    await releaseAllocationOfOrder(tx, actor, id, now);
    let refundId: number | null = null;
    if (order.status === 'paid') refundId = await refundWholeOrder(tx, order, input.reason ?? 'cancelled', now);
    // The points the order earned at payment go back in the same transaction (idempotent by refund key).
    if (refundId !== null) await clawBackOnRefund(tx, id, now);
    await tx.update(orders).set({ status: 'cancelled', cancelledAt: now }).where(eq(orders.id, id));
    // Cancelled before payment, the order no longer counts (metrics.md) on its day, nor converts its
    // sessions: an order of an earlier day changes rolled-up days. A paid order still counts; its
    // refund lands today.
    if (order.paidAt === null || order.paidAt > now) await lowerRollupWatermarkForOrder(tx, id);
    await audit(tx, actor, {
      action: 'cancel', entity: 'order', entityId: id, before: { status: order.status },
      after: { status: 'cancelled', refundId, releasedUnits: released.reduce((s, r) => s + r.quantity, 0) }, details: { reason: input.reason ?? null },
    });
    return getOrder(tx, id);
  });
}

async function refundWholeOrder(tx: Tx, order: typeof orders.$inferSelect, reason: string, now: Date): Promise<number | null> {
  const [sums] = await tx.select({
    paid: sql<number>`coalesce((select sum(amount) from ${payments} where order_id = ${order.id}), 0)`.mapWith(Number),
    refunded: sql<number>`coalesce((select sum(amount) from ${refunds} where order_id = ${order.id}), 0)`.mapWith(Number),
  }).from(orders).where(eq(orders.id, order.id));
  const amount = sums!.paid - sums!.refunded;
  if (amount <= 0) return null;
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(orderLines.lineNo);
  const plan = planFullRefund(amount, lines.map((l) => ({
    orderLineId: l.id, skuId: l.skuId, quantity: l.quantity, unitCost: l.unitCost,
    netAmount: l.quantity * l.unitPrice - l.itemDiscount - l.orderDiscount - l.couponDiscount - l.pointsDiscount,
  })));
  const [refund] = await tx.insert(refunds).values({
    orderId: order.id, customerId: order.customerId, channelId: order.channelId, amount, costAmount: plan.costAmount, refundedAt: now, reason,
  }).returning({ id: refunds.id });
  await tx.insert(refundLines).values(plan.lines.map((l) => ({ refundId: refund!.id, ...l })));
  return refund!.id;
}
