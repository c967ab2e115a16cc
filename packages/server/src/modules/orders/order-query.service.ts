import { and, asc, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { OrderDetailDto, OrderListQuery, OrderSummaryDto, RefundDto, RefundListQuery } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { findSaleSkus } from '../catalog/index.js';
import { isoOrNull, pageOf } from '../../db/query-helpers.js';
import { listReservationsOfOrder } from '../inventory/index.js';
import { listShipmentsOfOrder } from '../logistics/index.js';
import { getStoreSettings } from '../store/index.js';
import { channels, orderLines, orders, payments, refunds } from './orders.tables.js';

/** The instant a business day starts in the store's time zone. */
const dayStart = (day: string, timeZone: string) => sql`(${day}::date)::timestamp at time zone ${timeZone}`;
const dayAfter = (day: string, timeZone: string) => sql`((${day}::date) + 1)::timestamp at time zone ${timeZone}`;

const summaryColumns = {
  id: orders.id, channelCode: channels.code, device: orders.device, customerId: orders.customerId, status: orders.status,
  currency: orders.currency, placedAt: orders.placedAt, paidAt: orders.paidAt, cancelledAt: orders.cancelledAt,
  itemsAmount: orders.itemsAmount, discountAmount: orders.discountAmount, shippingAmount: orders.shippingAmount,
  payableAmount: orders.payableAmount, shipRegion: orders.shipRegion, source: orders.source,
};

type SummaryRow = Omit<OrderSummaryDto, 'placedAt' | 'paidAt' | 'cancelledAt' | 'device' | 'status'> &
  { placedAt: Date; paidAt: Date | null; cancelledAt: Date | null; device: string; status: string };

const toSummary = (r: SummaryRow): OrderSummaryDto => ({
  ...r,
  device: r.device as OrderSummaryDto['device'],
  status: r.status as OrderSummaryDto['status'],
  placedAt: r.placedAt.toISOString(),
  paidAt: isoOrNull(r.paidAt),
  cancelledAt: isoOrNull(r.cancelledAt),
});

export async function listOrders(db: Tx, q: OrderListQuery) {
  const needsZone = q.placedFrom !== undefined || q.placedTo !== undefined;
  const tz = needsZone ? (await getStoreSettings(db)).timeZone : 'UTC';
  const where = and(
    q.status ? eq(orders.status, q.status) : undefined,
    q.channel ? eq(channels.code, q.channel) : undefined,
    q.customerId ? eq(orders.customerId, q.customerId) : undefined,
    q.placedFrom ? gte(orders.placedAt, dayStart(q.placedFrom, tz)) : undefined,
    q.placedTo ? lt(orders.placedAt, dayAfter(q.placedTo, tz)) : undefined,
  );
  const rows = await db.select(summaryColumns).from(orders).innerJoin(channels, eq(channels.id, orders.channelId))
    .where(where).orderBy(desc(orders.placedAt), desc(orders.id)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: count() }).from(orders).innerJoin(channels, eq(channels.id, orders.channelId)).where(where);
  return pageOf(rows.map(toSummary), total?.n ?? 0, q);
}

const refundColumns = {
  id: refunds.id, orderId: refunds.orderId, amount: refunds.amount, costAmount: refunds.costAmount,
  refundedAt: refunds.refundedAt, reason: refunds.reason, source: refunds.source,
};
const toRefund = (r: Omit<RefundDto, 'refundedAt'> & { refundedAt: Date }): RefundDto => ({ ...r, refundedAt: r.refundedAt.toISOString() });

export async function listRefunds(db: Tx, q: RefundListQuery) {
  const tz = q.from || q.to ? (await getStoreSettings(db)).timeZone : 'UTC';
  const where: SQL | undefined = and(
    q.orderId ? eq(refunds.orderId, q.orderId) : undefined,
    q.from ? gte(refunds.refundedAt, dayStart(q.from, tz)) : undefined,
    q.to ? lt(refunds.refundedAt, dayAfter(q.to, tz)) : undefined,
  );
  const rows = await db.select(refundColumns).from(refunds).where(where).orderBy(desc(refunds.refundedAt), desc(refunds.id)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: count() }).from(refunds).where(where);
  return pageOf(rows.map(toRefund), total?.n ?? 0, q);
}

/** An order with its lines, payments, refunds, shipments and stock reservations. */
export async function getOrder(db: Tx, id: number): Promise<OrderDetailDto> {
  const [row] = await db.select(summaryColumns).from(orders).innerJoin(channels, eq(channels.id, orders.channelId)).where(eq(orders.id, id));
  if (!row) throw new AppError('not_found', `No order ${id}`, { entity: 'order', id });
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(asc(orderLines.lineNo));
  const { byId } = await findSaleSkus(db, { ids: [...new Set(lines.map((l) => l.skuId))], codes: [] });
  const paid = await db.select().from(payments).where(eq(payments.orderId, id)).orderBy(asc(payments.id));
  const refunded = await db.select(refundColumns).from(refunds).where(eq(refunds.orderId, id)).orderBy(asc(refunds.id));
  return {
    ...toSummary(row),
    lines: lines.map((l) => {
      const discount = l.itemDiscount + l.orderDiscount + l.couponDiscount + l.pointsDiscount;
      return {
        id: l.id, lineNo: l.lineNo, skuId: l.skuId, skuCode: byId.get(l.skuId)?.code ?? '', skuName: byId.get(l.skuId)?.name ?? '',
        quantity: l.quantity, unitPrice: l.unitPrice, unitCost: l.unitCost, discount, netAmount: l.quantity * l.unitPrice - discount,
      };
    }),
    payments: paid.map((p) => ({ id: p.id, method: p.method, amount: p.amount, paidAt: p.paidAt.toISOString() })),
    refunds: refunded.map(toRefund),
    shipments: await listShipmentsOfOrder(db, id),
    reservations: await listReservationsOfOrder(db, id),
  };
}
