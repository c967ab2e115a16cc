/**
 * The "rich" routing model a same-day delivery operation needs: several depots, a heterogeneous
 * fleet (capacity, fixed cost, shift), time windows with service times, and optional stops that
 * may be left out at a penalty. Nodes are numbered freely (depots and stops share one matrix);
 * each vehicle starts and ends at its depot. The benchmark solver (`solve.ts`) stays specialised
 * for single-depot CVRP/VRPTW; this model has its own evaluation and solver (`fleet-solve.ts`).
 */

import { euclideanMatrix, haversineMatrix, matrixFromRows } from './distance.js';

export interface FleetVehicle {
  /** Node the route starts from and returns to. */
  depot: number;
  capacity: number;
  /** Paid once if the vehicle is used (same unit as distance). */
  fixedCost: number;
  /** Leaves the depot at shiftStart at the earliest and must be back by shiftStart + shiftLength. */
  shiftStart: number;
  shiftLength: number;
}

export interface FleetInstance {
  name?: string;
  /** Number of nodes (depots and stops). */
  size: number;
  /** Row-major size×size travel cost. */
  distance: Float64Array;
  /** Row-major size×size travel time; the distance when absent. */
  duration?: Float64Array;
  demand: Float64Array;
  /** Service window starts, ends and durations per node; no windows when absent. */
  ready?: Float64Array;
  due?: Float64Array;
  service?: Float64Array;
  /** Nodes to serve (every node that is not a depot, in the caller's order). */
  stops: number[];
  /** Cost of leaving a stop out; Infinity (or absent) means the stop is mandatory. */
  penalty?: Float64Array;
  vehicles: FleetVehicle[];
}

/** routes[v] is the stop sequence of vehicle v (empty when unused); unassigned stops pay their penalty. */
export interface FleetSolution {
  routes: number[][];
  unassigned: number[];
  cost: number;
}

/** Per-stop cost of leaving a mandatory stop out while the search still looks for room for it. */
export const MANDATORY_MISS_PENALTY = 1e9;

export const fdist = (inst: FleetInstance, i: number, j: number): number => inst.distance[i * inst.size + j]!;
export const ftime = (inst: FleetInstance, i: number, j: number): number => (inst.duration ?? inst.distance)[i * inst.size + j]!;

export function missPenalty(inst: FleetInstance, stop: number): number {
  const p = inst.penalty?.[stop];
  return p === undefined || !Number.isFinite(p) ? MANDATORY_MISS_PENALTY : p;
}

export function fleetRouteDistance(inst: FleetInstance, vehicle: number, route: readonly number[]): number {
  if (route.length === 0) return 0;
  const depot = inst.vehicles[vehicle]!.depot;
  let total = fdist(inst, depot, route[0]!);
  for (let k = 1; k < route.length; k++) total += fdist(inst, route[k - 1]!, route[k]!);
  return total + fdist(inst, route[route.length - 1]!, depot);
}

/** Distance plus the fixed cost when the route is used. */
export function fleetRouteCost(inst: FleetInstance, vehicle: number, route: readonly number[]): number {
  return route.length === 0 ? 0 : inst.vehicles[vehicle]!.fixedCost + fleetRouteDistance(inst, vehicle, route);
}

export function fleetRouteLoad(inst: FleetInstance, route: readonly number[]): number {
  let load = 0;
  for (const c of route) load += inst.demand[c]!;
  return load;
}

/** Arrival back at the depot, or Infinity when a window or the shift is missed. */
export function fleetRouteEnd(inst: FleetInstance, vehicle: number, route: readonly number[]): number {
  const v = inst.vehicles[vehicle]!;
  let t = v.shiftStart;
  let prev = v.depot;
  for (const c of route) {
    t = Math.max(t + (prev === v.depot ? 0 : inst.service?.[prev] ?? 0) + ftime(inst, prev, c), inst.ready?.[c] ?? -Infinity);
    if (t > (inst.due?.[c] ?? Infinity) + 1e-9) return Infinity;
    prev = c;
  }
  const end = route.length === 0 ? v.shiftStart : t + (inst.service?.[prev] ?? 0) + ftime(inst, prev, v.depot);
  return end <= v.shiftStart + v.shiftLength + 1e-9 ? end : Infinity;
}

export function fleetRouteFeasible(inst: FleetInstance, vehicle: number, route: readonly number[]): boolean {
  return fleetRouteLoad(inst, route) <= inst.vehicles[vehicle]!.capacity + 1e-9 && fleetRouteEnd(inst, vehicle, route) < Infinity;
}

