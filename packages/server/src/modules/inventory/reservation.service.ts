import { asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { stockReservations } from './inventory.tables.js';

export interface ReservationLine {
  orderLineId: number | null;
  skuId: number;
  quantity: number;
}

export interface Reservation extends ReservationLine {
  warehouseId: number;
}

/** A line no single warehouse can cover: what was asked and the most any one warehouse has. */
export interface StockShortage {
  skuId: number;
  requested: number;
  available: number;
}

export type ReserveResult = { ok: true; reservations: Reservation[] } | { ok: false; shortage: StockShortage };

/** A line the named warehouse cannot cover: what was asked and what that warehouse has available. */
export interface WarehouseShortage extends StockShortage {
  warehouseId: number;
}

export type ReserveAtResult = { ok: true; reservations: Reservation[] } | { ok: false; shortage: WarehouseShortage };

/**
 * Warehouses holding the SKU, best first: one in the ship region, then a central one, then the
 * one with the most available. The read only orders the candidates; the claim itself is the
 * conditional update in `claim`, so a stale read can cost a retry but never an oversell.
 */
async function candidates(tx: Tx, skuId: number, quantity: number, shipRegion: string | null) {
  return queryRows<{ warehouse_id: number }>(tx, sql`
    select sl.warehouse_id from stock_levels sl join warehouses w on w.id = sl.warehouse_id
    where sl.sku_id = ${skuId} and sl.on_hand - sl.reserved - sl.safety_buffer >= ${quantity}
    order by (w.region = ${shipRegion}) is true desc, (w.kind = 'central') desc,
      sl.on_hand - sl.reserved - sl.safety_buffer desc, w.id`);
}

/**
 * Take `quantity` units in one warehouse if, at the moment the row is locked, it still has them.
 * On PostgreSQL under READ COMMITTED a concurrent claim waits for the row lock and then re-checks
 * the condition on the new row version, so the last unit goes to exactly one caller.
 */
async function claim(tx: Tx, warehouseId: number, skuId: number, quantity: number): Promise<boolean> {
  const rows = await queryRows(tx, sql`
    update stock_levels set reserved = reserved + ${quantity}, updated_at = now()
    where warehouse_id = ${warehouseId} and sku_id = ${skuId} and on_hand - reserved - safety_buffer >= ${quantity}
    returning warehouse_id`);
  return rows.length === 1;
}

async function largestAvailable(tx: Tx, skuId: number): Promise<number> {
  const [row] = await queryRows<{ available: number | null }>(tx, sql`
    select max(on_hand - reserved - safety_buffer) as available from stock_levels where sku_id = ${skuId}`);
  return Math.max(0, row?.available ?? 0);
}

/**
 * Reserve every line, each from one warehouse that can cover it, and record the reservations.
 * Lines are claimed in SKU order so two orders with the same SKUs lock rows in the same order
 * (no deadlock). On a shortage it returns the first short line and stops: lines claimed before
 * it stay claimed, so the caller must roll its transaction back (the order workflow does).
 */
export async function reserveStock(tx: Tx, orderId: number, lines: ReservationLine[], opts: { shipRegion?: string | null } = {}): Promise<ReserveResult> {
  const shipRegion = opts.shipRegion ?? null;
  const ordered = [...lines].sort((a, b) => a.skuId - b.skuId);
  const reservations: Reservation[] = [];
  for (const line of ordered) {
    let warehouseId: number | undefined;
    for (const c of await candidates(tx, line.skuId, line.quantity, shipRegion)) {
      if (await claim(tx, c.warehouse_id, line.skuId, line.quantity)) {
        warehouseId = c.warehouse_id;
        break;
      }
    }
    if (warehouseId === undefined) {
      return { ok: false, shortage: { skuId: line.skuId, requested: line.quantity, available: await largestAvailable(tx, line.skuId) } };
    }
    reservations.push({ ...line, warehouseId });
  }
  await recordReservations(tx, orderId, reservations);
  return { ok: true, reservations };
}

async function availableAt(tx: Tx, warehouseId: number, skuId: number): Promise<number> {
  const [row] = await queryRows<{ available: number }>(tx, sql`
    select on_hand - reserved - safety_buffer as available from stock_levels where warehouse_id = ${warehouseId} and sku_id = ${skuId}`);
  return Math.max(0, row?.available ?? 0);
}

async function recordReservations(tx: Tx, orderId: number, reservations: Reservation[]): Promise<void> {
  if (reservations.length === 0) return;
  await tx.insert(stockReservations).values(reservations.map((r) => ({
    orderId, orderLineId: r.orderLineId, warehouseId: r.warehouseId, skuId: r.skuId, quantity: r.quantity,
  })));
}

/**
 * Reserve every line in the warehouse it names (allocation's plan), with the same conditional
 * claim as `reserveStock`: a competing order that took the units first makes this return the
 * short line, and the caller must roll its transaction back (lines claimed before it stay
 * claimed). Claimed in (SKU, warehouse) order, the lock order `reserveStock` and
 * `releaseReservation` use, so two orders never wait on each other in a cycle over one SKU.
 */
export async function reserveStockAt(tx: Tx, orderId: number, lines: Reservation[]): Promise<ReserveAtResult> {
  const ordered = [...lines].sort((a, b) => a.skuId - b.skuId || a.warehouseId - b.warehouseId);
  for (const line of ordered) {
    if (!(await claim(tx, line.warehouseId, line.skuId, line.quantity))) {
      return { ok: false, shortage: { skuId: line.skuId, warehouseId: line.warehouseId, requested: line.quantity, available: await availableAt(tx, line.warehouseId, line.skuId) } };
    }
  }
  await recordReservations(tx, orderId, ordered);
  return { ok: true, reservations: ordered };
}

/**
 * Give back an order's active reservations. Marking them released is itself the guard: a second,
 * concurrent release finds no active rows once the first commits, so stock is returned once.
 */
export async function releaseReservation(tx: Tx, orderId: number): Promise<Reservation[]> {
  const released = await queryRows<{ warehouse_id: number; sku_id: number; quantity: number; order_line_id: number | null }>(tx, sql`
    update stock_reservations set status = 'released'
    where order_id = ${orderId} and status = 'active'
    returning warehouse_id, sku_id, quantity, order_line_id`);
  const totals = new Map<string, { warehouseId: number; skuId: number; quantity: number }>();
  for (const r of released) {
    const key = `${r.warehouse_id}:${r.sku_id}`;
    const t = totals.get(key) ?? { warehouseId: r.warehouse_id, skuId: r.sku_id, quantity: 0 };
    t.quantity += r.quantity;
    totals.set(key, t);
  }
  // Same lock order as reserveStock.
  for (const t of [...totals.values()].sort((a, b) => a.skuId - b.skuId || a.warehouseId - b.warehouseId)) {
    await tx.execute(sql`update stock_levels set reserved = reserved - ${t.quantity}, updated_at = now()
      where warehouse_id = ${t.warehouseId} and sku_id = ${t.skuId}`);
  }
  return released.map((r) => ({ orderLineId: r.order_line_id, skuId: r.sku_id, quantity: r.quantity, warehouseId: r.warehouse_id }));
}

/** An order's reservations in every status, for the order detail. */
export async function listReservationsOfOrder(db: Tx, orderId: number) {
  const rows = await db.select({
    warehouseId: stockReservations.warehouseId, skuId: stockReservations.skuId, quantity: stockReservations.quantity, status: stockReservations.status,
  }).from(stockReservations).where(eq(stockReservations.orderId, orderId)).orderBy(asc(stockReservations.id));
  return rows.map((r) => ({ ...r, status: r.status as 'active' | 'released' | 'fulfilled' }));
}
