/**
 * Stored dispatch plans: a plan is computed by `dispatchPlan`, saved as a draft with its solver
 * settings (seed, iteration cap, time limit), cost and manifests, listed and reopened as saved,
 * and released: its routed shipments become `shipped` (handed to the drivers) in one transaction.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DispatchPlanSummaryDto, StoredDispatchPlanDto } from '@zhanggui/contracts';
import { pgErrorOf, type Db, type Tx } from '../../db/client.js';
import { isoOrNull, pageOf, rethrowConstraint } from '../../db/query-helpers.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { getWarehouse } from '../inventory/index.js';
import { orders } from '../orders/index.js';
import { DEFAULT_DISPATCH_ITERATIONS, dispatchPlan, type DispatchPlanResult } from './dispatch.service.js';
import { dispatchPlans, shipments } from './logistics.tables.js';
import { syncOrderFulfilment } from './tracking.service.js';

export interface CreateDispatchPlanInput {
  warehouseId: number;
  date: string;
  wave?: number;
  vans?: number | undefined;
  seed?: number;
  iterations?: number | undefined;
  timeLimitSeconds?: number | undefined;
}

type PlanRow = typeof dispatchPlans.$inferSelect;
/** What the `plan` column holds: the parts of a computed plan that are not columns. */
type StoredParts = Pick<DispatchPlanResult, 'warehouseCode' | 'depot' | 'routes' | 'unassignedShipmentIds'>;

const summaryOf = (r: PlanRow, code: string): DispatchPlanSummaryDto => ({
  id: r.id, warehouseId: r.warehouseId, warehouseCode: code, date: r.planDate, wave: r.wave, status: r.status as DispatchPlanSummaryDto['status'],
  seed: r.seed, timeLimitSeconds: r.timeLimitMs === null ? null : r.timeLimitMs / 1000, maxIterations: r.maxIterations, iterations: r.iterations,
  cost: r.cost, shipments: r.shipments, vehicles: r.vehicles, units: r.units, distanceKm: r.distanceKm,
  createdAt: r.createdAt.toISOString(), releasedAt: isoOrNull(r.releasedAt),
});

const toDto = (r: PlanRow): StoredDispatchPlanDto => {
  const p = r.plan as StoredParts;
  return { ...summaryOf(r, p.warehouseCode), depot: p.depot, routes: p.routes, unassignedShipmentIds: p.unassignedShipmentIds };
};

/** Plan the warehouse's pending regional-fleet shipments for a day (and wave) and save it as a draft. */
export async function createDispatchPlan(db: Db, actor: Actor, input: CreateDispatchPlanInput, now: Date): Promise<StoredDispatchPlanDto> {
  const timeLimitMs = input.timeLimitSeconds === undefined ? undefined : Math.round(input.timeLimitSeconds * 1000);
  const seed = input.seed ?? 1;
  // Solved outside the transaction (it may run for the whole time limit); release re-checks the shipments.
  const plan = await dispatchPlan(db, {
    warehouseId: input.warehouseId, date: input.date, seed,
    ...(input.vans !== undefined ? { vans: input.vans } : {}),
    ...(input.iterations !== undefined ? { iterations: input.iterations } : {}),
    ...(timeLimitMs !== undefined ? { timeLimitMs } : {}),
  });
  try {
    return await db.transaction(async (tx) => {
      const parts: StoredParts = { warehouseCode: plan.warehouseCode, depot: plan.depot, routes: plan.routes, unassignedShipmentIds: plan.unassignedShipmentIds };
      const [row] = await tx.insert(dispatchPlans).values({
        warehouseId: plan.warehouseId, planDate: plan.date, wave: input.wave ?? 1, status: 'draft', seed, timeLimitMs: timeLimitMs ?? null,
        maxIterations: input.iterations ?? (timeLimitMs === undefined ? DEFAULT_DISPATCH_ITERATIONS : null), iterations: plan.iterations,
        cost: plan.cost, shipments: plan.shipments, vehicles: plan.vehicles, units: plan.units, distanceKm: plan.distanceKm, plan: parts, createdAt: now,
      }).returning();
      const dto = toDto(row!);
      await audit(tx, actor, { action: 'create', entity: 'dispatch_plan', entityId: dto.id, after: { warehouse: dto.warehouseCode, date: dto.date, wave: dto.wave, seed, cost: dto.cost, vehicles: dto.vehicles, shipments: dto.shipments } });
      return dto;
    });
  } catch (e) {
    rethrowConstraint(e, { dispatch_plans_warehouse_id_warehouses_id_fk: { field: 'body.warehouseId', message: 'no such warehouse' } });
  }
}

