/**
 * Dispatch plan of one warehouse for one day: its pending regional-fleet shipments become stops,
 * the fleet solver (@zhanggui/algorithms `solveFleet`) routes them, and each route becomes a driver
 * manifest (stop order, ETA, window, load). Deterministic for the same shipments, fleet, seed and
 * iteration budget; with a time limit the iterations reached depend on the machine.
 * Plans are computed on request (`dispatchPlan`) or stored (dispatch-plans.service.ts).
 *
 * Stop positions: orders carry a ship region, not a geocoded address, so a stop is placed at a
 * stable pseudo-position within 15 km of the warehouse derived from its order id (a stand-in for
 * a geocoder; a store with coordinates would pass them instead).
 */
import { performance } from 'node:perf_hooks';
import { and, asc, eq } from 'drizzle-orm';
import { createRng, fleetInstance, solveFleet, type FleetVehicle } from '@zhanggui/algorithms';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { getWarehouse } from '../inventory/index.js';
import { orderAllocations, shipments } from './logistics.tables.js';

export interface DispatchOptions {
  warehouseId: number;
  date: string;
  vans?: number;
  vanCapacity?: number;
  /** Iteration cap; 2,000 when neither it nor a time limit is given. */
  iterations?: number;
  /** Wall-clock budget of the solver, ms. */
  timeLimitMs?: number;
  seed?: number;
}

export const DEFAULT_DISPATCH_ITERATIONS = 2000;
const SPEED_M_PER_MIN = 25_000 / 60;
const SHIFT_START = 8 * 60;
const SHIFT_LENGTH = 13 * 60;
const SERVICE_MIN = 3;
const READY = 9 * 60;
const DUE = 21 * 60;
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(Math.round(m % 60)).padStart(2, '0')}`;

/** A stable position within 15 km of the depot for an order (see the module comment). */
export function placeholderPosition(depot: { lat: number; lng: number }, orderId: number): { lat: number; lng: number } {
  const rng = createRng(orderId * 2654435761);
  const r = 15 * Math.sqrt(rng.next());
  const a = rng.next() * 2 * Math.PI;
  return {
    lat: Math.round((depot.lat + (r * Math.sin(a)) / 111.195) * 1e5) / 1e5,
    lng: Math.round((depot.lng + (r * Math.cos(a)) / (111.195 * Math.cos((depot.lat * Math.PI) / 180))) * 1e5) / 1e5,
  };
}

export async function dispatchPlan(db: Tx, o: DispatchOptions) {
  const wh = await getWarehouse(db, o.warehouseId);
  if (wh.lat === null || wh.lng === null) throw new AppError('bad_request', `Warehouse ${wh.code} has no coordinates`, { warehouseId: o.warehouseId });
  const depot = { lat: wh.lat, lng: wh.lng };
  const rows = await db.select({ id: shipments.id, orderId: shipments.orderId, promisedAt: shipments.promisedAt, plan: orderAllocations.plan })
    .from(shipments).leftJoin(orderAllocations, eq(orderAllocations.orderId, shipments.orderId))
    .where(and(eq(shipments.warehouseId, o.warehouseId), eq(shipments.status, 'pending'), eq(shipments.carrier, 'regional-fleet')))
    .orderBy(asc(shipments.id));
  const stops = rows.map((r) => {
    const parcel = (r.plan as { parcels?: { shipmentId?: number; lines?: { quantity: number }[] }[] } | null)?.parcels?.find((p) => p.shipmentId === r.id);
    return { ...r, units: parcel?.lines?.reduce((s, l) => s + l.quantity, 0) ?? 1, ...placeholderPosition(depot, r.orderId) };
  });
  const vans = o.vans ?? Math.max(1, Math.ceil(stops.length / 25));
  const capacity = o.vanCapacity ?? 60;
  const vehicles: FleetVehicle[] = Array.from({ length: vans }, () => ({ depot: 0, capacity, fixedCost: 30_000, shiftStart: SHIFT_START, shiftLength: SHIFT_LENGTH }));
  const inst = fleetInstance({
    metric: 'haversine', x: [depot.lat, ...stops.map((s) => s.lat)], y: [depot.lng, ...stops.map((s) => s.lng)], speed: SPEED_M_PER_MIN,
    depots: [0], demand: [0, ...stops.map((s) => s.units)], ready: [0, ...stops.map(() => READY)], due: [24 * 60, ...stops.map(() => DUE)],
    service: [0, ...stops.map(() => SERVICE_MIN)], vehicles,
  });
  const budget = o.timeLimitMs === undefined
    ? { maxIterations: o.iterations ?? DEFAULT_DISPATCH_ITERATIONS }
    : { timeLimitMs: o.timeLimitMs, now: () => performance.now(), ...(o.iterations !== undefined ? { maxIterations: o.iterations } : {}) };
  const result = solveFleet(inst, { seed: o.seed ?? 1, ...budget });
  const routes = result.routes.map((route, v) => {
    let t = SHIFT_START;
    let prev = 0;
    let load = 0;
    let meters = 0;
    const manifest = route.map((node, k) => {
      const d = inst.distance[prev * inst.size + node]!;
      meters += d;
      t = Math.max(t + (k === 0 ? 0 : SERVICE_MIN) + d / SPEED_M_PER_MIN, READY);
      prev = node;
      const s = stops[node - 1]!;
      load += s.units;
      return { seq: k + 1, shipmentId: s.id, orderId: s.orderId, lat: s.lat, lng: s.lng, eta: hhmm(t), window: `${hhmm(READY)}–${hhmm(DUE)}`, units: s.units };
    });
    if (route.length > 0) meters += inst.distance[prev * inst.size]!;
    return { vehicle: v + 1, capacity, units: load, distanceKm: Math.round(meters / 100) / 10, returnAt: route.length ? hhmm(t + SERVICE_MIN + inst.distance[prev * inst.size]! / SPEED_M_PER_MIN) : null, stops: manifest };
  }).filter((r) => r.stops.length > 0);
  return {
    warehouseId: wh.id, warehouseCode: wh.code, date: o.date, depot, shipments: stops.length, vehicles: routes.length,
    distanceKm: Math.round(routes.reduce((s, r) => s + r.distanceKm, 0) * 10) / 10, iterations: result.iterations,
    unassignedShipmentIds: result.unassigned.map((n) => stops[n - 1]!.id),
    units: routes.reduce((s, r) => s + r.units, 0), cost: Math.round(result.cost * 10) / 10, routes,
  };
}

export type DispatchPlanResult = Awaited<ReturnType<typeof dispatchPlan>>;
