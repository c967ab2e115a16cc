import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import type { ShipmentDto, ShipmentListQuery } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { isoOrNull, pageOf } from '../../db/query-helpers.js';
import { shipments } from './logistics.tables.js';


type ShipmentRow = typeof shipments.$inferSelect;

const toDto = (s: ShipmentRow): ShipmentDto => ({
  id: s.id, orderId: s.orderId, warehouseId: s.warehouseId, carrier: s.carrier, trackingNo: s.trackingNo, destRegion: s.destRegion,
  status: s.status, shippedAt: isoOrNull(s.shippedAt), deliveredAt: isoOrNull(s.deliveredAt), promisedAt: isoOrNull(s.promisedAt),
});

const filterOf = (q: Omit<ShipmentListQuery, 'limit' | 'offset'>): SQL | undefined => and(
  q.orderId ? eq(shipments.orderId, q.orderId) : undefined,
  q.warehouseId ? eq(shipments.warehouseId, q.warehouseId) : undefined,
  q.status ? eq(shipments.status, q.status) : undefined,
);

/** Shipments, newest first (read-only until the logistics module grows its own workflows). */
export async function listShipments(db: Tx, q: ShipmentListQuery) {
  const where = filterOf(q);
  const rows = await db.select().from(shipments).where(where).orderBy(desc(shipments.id)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: count() }).from(shipments).where(where);
  return pageOf(rows.map(toDto), total?.n ?? 0, q);
}

export async function listShipmentsOfOrder(db: Tx, orderId: number): Promise<ShipmentDto[]> {
  const rows = await db.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(asc(shipments.id));
  return rows.map(toDto);
}
