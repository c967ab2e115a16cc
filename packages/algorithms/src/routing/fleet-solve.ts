/**
 * Anytime solver for the fleet model (several depots, heterogeneous vehicles, windows, shifts,
 * optional stops): greedy insertion construction, then SISR-style string ruin and blinking
 * greedy recreate under simulated annealing (as `solve.ts`), with relocate / swap / 2-opt local
 * search (exact deltas, `fleet-moves.ts`) on every new best. Deterministic for a seed and an
 * iteration budget; reads no clock itself.
 */
import { createRng, type Rng } from '../shared/rng.js';
import {
  fdist, ftime, fleetRouteDistance, fleetRouteLoad, fleetSolutionCost, missPenalty, MANDATORY_MISS_PENALTY,
  type FleetInstance, type FleetSolution,
} from './fleet.js';
import {
  applyFleetRelocate, applyFleetSwap, applyFleetTwoOpt, exchangedRoutes, fleetExchangeDelta, fleetMergeDelta, fleetRelocateDelta, fleetSwapDelta,
  fleetTwoOptDelta, mergedRoutes,
} from './fleet-moves.js';

export interface FleetSolveOptions {
  seed?: number;
  maxIterations?: number;
  timeLimitMs?: number;
  now?: () => number;
  /** Average number of stops removed per ruin (SISR c̄) and the longest string (L_max). */
  averageRemoved?: number;
  maxStringLength?: number;
  blinkRate?: number;
  neighbours?: number;
  initialTemperature?: number;
  finalTemperature?: number;
}

export interface FleetResult extends FleetSolution {
  iterations: number;
  /** False when a mandatory stop could not be served by any vehicle. */
  feasible: boolean;
}

type Routes = number[][];

interface Sched { earliest: Float64Array; latest: Float64Array }

const EPS = 1e-9;

function schedule(inst: FleetInstance, v: number, route: readonly number[]): Sched {
  const veh = inst.vehicles[v]!;
  const len = route.length;
  const earliest = new Float64Array(len);
  const latest = new Float64Array(len);
  let t = veh.shiftStart;
  let prev = veh.depot;
  for (let k = 0; k < len; k++) {
    const c = route[k]!;
    t = Math.max(t + (k === 0 ? 0 : inst.service?.[prev] ?? 0) + ftime(inst, prev, c), inst.ready?.[c] ?? -Infinity);
    earliest[k] = t;
    prev = c;
  }
  let l = veh.shiftStart + veh.shiftLength;
  let next = veh.depot;
  for (let k = len - 1; k >= 0; k--) {
    const c = route[k]!;
    l = Math.min(inst.due?.[c] ?? Infinity, l - ftime(inst, c, next) - (inst.service?.[c] ?? 0));
    latest[k] = l;
    next = c;
  }
  return { earliest, latest };
}

/** Whether stop u fits between positions k-1 and k of vehicle v's route, in O(1). */
function fits(inst: FleetInstance, v: number, route: readonly number[], s: Sched, k: number, u: number): boolean {
  const veh = inst.vehicles[v]!;
  const prev = k > 0 ? route[k - 1]! : veh.depot;
  const depart = k > 0 ? s.earliest[k - 1]! + (inst.service?.[prev] ?? 0) : veh.shiftStart;
  const start = Math.max(depart + ftime(inst, prev, u), inst.ready?.[u] ?? -Infinity);
  if (start > (inst.due?.[u] ?? Infinity) + EPS) return false;
  const next = k < route.length ? route[k]! : veh.depot;
  const arrive = start + (inst.service?.[u] ?? 0) + ftime(inst, u, next);
  return arrive <= (k < route.length ? s.latest[k]! : veh.shiftStart + veh.shiftLength) + EPS;
}

/** Vehicles that are interchangeable when empty (same depot, capacity, cost and shift) share one key. */
function vehicleKeys(inst: FleetInstance): string[] {
  return inst.vehicles.map((v) => `${v.depot}|${v.capacity}|${v.fixedCost}|${v.shiftStart}|${v.shiftLength}`);
}

