/**
 * Allocation (分仓) of paid orders to warehouses. The decision is the pure `allocateOrder` of
 * @zhanggui/algorithms; this service gathers its inputs through the inventory module's services,
 * moves the order's reservations into the chosen warehouses with inventory's own release and
 * `reserveStockAt` (so stock levels stay inventory's business), and records shipments with the rule and reason.
 *
 * No double allocation: the order row is locked for the transaction (as pay and cancel do), and
 * `order_allocations` has the order as its primary key. Competing orders for the last units are
 * settled by inventory's conditional claim; the loser re-plans on fresh stock.
 */
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { WarehouseDto } from '@zhanggui/contracts';
import { allocateOrder, DEFAULT_COST_MODEL, type AllocationDecision, type AllocationWarehouse, type CostModel } from '@zhanggui/algorithms';
import { pgErrorOf, type Db, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { getStoreSettings } from '../store/index.js';
import { listReservationsOfOrder, listStockLevels, listWarehouses, releaseReservation, reserveStockAt, setWarehouseShipping } from '../inventory/index.js';
import { orderLines, orders } from '../orders/index.js';
import { orderAllocations, shipments } from './logistics.tables.js';

export interface AllocateOptions {
  /** Ship lines of one order from up to three warehouses when no single one has everything (default true). */
  allowSplit?: boolean;
  /** Warehouses that cannot ship (re-allocation). */
  exclude?: number[];
  costModel?: CostModel;
  /** Why this (re-)allocation happened, put before the rule's reason (e.g. a warehouse that cannot ship). */
  note?: string;
}

export interface AllocationShipment {
  id: number;
  warehouseId: number;
  warehouseCode: string;
  carrier: string;
  status: string;
  promisedAt: string | null;
  rule: string | null;
  reason: string | null;
  estimatedCost: number | null;
  lines: { lineId: number | null; skuId: number; quantity: number }[];
}

export interface AllocationDto {
  orderId: number;
  status: 'allocated' | 'backorder' | 'released';
  rule: string;
  reason: string;
  estimatedCost: number | null;
  attempts: number;
  allocatedAt: string;
  shipments: AllocationShipment[];
}

type StoredParcel = { shipmentId?: number; warehouseCode: string; lines: AllocationShipment['lines'] };
/** The allocation row's plan: the live parcels, and those of earlier attempts (their shipments are cancelled). */
interface StoredPlan { parcels?: StoredParcel[]; previous?: StoredParcel[] }

class Retry extends Error {}
const RETRYABLE = new Set(['40P01', '40001']);

/** One transaction, re-run on a deadlock or when a competing order took the planned stock first. */
async function inTx<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (e) {
      const retry = e instanceof Retry || RETRYABLE.has(pgErrorOf(e)?.code ?? '');
      if (retry && attempt < 5) continue;
      if (e instanceof Retry) throw new AppError('conflict', 'Stock kept moving under this allocation; try again', {});
      throw e;
    }
  }
}

/** Carrier by zone: the regional fleet inside the region, an express network across regions. */
const carrierFor = (inRegion: boolean) => (inRegion ? 'regional-fleet' : 'express');

async function lockPaidOrder(tx: Tx, orderId: number) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
  if (!order) throw new AppError('not_found', `No order ${orderId}`, { entity: 'order', id: orderId });
  return order;
}

/** Warehouses with what each could give this order: available stock plus the order's own active reservations there. */
async function candidateWarehouses(tx: Tx, orderId: number, skuIds: number[]): Promise<(AllocationWarehouse & { canShip: boolean })[]> {
  const whs = (await listWarehouses(tx, { limit: 500, offset: 0 })).items;
  const own = (await listReservationsOfOrder(tx, orderId)).filter((r) => r.status === 'active');
  const available = new Map(whs.map((w) => [w.id, new Map<number, number>()]));
  for (const skuId of skuIds) {
    for (const level of (await listStockLevels(tx, { skuId, limit: 500, offset: 0, lowThreshold: 10 })).items) {
      available.get(level.warehouseId)?.set(skuId, Math.max(0, level.available));
    }
  }
  for (const r of own) {
    const m = available.get(r.warehouseId);
    if (m) m.set(r.skuId, (m.get(r.skuId) ?? 0) + r.quantity);
  }
  return whs.map((w) => ({ id: w.id, code: w.code, region: w.region, lat: w.lat, lng: w.lng, canShip: w.canShip, available: available.get(w.id)! }));
}

