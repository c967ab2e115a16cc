/**
 * Shipment tracking: state transitions (pending → shipped → delivered, or returned / lost), the
 * promise kept or missed, SLA hit rates by region, warehouse or carrier, logistics cost per order,
 * and the shipments predicted to miss their promise.
 */
import { and, eq, sql } from 'drizzle-orm';
import { DEFAULT_COST_MODEL } from '@zhanggui/algorithms';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { createTicket } from '../service/index.js';
import { orders } from '../orders/index.js';
import { getStoreSettings } from '../store/index.js';
import { shipments } from './logistics.tables.js';

/**
 * The order follows its parcels: `delivered` once every parcel (cancelled ones aside) has been
 * delivered, `shipped` once any has left, `paid` before. Only orders between payment and
 * completion move; a cancelled or completed order keeps its status. Returns the orders changed.
 */
export async function syncOrderFulfilment(tx: Tx, orderIds: readonly number[]): Promise<number> {
  // Callers lock the orders before their shipments (the order cancel takes them in that order).
  if (orderIds.length === 0) return 0;
  const rows = await queryRows<{ id: number }>(tx, sql`
    update orders o set status = x.next
    from (select s.order_id,
        case when bool_and(s.delivered_at is not null) then 'delivered'
             when bool_or(s.shipped_at is not null or s.status <> 'pending') then 'shipped' else 'paid' end as next
      from shipments s where s.order_id in (${sql.join(orderIds.map((id) => sql`${id}`), sql`, `)}) and s.status <> 'cancelled'
      group by s.order_id) x
    where o.id = x.order_id and o.status in ('paid', 'shipped', 'delivered') and o.status <> x.next
    returning o.id`);
  return rows.length;
}

export const SHIPMENT_TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  pending: ['shipped', 'cancelled'],
  shipped: ['delivered', 'returned', 'lost'],
  delivered: ['returned'],
  returned: [],
  lost: [],
  cancelled: [],
};

export type ShipmentEvent = 'shipped' | 'delivered' | 'returned' | 'lost' | 'cancelled';

/** Move a shipment to its next state; `at` stamps shippedAt or deliveredAt. Illegal moves are a conflict. */
export async function recordShipmentEvent(db: Db, actor: Actor, id: number, input: { status: ShipmentEvent; at?: Date | undefined; trackingNo?: string | undefined }, now: Date) {
  return db.transaction(async (tx) => {
    // The order row first, then the shipment: the same lock order as an order's cancellation.
    const [ref] = await tx.select({ orderId: shipments.orderId }).from(shipments).where(eq(shipments.id, id));
    if (!ref) throw new AppError('not_found', `No shipment ${id}`, { entity: 'shipment', id });
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, ref.orderId)).for('update');
    const [s] = await tx.select().from(shipments).where(eq(shipments.id, id)).for('update');
    if (!s) throw new AppError('not_found', `No shipment ${id}`, { entity: 'shipment', id });
    if (!SHIPMENT_TRANSITIONS[s.status]?.includes(input.status)) {
      throw new AppError('conflict', `Shipment ${id} is ${s.status}; it cannot become ${input.status}`, { status: s.status, allowed: SHIPMENT_TRANSITIONS[s.status] ?? [] });
    }
    const at = input.at ?? now;
    const set = {
      status: input.status,
      ...(input.status === 'shipped' ? { shippedAt: at } : {}),
      ...(input.status === 'delivered' ? { deliveredAt: at } : {}),
      ...(input.trackingNo ? { trackingNo: input.trackingNo } : {}),
    };
    await tx.update(shipments).set(set).where(eq(shipments.id, id));
    await syncOrderFulfilment(tx, [s.orderId]);
    await audit(tx, actor, { action: `shipment_${input.status}`, entity: 'shipment', entityId: id, before: { status: s.status }, after: { status: input.status, at: at.toISOString() } });
    const [row] = await tx.select().from(shipments).where(eq(shipments.id, id));
    return {
      id: row!.id, orderId: row!.orderId, warehouseId: row!.warehouseId, carrier: row!.carrier, trackingNo: row!.trackingNo, destRegion: row!.destRegion,
      status: row!.status, shippedAt: row!.shippedAt?.toISOString() ?? null, deliveredAt: row!.deliveredAt?.toISOString() ?? null, promisedAt: row!.promisedAt?.toISOString() ?? null,
    };
  });
}