/**
 * Inserts each stop at its cheapest feasible place over all vehicles (an unused vehicle costs its
 * fixed cost, scaled by fixedWeight), or leaves it out when that is cheaper than its penalty.
 * Mutates routes and out.
 */
export function fleetInsert(
  inst: FleetInstance, routes: Routes, stops: readonly number[], out: number[], rng: Rng | null = null, blinkRate = 0, keys = vehicleKeys(inst),
  fixedWeight = 1,
): void {
  const scheds: (Sched | null)[] = routes.map(() => null);
  const loads = routes.map((r) => fleetRouteLoad(inst, r));
  for (const u of stops) {
    let best = missPenalty(inst, u);
    let bestV = -1;
    let bestK = -1;
    const triedEmpty = new Set<string>();
    for (let v = 0; v < routes.length; v++) {
      const veh = inst.vehicles[v]!;
      if (loads[v]! + inst.demand[u]! > veh.capacity + EPS) continue;
      const route = routes[v]!;
      if (route.length === 0) {
        if (triedEmpty.has(keys[v]!)) continue;
        triedEmpty.add(keys[v]!);
      }
      const s = (scheds[v] ??= schedule(inst, v, route));
      const open = route.length === 0 ? veh.fixedCost * fixedWeight : 0;
      for (let k = 0; k <= route.length; k++) {
        if (rng && blinkRate > 0 && rng.next() < blinkRate) continue;
        const prev = k > 0 ? route[k - 1]! : veh.depot;
        const next = k < route.length ? route[k]! : veh.depot;
        const delta = fdist(inst, prev, u) + fdist(inst, u, next) - fdist(inst, prev, next) + open;
        if (delta < best && fits(inst, v, route, s, k, u)) {
          best = delta;
          bestV = v;
          bestK = k;
        }
      }
    }
    if (bestV < 0) {
      out.push(u);
      continue;
    }
    routes[bestV]!.splice(bestK, 0, u);
    loads[bestV] = loads[bestV]! + inst.demand[u]!;
    scheds[bestV] = null;
  }
}

function shuffle<T>(xs: T[], rng: Rng): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
}

/** Each stop's other stops by increasing distance (symmetrised), the SISR adjacency. */
function stopAdjacency(inst: FleetInstance, limit: number): Map<number, number[]> {
  const adj = new Map<number, number[]>();
  for (const u of inst.stops) {
    const others = inst.stops.filter((v) => v !== u);
    const d = (v: number) => fdist(inst, u, v) + fdist(inst, v, u);
    others.sort((a, b) => d(a) - d(b) || a - b);
    adj.set(u, [u, ...others.slice(0, limit)]);
  }
  return adj;
}

const randInt = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));

/** Removes strings of nearby stops from a few routes (SISR without split strings); returns them. */
function ruin(inst: FleetInstance, routes: Routes, adj: Map<number, number[]>, rng: Rng, averageRemoved: number, maxString: number): number[] {
  const where = new Map<number, number>();
  routes.forEach((r, v) => r.forEach((c) => where.set(c, v)));
  const used = routes.filter((r) => r.length > 0);
  if (used.length === 0) return [];
  const avgLen = used.reduce((s, r) => s + r.length, 0) / used.length;
  const lsMax = Math.min(maxString, avgLen);
  const ksMax = (4 * averageRemoved) / (1 + lsMax) - 1;
  const ks = Math.floor(rng.next() * Math.max(1, ksMax)) + 1;
  const seed = inst.stops[Math.floor(rng.next() * inst.stops.length)]!;
  const removed: number[] = [];
  const ruined = new Set<number>();
  for (const c of adj.get(seed)!) {
    if (ruined.size >= ks) break;
    const v = where.get(c);
    if (v === undefined || ruined.has(v)) continue;
    const route = routes[v]!;
    const pos = route.indexOf(c);
    const l = randInt(rng, 1, Math.max(1, Math.floor(Math.min(route.length, lsMax))));
    const start = randInt(rng, Math.max(0, pos - l + 1), Math.min(pos, route.length - l));
    removed.push(...route.splice(start, l));
    ruined.add(v);
  }
  return removed;
}