async function loadDto(tx: Tx, orderId: number): Promise<AllocationDto | null> {
  const [a] = await tx.select().from(orderAllocations).where(eq(orderAllocations.orderId, orderId));
  if (!a) return null;
  const rows = await tx.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(asc(shipments.id));
  const plan = a.plan as StoredPlan;
  const byShipment = new Map([...(plan.previous ?? []), ...(plan.parcels ?? [])].map((p) => [p.shipmentId, p]));
  return {
    orderId, status: a.status as AllocationDto['status'], rule: a.rule, reason: a.reason, estimatedCost: a.estimatedCost, attempts: a.attempts,
    allocatedAt: a.allocatedAt.toISOString(),
    shipments: rows.map((s) => ({
      id: s.id, warehouseId: s.warehouseId, warehouseCode: byShipment.get(s.id)?.warehouseCode ?? '', carrier: s.carrier, status: s.status,
      promisedAt: s.promisedAt?.toISOString() ?? null, rule: s.allocationRule, reason: s.allocationReason, estimatedCost: s.estimatedCost,
      lines: byShipment.get(s.id)?.lines ?? [],
    })),
  };
}

/** Plan, move reservations, write shipments and the allocation row; inside the caller's transaction. */
async function allocateLocked(tx: Tx, actor: Actor, order: typeof orders.$inferSelect, now: Date, opts: AllocateOptions, attempts: number): Promise<void> {
  const model = opts.costModel ?? DEFAULT_COST_MODEL;
  const lines = (await tx.select({ id: orderLines.id, skuId: orderLines.skuId, quantity: orderLines.quantity }).from(orderLines)
    .where(and(eq(orderLines.orderId, order.id), gt(orderLines.quantity, 0))).orderBy(asc(orderLines.lineNo)))
    .map((l) => ({ lineId: l.id, skuId: l.skuId, quantity: l.quantity }));
  const warehouses = await candidateWarehouses(tx, order.id, [...new Set(lines.map((l) => l.skuId))]);
  const decision: AllocationDecision = allocateOrder({
    lines, destRegion: order.shipRegion, warehouses: warehouses.map(({ canShip: _, ...w }) => w), allowSplit: opts.allowSplit ?? true, costModel: model,
    // Warehouses that cannot ship now are never planned, whatever the caller excluded.
    exclude: new Set([...(opts.exclude ?? []), ...warehouses.filter((w) => !w.canShip).map((w) => w.id)]),
  });
  const values = { status: 'backorder', rule: decision.rule as string, reason: opts.note ? `${opts.note}; ${decision.reason}` : decision.reason, estimatedCost: null as number | null, parcels: 0, plan: {} as object, attempts, allocatedAt: now, updatedAt: now };
  const plan = decision.plan;
  if (plan) {
    // Move the reservations: give back the order's own, then claim each line in the warehouse the
    // plan puts it in. The claim is conditional, so a competitor may have taken the units since
    // they were read: then the transaction is rolled back and the order planned again.
    const planned = new Map<number | null, number>();
    for (const p of plan.parcels) for (const l of p.lines) planned.set(l.lineId, p.warehouseId);
    const current = (await listReservationsOfOrder(tx, order.id)).filter((r) => r.status === 'active');
    const matches = current.length === lines.length && lines.every((l) => current.some((r) => r.skuId === l.skuId && r.quantity === l.quantity && r.warehouseId === planned.get(l.lineId)));
    if (!matches) {
      await releaseReservation(tx, order.id);
      const r = await reserveStockAt(tx, order.id, lines.map((l) => ({ orderLineId: l.lineId, skuId: l.skuId, quantity: l.quantity, warehouseId: planned.get(l.lineId)! })));
      if (!r.ok) throw new Retry();
    }
    const paidAt = order.paidAt ?? now;
    const parcels = [];
    for (const p of plan.parcels) {
      const [s] = await tx.insert(shipments).values({
        orderId: order.id, warehouseId: p.warehouseId, carrier: carrierFor(p.inRegion), destRegion: order.shipRegion, status: 'pending',
        promisedAt: new Date(paidAt.getTime() + model.promiseHours * 3_600_000),
        allocationRule: values.rule, allocationReason: values.reason, estimatedCost: p.costFen,
      }).returning({ id: shipments.id });
      parcels.push({ shipmentId: s!.id, warehouseId: p.warehouseId, warehouseCode: p.warehouseCode, km: p.km, inRegion: p.inRegion, costFen: p.costFen, lines: p.lines });
    }
    Object.assign(values, { status: 'allocated', estimatedCost: plan.costFen, parcels: parcels.length, plan: { parcels, runnerUp: decision.ranked[1]?.parcels.map((p) => p.warehouseCode) ?? null } });
  }
  const [before] = await tx.select({ plan: orderAllocations.plan }).from(orderAllocations).where(eq(orderAllocations.orderId, order.id));
  const old = before?.plan as StoredPlan | undefined;
  if (old) values.plan = { ...values.plan, previous: [...(old.previous ?? []), ...(old.parcels ?? [])] };
  await tx.insert(orderAllocations).values({ orderId: order.id, ...values })
    .onConflictDoUpdate({ target: orderAllocations.orderId, set: { ...values, allocatedAt: sql`${orderAllocations.allocatedAt}` } });
  await audit(tx, actor, {
    action: attempts > 1 ? 'reallocate' : 'allocate', entity: 'order', entityId: order.id,
    after: { status: values.status, rule: values.rule, warehouses: plan?.parcels.map((p) => p.warehouseCode) ?? [], estimatedCost: values.estimatedCost },
    details: { reason: values.reason, exclude: opts.exclude ?? [] },
  });
}