/** Total cost recomputed from scratch: fixed costs and distances of used vehicles, penalties of left-out stops. */
export function fleetSolutionCost(inst: FleetInstance, routes: readonly (readonly number[])[], unassigned: readonly number[]): number {
  let total = 0;
  routes.forEach((r, v) => { total += fleetRouteCost(inst, v, r); });
  for (const c of unassigned) total += missPenalty(inst, c);
  return total;
}

/** Every violated rule as a sentence; empty means feasible (mandatory stops served, each stop once). */
export function checkFleetSolution(inst: FleetInstance, sol: { routes: readonly (readonly number[])[]; unassigned: readonly number[] }): string[] {
  const problems: string[] = [];
  if (sol.routes.length > inst.vehicles.length) problems.push(`${sol.routes.length} routes for ${inst.vehicles.length} vehicles`);
  const isStop = new Uint8Array(inst.size);
  for (const s of inst.stops) isStop[s] = 1;
  const seen = new Uint8Array(inst.size);
  const mark = (c: number, where: string) => {
    if (!isStop[c]) problems.push(`${where} holds node ${c}, which is not a stop`);
    else if (seen[c]) problems.push(`stop ${c} appears more than once`);
    seen[c] = 1;
  };
  sol.routes.forEach((r, v) => {
    r.forEach((c) => mark(c, `vehicle ${v}`));
    if (v >= inst.vehicles.length) return;
    const load = fleetRouteLoad(inst, r);
    if (load > inst.vehicles[v]!.capacity + 1e-9) problems.push(`vehicle ${v} carries ${load} > ${inst.vehicles[v]!.capacity}`);
    if (fleetRouteEnd(inst, v, r) === Infinity) problems.push(`vehicle ${v} misses a time window or its shift`);
  });
  sol.unassigned.forEach((c) => {
    mark(c, 'unassigned');
    if (missPenalty(inst, c) >= MANDATORY_MISS_PENALTY) problems.push(`mandatory stop ${c} is not served`);
  });
  for (const s of inst.stops) if (!seen[s]) problems.push(`stop ${s} is neither routed nor listed as unassigned`);
  return problems;
}

export interface FleetInput {
  name?: string;
  /** How distances are obtained: from x/y (Euclidean), from lat/lng in degrees (haversine, metres), or given. */
  metric: 'euclidean' | 'haversine' | 'matrix';
  /** Euclidean: x, y; haversine: lat (x) and lng (y). One entry per node. */
  x?: ArrayLike<number>;
  y?: ArrayLike<number>;
  matrix?: readonly (readonly number[])[];
  /** Travel time = distance / speed (default 1). */
  speed?: number;
  depots: number[];
  demand: ArrayLike<number>;
  ready?: ArrayLike<number>;
  due?: ArrayLike<number>;
  service?: ArrayLike<number>;
  penalty?: ArrayLike<number>;
  vehicles: FleetVehicle[];
}

/** Builds a fleet instance; every node that is not a depot is a stop. */
export function fleetInstance(input: FleetInput): FleetInstance {
  let distance: Float64Array;
  if (input.metric === 'matrix') {
    if (!input.matrix) throw new Error('fleetInstance: metric matrix needs a matrix');
    distance = matrixFromRows(input.matrix);
  } else {
    if (!input.x || !input.y) throw new Error(`fleetInstance: metric ${input.metric} needs coordinates`);
    distance = input.metric === 'haversine' ? haversineMatrix(input.x, input.y) : euclideanMatrix(Float64Array.from(input.x), Float64Array.from(input.y), 'exact');
  }
  const size = Math.round(Math.sqrt(distance.length));
  if (input.demand.length !== size) throw new Error(`fleetInstance: ${input.demand.length} demands for ${size} nodes`);
  const isDepot = new Set(input.depots);
  for (const v of input.vehicles) if (!isDepot.has(v.depot)) throw new Error(`fleetInstance: vehicle depot ${v.depot} is not a depot`);
  const speed = input.speed ?? 1;
  const f = (a?: ArrayLike<number>) => (a ? { value: Float64Array.from(a) } : null);
  const ready = f(input.ready);
  const due = f(input.due);
  const service = f(input.service);
  const penalty = f(input.penalty);
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    size, distance, demand: Float64Array.from(input.demand),
    ...(speed !== 1 ? { duration: distance.map((d) => d / speed) } : {}),
    ...(ready ? { ready: ready.value } : {}),
    ...(due ? { due: due.value } : {}),
    ...(service ? { service: service.value } : {}),
    ...(penalty ? { penalty: penalty.value } : {}),
    stops: Array.from({ length: size }, (_, i) => i).filter((i) => !isDepot.has(i)),
    vehicles: input.vehicles.map((v) => ({ ...v })),
  };
}