function sortForInsertion(inst: FleetInstance, stops: number[], rng: Rng): void {
  shuffle(stops, rng);
  const pick = rng.next() * 11;
  if (pick < 4) return;
  const key = pick < 8 ? (c: number) => -inst.demand[c]! : pick < 10 ? (c: number) => -(inst.due?.[c] ?? 0) : (c: number) => inst.due?.[c] ?? 0;
  stops.sort((a, b) => key(a) - key(b));
}

/** Relocate, swap and 2-opt over each stop's nearest neighbours until no move improves. */
export function fleetLocalSearch(inst: FleetInstance, routes: Routes, neighbours: Map<number, number[]>, rng: Rng): void {
  const routeOf = new Map<number, number>();
  const posOf = new Map<number, number>();
  const index = (v: number) => routes[v]!.forEach((c, p) => { routeOf.set(c, v); posOf.set(c, p); });
  routes.forEach((_, v) => index(v));
  const order = inst.stops.slice();
  shuffle(order, rng);
  const improve = (u: number, w: number): boolean => {
    const a = routeOf.get(u);
    const b = routeOf.get(w);
    if (a === undefined || b === undefined) return false;
    const i = posOf.get(u)!;
    const j = posOf.get(w)!;
    for (const jj of [j + 1, j]) {
      if (fleetRelocateDelta(inst, routes, a, i, b, jj) < -1e-7) {
        applyFleetRelocate(routes, a, i, b, jj);
        index(a);
        index(b);
        return true;
      }
    }
    if (a !== b) {
      for (const jj of [j - 1, j + 1]) {
        if (fleetSwapDelta(inst, routes, a, i, b, jj) < -1e-7) {
          applyFleetSwap(routes, a, i, b, jj);
          index(a);
          index(b);
          return true;
        }
      }
    } else {
      const [lo, hi] = i < j ? [i + 1, j] : [j + 1, i];
      if (fleetTwoOptDelta(inst, routes, a, lo, hi) < -1e-7) {
        applyFleetTwoOpt(routes, a, lo, hi);
        index(a);
        return true;
      }
    }
    return false;
  };
  /** Whole-route moves: trade routes between vehicles, or merge two routes onto one vehicle. */
  const improveRoutes = (): boolean => {
    const V = routes.length;
    const loads = routes.map((r) => fleetRouteLoad(inst, r));
    // Empty vehicles of one kind are interchangeable: try the first of each kind only.
    const keys = vehicleKeys(inst);
    const firstEmpty = new Set<number>();
    const seenKey = new Set<string>();
    routes.forEach((r, v) => { if (r.length === 0 && !seenKey.has(keys[v]!)) { seenKey.add(keys[v]!); firstEmpty.add(v); } });
    const candidate = (b: number) => routes[b]!.length > 0 || firstEmpty.has(b);
    for (let a = 0; a < V; a++) {
      if (routes[a]!.length === 0) continue;
      for (let b = 0; b < V; b++) {
        if (b === a || !candidate(b) || loads[a]! > inst.vehicles[b]!.capacity || loads[b]! > inst.vehicles[a]!.capacity) continue;
        if (fleetExchangeDelta(inst, routes, a, b) < -1e-7) {
          exchangedRoutes(routes, a, b).forEach((r, v) => { routes[v] = r; });
          return true;
        }
      }
      for (let c = 0; c < V; c++) {
        if (c === a || routes[c]!.length === 0) continue;
        for (let b = 0; b < V; b++) {
          if ((b !== a && b !== c && !firstEmpty.has(b)) || loads[a]! + loads[c]! > inst.vehicles[b]!.capacity) continue;
          if (fleetMergeDelta(inst, routes, a, c, b) < -1e-7) {
            mergedRoutes(routes, a, c, b).forEach((r, v) => { routes[v] = r; });
            return true;
          }
        }
      }
    }
    return false;
  };
  for (let improved = true; improved;) {
    improved = false;
    for (const u of order) for (const w of neighbours.get(u)!.slice(1)) if (improve(u, w)) improved = true;
    if (!improved && improveRoutes()) {
      routes.forEach((_, v) => index(v));
      improved = true;
    }
  }
}