/**
 * Allocate a paid order. Idempotent: an order already allocated is returned as it is (a second,
 * concurrent call waits on the order lock and then finds the first one's allocation).
 */
export async function allocatePaidOrder(db: Db, actor: Actor, orderId: number, now: Date, opts: AllocateOptions = {}): Promise<AllocationDto> {
  return inTx(db, async (tx) => {
    const order = await lockPaidOrder(tx, orderId);
    const existing = await loadDto(tx, orderId);
    if (existing && existing.status !== 'backorder') return existing;
    if (order.status !== 'paid') throw new AppError('conflict', `Order ${orderId} is ${order.status}; only a paid order is allocated`, { status: order.status });
    if (!existing) {
      // Shipments made elsewhere (imported, simulated, or by hand) mean the order is already on its way.
      const [other] = await tx.select({ id: shipments.id }).from(shipments).where(and(eq(shipments.orderId, orderId), sql`${shipments.status} <> 'cancelled'`)).limit(1);
      if (other) throw new AppError('conflict', `Order ${orderId} already has shipment ${other.id}; it is not allocated again`, { shipmentId: other.id });
    }
    await allocateLocked(tx, actor, order, now, opts, (existing?.attempts ?? 0) + 1);
    return (await loadDto(tx, orderId))!;
  });
}

const ON_ITS_WAY = new Set(['shipped', 'delivered', 'returned', 'lost']);

/**
 * The first of the order's parcels already on its way, if any. The order's shipment rows are
 * locked first, so a dispatch-plan release or a tracking event that is shipping one of them right
 * now is waited for and seen, never overtaken (a cancel or re-allocation could otherwise cancel or
 * duplicate a parcel that has just left).
 */
async function onItsWay(tx: Tx, orderId: number): Promise<{ id: number; status: string } | undefined> {
  const rows = await tx.select({ id: shipments.id, status: shipments.status }).from(shipments)
    .where(eq(shipments.orderId, orderId)).orderBy(asc(shipments.id)).for('update');
  return rows.find((r) => ON_ITS_WAY.has(r.status));
}

/**
 * Cancel an order's pending shipments and plan it again (without `opts.exclude` and every
 * warehouse that cannot ship), inside the caller's transaction with the order row locked.
 * Refused once a parcel of the order is on its way.
 */