export type SlaGroup = 'region' | 'warehouse' | 'carrier';

export interface SlaRow {
  key: string;
  shipments: number;
  delivered: number;
  onTime: number;
  /** onTime / delivered; null when nothing was delivered. */
  hitRate: number | null;
  /** Delivered late, or still undelivered after the promise. */
  missed: number;
  orders: number;
  /** Σ modelled cost of the shipments / orders, fen (rounded). */
  costPerOrder: number | null;
}

/**
 * Promise kept or missed for shipments promised on business days [from, to] (store time zone):
 * on time = delivered at or before promisedAt. Cancelled shipments are left out.
 */
export async function slaReport(db: Tx, q: { from: string; to: string; groupBy: SlaGroup }, now: Date): Promise<{ groupBy: SlaGroup; rows: SlaRow[]; total: SlaRow }> {
  const { timeZone } = await getStoreSettings(db);
  const key = q.groupBy === 'region' ? sql`coalesce(s.dest_region, '—')` : q.groupBy === 'carrier' ? sql`s.carrier` : sql`w.code`;
  const rows = await queryRows<{ key: string; shipments: number; delivered: number; on_time: number; missed: number; orders: number; cost: number | null }>(db, sql`
    select ${key} as key, count(*)::int as shipments,
      count(*) filter (where s.delivered_at is not null)::int as delivered,
      count(*) filter (where s.delivered_at is not null and s.delivered_at <= s.promised_at)::int as on_time,
      count(*) filter (where (s.delivered_at is not null and s.delivered_at > s.promised_at)
        or (s.delivered_at is null and s.status in ('pending','shipped','lost') and s.promised_at < ${now.toISOString()}::timestamptz))::int as missed,
      count(distinct s.order_id)::int as orders,
      sum(s.estimated_cost)::bigint as cost
    from shipments s join warehouses w on w.id = s.warehouse_id
    where s.status <> 'cancelled' and s.promised_at is not null
      and s.promised_at >= (${q.from}::date::timestamp at time zone ${timeZone}::text)
      and s.promised_at < ((${q.to}::date + 1)::timestamp at time zone ${timeZone}::text)
    group by 1 order by 1`);
  const toRow = (r: { key: string; shipments: number; delivered: number; on_time: number; missed: number; orders: number; cost: number | null }): SlaRow => ({
    key: r.key, shipments: r.shipments, delivered: r.delivered, onTime: r.on_time, hitRate: r.delivered ? r.on_time / r.delivered : null, missed: r.missed,
    orders: r.orders, costPerOrder: r.cost === null || r.orders === 0 ? null : Math.round(Number(r.cost) / r.orders),
  });
  const out = rows.map(toRow);
  const sum = (f: (r: SlaRow) => number) => out.reduce((s, r) => s + f(r), 0);
  const totalCost = rows.reduce((s, r) => s + Number(r.cost ?? 0), 0);
  const [orders] = await queryRows<{ n: number }>(db, sql`select count(distinct s.order_id)::int as n from shipments s
    where s.status <> 'cancelled' and s.promised_at >= (${q.from}::date::timestamp at time zone ${timeZone}::text)
      and s.promised_at < ((${q.to}::date + 1)::timestamp at time zone ${timeZone}::text)`);
  const delivered = sum((r) => r.delivered);
  return {
    groupBy: q.groupBy, rows: out,
    total: {
      key: 'total', shipments: sum((r) => r.shipments), delivered, onTime: sum((r) => r.onTime), hitRate: delivered ? sum((r) => r.onTime) / delivered : null,
      missed: sum((r) => r.missed), orders: orders?.n ?? 0, costPerOrder: orders?.n ? Math.round(totalCost / orders.n) : null,
    },
  };
}