export async function listDispatchPlans(db: Tx, q: { warehouseId?: number | undefined; date?: string | undefined; status?: 'draft' | 'released' | undefined; limit: number; offset: number }) {
  const where: SQL | undefined = and(
    q.warehouseId ? eq(dispatchPlans.warehouseId, q.warehouseId) : undefined,
    q.date ? eq(dispatchPlans.planDate, q.date) : undefined,
    q.status ? eq(dispatchPlans.status, q.status) : undefined,
  );
  const rows = await db.select().from(dispatchPlans).where(where).orderBy(desc(dispatchPlans.planDate), desc(dispatchPlans.id)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: count() }).from(dispatchPlans).where(where);
  return pageOf(rows.map((r) => summaryOf(r, (r.plan as StoredParts).warehouseCode)), total?.n ?? 0, q);
}

export async function getDispatchPlan(db: Tx, id: number): Promise<StoredDispatchPlanDto> {
  const [row] = await db.select().from(dispatchPlans).where(eq(dispatchPlans.id, id));
  if (!row) throw new AppError('not_found', `No dispatch plan ${id}`, { entity: 'dispatch_plan', id });
  return toDto(row);
}

/**
 * Release a draft: every routed shipment becomes `shipped` at `now` with tracking number
 * `DP<plan>-<vehicle>-<stop>` and the plan's id, all or nothing. Refused when a shipment is no
 * longer pending (cancelled or shipped since the draft was made: plan again) or when the
 * warehouse's day and wave already has a released plan.
 */
export async function releaseDispatchPlan(db: Db, actor: Actor, id: number, now: Date): Promise<StoredDispatchPlanDto> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.select().from(dispatchPlans).where(eq(dispatchPlans.id, id)).for('update');
      if (!row) throw new AppError('not_found', `No dispatch plan ${id}`, { entity: 'dispatch_plan', id });
      if (row.status !== 'draft') throw new AppError('conflict', `Dispatch plan ${id} is already ${row.status}`, { status: row.status });
      // Shared lock: a concurrent 'cannot ship' waits for this release (and then finds the parcels shipped), or this waits for it.
      const wh = await getWarehouse(tx, row.warehouseId, { forShare: true });
      if (!wh.canShip) throw new AppError('conflict', `Warehouse ${wh.code} cannot ship now${wh.unableReason ? ` (${wh.unableReason})` : ''}`, { warehouseId: wh.id });
      const stops = (row.plan as StoredParts).routes.flatMap((r) => r.stops.map((s) => ({ ...s, vehicle: r.vehicle })));
      const ids = stops.map((s) => s.shipmentId).sort((a, b) => a - b);
      // Orders before shipments, each in id order: the lock order of an order's cancellation.
      const orderIds = [...new Set(stops.map((s) => s.orderId))].sort((a, b) => a - b);
      if (orderIds.length > 0) await tx.select({ id: orders.id }).from(orders).where(inArray(orders.id, orderIds)).orderBy(asc(orders.id)).for('update');
      const locked = ids.length === 0 ? [] : await tx.select({ id: shipments.id, status: shipments.status, warehouseId: shipments.warehouseId })
        .from(shipments).where(inArray(shipments.id, ids)).orderBy(asc(shipments.id)).for('update');
      const byId = new Map(locked.map((s) => [s.id, s]));
      const stale = ids.filter((sid) => byId.get(sid)?.status !== 'pending' || byId.get(sid)?.warehouseId !== row.warehouseId);
      if (stale.length > 0) {
        throw new AppError('conflict', `Dispatch plan ${id}: shipments ${stale.join(', ')} are no longer pending at this warehouse; make a new plan`, { shipmentIds: stale });
      }
      // Every stop in one statement (one update per parcel took 8 s for 202 parcels).
      if (stops.length > 0) {
        await tx.execute(sql`update shipments s set status = 'shipped', shipped_at = ${now.toISOString()}::timestamptz, tracking_no = v.tracking_no, dispatch_plan_id = ${id}
          from (values ${sql.join(stops.map((x) => sql`(${x.shipmentId}::int8, ${`DP${id}-${x.vehicle}-${x.seq}`}::text)`), sql`, `)}) v(id, tracking_no)
          where s.id = v.id`);
      }
      await syncOrderFulfilment(tx, orderIds);
      const [updated] = await tx.update(dispatchPlans).set({ status: 'released', releasedAt: now }).where(eq(dispatchPlans.id, id)).returning();
      const dto = toDto(updated!);
      await audit(tx, actor, { action: 'release', entity: 'dispatch_plan', entityId: id, before: { status: 'draft' }, after: { status: 'released', shipments: ids } });
      return dto;
    });
  } catch (e) {
    if (pgErrorOf(e)?.code === '23505') {
      rethrowConstraint(e, { dispatch_plans_released_key: { field: 'wave', message: 'this warehouse already has a released plan for that day and wave; use another wave' } });
    }
    throw e;
  }
}