async function reallocateLocked(tx: Tx, actor: Actor, order: typeof orders.$inferSelect, now: Date, opts: AllocateOptions): Promise<void> {
  if (order.status !== 'paid') throw new AppError('conflict', `Order ${order.id} is ${order.status}; only a paid, unshipped order is re-allocated`, { status: order.status });
  if (await onItsWay(tx, order.id)) throw new AppError('conflict', `Order ${order.id} has a shipment on its way; it cannot be re-allocated`, { orderId: order.id });
  await tx.update(shipments).set({ status: 'cancelled' }).where(and(eq(shipments.orderId, order.id), eq(shipments.status, 'pending')));
  const [a] = await tx.select({ attempts: orderAllocations.attempts }).from(orderAllocations).where(eq(orderAllocations.orderId, order.id));
  await allocateLocked(tx, actor, order, now, opts, (a?.attempts ?? 0) + 1);
}

/** Re-allocate when a warehouse cannot ship: pending shipments are cancelled and the order planned again without it. */
export async function reallocateOrder(db: Db, actor: Actor, orderId: number, now: Date, opts: AllocateOptions): Promise<AllocationDto> {
  return inTx(db, async (tx) => {
    await reallocateLocked(tx, actor, await lockPaidOrder(tx, orderId), now, opts);
    return (await loadDto(tx, orderId))!;
  });
}

export interface WarehouseShippingResult {
  warehouse: WarehouseDto;
  /** Orders whose pending parcels from this warehouse were planned elsewhere. */
  reallocated: number[];
  /** Orders no other warehouse can serve now: backorders, retried by the next allocation run. */
  backorder: number[];
  /** Orders with a parcel already on its way: left as they are (their pending parcel needs a hand). */
  blocked: number[];
}

/**
 * Mark a warehouse unable (or able again) to ship. Unable: in the same transaction every paid
 * order with a pending parcel there is re-allocated elsewhere (its reason says why), so the flag
 * and the new plans commit together or not at all.
 */
export async function setWarehouseCanShip(db: Db, actor: Actor, warehouseId: number, input: { canShip: boolean; reason?: string | undefined }, now: Date): Promise<WarehouseShippingResult> {
  return inTx(db, async (tx) => {
    const { after } = await setWarehouseShipping(tx, actor, warehouseId, input);
    const result: WarehouseShippingResult = { warehouse: after, reallocated: [], backorder: [], blocked: [] };
    if (input.canShip) return result;
    const affected = await tx.selectDistinct({ orderId: shipments.orderId }).from(shipments).innerJoin(orders, eq(orders.id, shipments.orderId))
      .where(and(eq(shipments.warehouseId, warehouseId), eq(shipments.status, 'pending'), inArray(orders.status, ['paid', 'shipped']))).orderBy(asc(shipments.orderId));
    const note = `${after.code} cannot ship${input.reason ? ` (${input.reason})` : ''}`;
    for (const { orderId } of affected) {
      const order = await lockPaidOrder(tx, orderId);
      if (order.status !== 'paid' && order.status !== 'shipped') continue; // cancelled meanwhile: its parcels are already cancelled
      if (await onItsWay(tx, orderId)) { result.blocked.push(orderId); continue; }
      await reallocateLocked(tx, actor, order, now, { note });
      const [a] = await tx.select({ status: orderAllocations.status }).from(orderAllocations).where(eq(orderAllocations.orderId, orderId));
      (a?.status === 'allocated' ? result.reallocated : result.backorder).push(orderId);
    }
    return result;
  });
}

/**
 * A cancelled or refunded order, inside the orders module's transaction (order row locked): its
 * pending shipments are cancelled and its allocation released, so nothing is left to ship. The
 * stock itself is given back by the caller with inventory's `releaseReservation`. Refused
 * (rolling the cancellation back) when a parcel is already on its way.
 */