export interface AtRiskShipment {
  id: number;
  orderId: number;
  warehouseCode: string;
  carrier: string;
  status: string;
  destRegion: string | null;
  promisedAt: string;
  predictedAt: string;
  /** Predicted lateness in minutes (negative margins are not listed). */
  lateByMinutes: number;
}

/**
 * Shipments predicted to miss their promise: still pending or in transit, where the prediction —
 * now (pending: plus handling) plus the modelled transit from the warehouse to the destination
 * region at the cost model's line-haul speed — falls after promisedAt. Already late ones included.
 */
export async function atRiskShipments(db: Tx, now: Date, handlingHours = DEFAULT_COST_MODEL.handlingHours): Promise<AtRiskShipment[]> {
  const rows = await queryRows<{ id: number; order_id: number; code: string; carrier: string; status: string; dest_region: string | null; promised_at: Date; shipped_at: Date | null; plan: { parcels?: { shipmentId?: number; km?: number }[] } | null }>(db, sql`
    select s.id, s.order_id, w.code, s.carrier, s.status, s.dest_region, s.promised_at, s.shipped_at, o.plan
    from shipments s join warehouses w on w.id = s.warehouse_id
    left join order_allocations o on o.order_id = s.order_id
    where s.status in ('pending','shipped') and s.promised_at is not null
    order by s.promised_at, s.id`);
  const out: AtRiskShipment[] = [];
  for (const r of rows) {
    const km = r.plan?.parcels?.find((p) => p.shipmentId === r.id)?.km ?? 0;
    const transit = (km / DEFAULT_COST_MODEL.kmPerHour) * 3_600_000;
    const promised = new Date(r.promised_at).getTime();
    // Pending: handling then transit from now. Shipped: transit from the hand-over, not before now.
    const predicted = r.status === 'pending' || !r.shipped_at
      ? now.getTime() + handlingHours * 3_600_000 + transit
      : Math.max(now.getTime(), new Date(r.shipped_at).getTime() + transit);
    if (predicted > promised) {
      out.push({ id: r.id, orderId: r.order_id, warehouseCode: r.code, carrier: r.carrier, status: r.status, destRegion: r.dest_region,
        promisedAt: new Date(promised).toISOString(), predictedAt: new Date(predicted).toISOString(), lateByMinutes: Math.round((predicted - promised) / 60_000) });
    }
  }
  return out.sort((a, b) => b.lateByMinutes - a.lateByMinutes || a.id - b.id);
}

export async function shipmentsOfWarehouseByStatus(db: Tx, warehouseId: number, status: string) {
  return db.select().from(shipments).where(and(eq(shipments.warehouseId, warehouseId), eq(shipments.status, status)));
}

/**
 * Open a service ticket (service module) for each shipment predicted to miss its promise, once:
 * the ticket's external id is the shipment, so a second run skips those already opened.
 */
export async function openAtRiskTickets(db: Db, actor: Actor, now: Date): Promise<{ opened: number; alreadyOpen: number }> {
  let opened = 0;
  let alreadyOpen = 0;
  for (const s of await atRiskShipments(db, now)) {
    try {
      await createTicket(db, actor, {
        channel: 'api', category: '物流', priority: 'high', source: 'logistics', externalId: `at-risk:shipment:${s.id}`, orderId: s.orderId,
        subject: `包裹 ${s.id} 预计晚于承诺送达 ${s.lateByMinutes} 分钟`,
        body: `Shipment ${s.id} (order ${s.orderId}, ${s.warehouseCode}, ${s.carrier}, ${s.status}) is predicted at ${s.predictedAt}; promised by ${s.promisedAt}.`,
      }, now);
      opened++;
    } catch (e) {
      if (e instanceof AppError && e.code === 'conflict') alreadyOpen++;
      else throw e;
    }
  }
  return { opened, alreadyOpen };
}