export function solveFleet(inst: FleetInstance, options: FleetSolveOptions = {}): FleetResult {
  const { seed = 1, maxIterations = Infinity, timeLimitMs, now } = options;
  if (maxIterations === Infinity && (timeLimitMs === undefined || !now)) throw new Error('solveFleet: give maxIterations, or timeLimitMs with now()');
  const start = now?.() ?? 0;
  const rng = createRng(seed);
  const keys = vehicleKeys(inst);
  const adj = stopAdjacency(inst, Math.min(inst.stops.length, 100));
  const neighbours = new Map([...adj].map(([u, list]) => [u, list.slice(0, 1 + (options.neighbours ?? 20))]));
  const averageRemoved = options.averageRemoved ?? 10;
  const maxString = options.maxStringLength ?? 10;
  const blinkRate = options.blinkRate ?? 0.01;

  let current: Routes = inst.vehicles.map(() => []);
  let currentOut: number[] = [];
  const initialOrder = inst.stops.slice().sort((a, b) => (inst.due?.[a] ?? 0) - (inst.due?.[b] ?? 0) || a - b);
  fleetInsert(inst, current, initialOrder, currentOut, null, 0, keys);
  fleetLocalSearch(inst, current, neighbours, rng);
  let currentCost = fleetSolutionCost(inst, current, currentOut);
  let best = current.map((r) => r.slice());
  let bestOut = currentOut.slice();
  let bestCost = currentCost;

  // Annealing temperatures scale with the mean edge of the start solution, as in solve.ts.
  let edges = 0;
  let travelled = 0;
  current.forEach((r, v) => { if (r.length > 0) { edges += r.length + 1; travelled += fleetRouteDistance(inst, v, r); } });
  const meanEdge = edges > 0 && travelled > 0 ? travelled / edges : 1;
  const t0 = (options.initialTemperature ?? 0.5) * meanEdge;
  const tEnd = (options.finalTemperature ?? 0.01) * meanEdge;

  let iter = 0;
  for (;;) {
    const progress = Math.max(iter / maxIterations, timeLimitMs !== undefined && now ? (now() - start) / timeLimitMs : 0);
    if (progress >= 1 || inst.stops.length === 0) break;
    iter++;
    const temperature = t0 * Math.pow(tEnd / t0, progress);
    const cand = current.map((r) => r.slice());
    const removed = ruin(inst, cand, adj, rng, averageRemoved, maxString).concat(currentOut);
    sortForInsertion(inst, removed, rng);
    const candOut: number[] = [];
    // Greedy insertion always opens the vehicle with the lowest fixed cost first; now and then
    // it ignores fixed costs, so a larger, dearer vehicle can collect the work of two small ones.
    fleetInsert(inst, cand, removed, candOut, rng, blinkRate, keys, rng.next() < 0.1 ? 0 : 1);
    const cost = fleetSolutionCost(inst, cand, candOut);
    if (cost >= currentCost - temperature * Math.log(rng.next())) continue;
    current = cand;
    currentOut = candOut;
    currentCost = cost;
    if (cost < bestCost - 1e-9) {
      fleetLocalSearch(inst, current, neighbours, rng);
      currentCost = fleetSolutionCost(inst, current, currentOut);
      best = current.map((r) => r.slice());
      bestOut = currentOut.slice();
      bestCost = currentCost;
    }
  }
  bestOut.sort((a, b) => a - b);
  return {
    routes: best, unassigned: bestOut, cost: bestCost, iterations: iter,
    feasible: bestOut.every((c) => missPenalty(inst, c) < MANDATORY_MISS_PENALTY),
  };
}