export async function releaseAllocationOfOrder(tx: Tx, actor: Actor, orderId: number, now: Date): Promise<{ cancelledShipments: number }> {
  const left = await onItsWay(tx, orderId);
  if (left) throw new AppError('conflict', `Order ${orderId} has shipment ${left.id} ${left.status}; it can no longer be cancelled`, { shipmentId: left.id, status: left.status });
  const cancelled = await tx.update(shipments).set({ status: 'cancelled' }).where(and(eq(shipments.orderId, orderId), eq(shipments.status, 'pending'))).returning({ id: shipments.id });
  const released = await tx.update(orderAllocations).set({ status: 'released', updatedAt: now })
    .where(and(eq(orderAllocations.orderId, orderId), inArray(orderAllocations.status, ['allocated', 'backorder']))).returning({ orderId: orderAllocations.orderId });
  if (released.length > 0 || cancelled.length > 0) {
    await audit(tx, actor, { action: 'release_allocation', entity: 'order', entityId: orderId, after: { status: 'released', cancelledShipments: cancelled.map((c) => c.id) } });
  }
  return { cancelledShipments: cancelled.length };
}

export async function getAllocation(db: Tx, orderId: number): Promise<AllocationDto> {
  const dto = await loadDto(db, orderId);
  if (!dto) throw new AppError('not_found', `Order ${orderId} has not been allocated`, { entity: 'allocation', id: orderId });
  return dto;
}

/**
 * Cancelled (or fully refunded, which cancels) orders: the orders module has already given their
 * reservations back; here their pending shipments are cancelled and the allocation marked released.
 */
export async function releaseCancelledAllocations(db: Db, actor: Actor, now: Date): Promise<number> {
  return inTx(db, async (tx) => {
    const rows = await tx.select({ orderId: orderAllocations.orderId }).from(orderAllocations)
      .innerJoin(orders, eq(orders.id, orderAllocations.orderId))
      .where(and(inArray(orderAllocations.status, ['allocated', 'backorder']), eq(orders.status, 'cancelled')));
    for (const { orderId } of rows) {
      await tx.update(shipments).set({ status: 'cancelled' }).where(and(eq(shipments.orderId, orderId), eq(shipments.status, 'pending')));
      await tx.update(orderAllocations).set({ status: 'released', updatedAt: now }).where(eq(orderAllocations.orderId, orderId));
      await audit(tx, actor, { action: 'release_allocation', entity: 'order', entityId: orderId, after: { status: 'released' } });
    }
    return rows.length;
  });
}

export interface AllocateRunResult {
  allocated: number;
  backorder: number;
  released: number;
  split: number;
  /** What this run did, order by order (oldest payment first). */
  orders: AllocationDto[];
}

/**
 * Allocate every paid order not yet allocated (and retry backorders), oldest first; release
 * cancelled ones first. `paidBy` (a business date, store time zone) leaves out orders paid later.
 */
export async function allocatePaidOrders(db: Db, actor: Actor, now: Date, opts: AllocateOptions & { limit?: number; paidBy?: string } = {}): Promise<AllocateRunResult> {
  const released = await releaseCancelledAllocations(db, actor, now);
  const { timeZone } = await getStoreSettings(db);
  const todo = await db.select({ id: orders.id }).from(orders)
    .leftJoin(orderAllocations, eq(orderAllocations.orderId, orders.id))
    .where(and(eq(orders.status, 'paid'), sql`(${isNull(orderAllocations.orderId)} or ${orderAllocations.status} = 'backorder')`,
      sql`not exists (select 1 from shipments s where s.order_id = ${orders.id} and s.status <> 'cancelled' and ${isNull(orderAllocations.orderId)})`,
      opts.paidBy ? sql`${orders.paidAt} < ((${opts.paidBy}::date) + 1)::timestamp at time zone ${timeZone}` : undefined))
    .orderBy(asc(orders.paidAt), asc(orders.id)).limit(opts.limit ?? 500);
  const result: AllocateRunResult = { allocated: 0, backorder: 0, released, split: 0, orders: [] };
  for (const { id } of todo) {
    const r = await allocatePaidOrder(db, actor, id, now, opts);
    if (r.status === 'allocated') result.allocated++;
    else result.backorder++;
    if (r.shipments.filter((s) => s.status !== 'cancelled').length > 1) result.split++;
    result.orders.push(r);
  }
  return result;
}
