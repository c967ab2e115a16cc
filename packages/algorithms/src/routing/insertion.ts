/**
 * Greedy cheapest feasible insertion (with SISR "blinks": each position is skipped with a small
 * probability), used both to construct VRPTW solutions and to recreate ruined ones.
 * Time-window checks are O(1) per position from per-route earliest/latest service starts.
 */
import type { Rng } from '../shared/rng.js';
import { dist, type RoutingInstance, type Routes } from './model.js';
import { TIME_EPS } from './solution-check.js';

interface Schedule {
  earliest: Float64Array;
  latest: Float64Array;
}

/** Earliest feasible service start per position (forward) and latest one that keeps the rest feasible (backward). */
function schedule(inst: RoutingInstance, route: readonly number[]): Schedule {
  const tw = inst.timeWindows!;
  const len = route.length;
  const earliest = new Float64Array(len);
  const latest = new Float64Array(len);
  let t = tw.ready[0]!;
  let prev = 0;
  for (let k = 0; k < len; k++) {
    const c = route[k]!;
    t = Math.max(t + tw.service[prev]! + dist(inst, prev, c), tw.ready[c]!);
    earliest[k] = t;
    prev = c;
  }
  let next = 0;
  let l = tw.due[0]!;
  for (let k = len - 1; k >= 0; k--) {
    const c = route[k]!;
    l = Math.min(tw.due[c]!, l - dist(inst, c, next) - tw.service[c]!);
    latest[k] = l;
    next = c;
  }
  return { earliest, latest };
}

/** Whether customer u fits between positions k-1 and k of a route with the given schedule. */
function fitsTime(inst: RoutingInstance, route: readonly number[], s: Schedule, k: number, u: number): boolean {
  const tw = inst.timeWindows!;
  const prev = k > 0 ? route[k - 1]! : 0;
  const depart = k > 0 ? s.earliest[k - 1]! + tw.service[prev]! : tw.ready[0]!;
  const start = Math.max(depart + dist(inst, prev, u), tw.ready[u]!);
  if (start > tw.due[u]! + TIME_EPS) return false;
  const next = k < route.length ? route[k]! : 0;
  const arrive = start + tw.service[u]! + dist(inst, u, next);
  return arrive <= (k < route.length ? s.latest[k]! : tw.due[0]!) + TIME_EPS;
}

/**
 * Inserts the customers, in the given order, each at its cheapest feasible position (mutating
 * routes and loads); opens a new route when none fits. Returns false if the fleet runs out.
 * A positive overloadPenalty (per unit over capacity) lets routes overflow instead, which is how
 * a tight fleet is reached (as HGS does with penalised capacity).
 */
export function insertCustomers(
  inst: RoutingInstance, routes: Routes, loads: number[], customers: readonly number[], rng: Rng | null, blinkRate = 0,
  overloadPenalty = 0,
): boolean {
  const schedules: (Schedule | null)[] = routes.map(() => null);
  for (const u of customers) {
    let best = Infinity;
    let bestRoute = -1;
    let bestPos = -1;
    for (let r = 0; r < routes.length; r++) {
      const over = Math.max(0, loads[r]! + inst.demand[u]! - inst.capacity) - Math.max(0, loads[r]! - inst.capacity);
      if (over > 0 && overloadPenalty <= 0) continue;
      const route = routes[r]!;
      let s: Schedule | null = null;
      if (inst.timeWindows) s = schedules[r] ??= schedule(inst, route);
      for (let k = 0; k <= route.length; k++) {
        if (rng && blinkRate > 0 && rng.next() < blinkRate) continue;
        const prev = k > 0 ? route[k - 1]! : 0;
        const next = k < route.length ? route[k]! : 0;
        const delta = dist(inst, prev, u) + dist(inst, u, next) - dist(inst, prev, next) + over * overloadPenalty;
        if (delta < best && (!s || fitsTime(inst, route, s, k, u))) {
          best = delta;
          bestRoute = r;
          bestPos = k;
        }
      }
    }
    if (bestRoute < 0) {
      const used = routes.reduce((m, r) => m + (r.length > 0 ? 1 : 0), 0);
      if (inst.maxVehicles !== undefined && used >= inst.maxVehicles) return false;
      routes.push([u]);
      loads.push(inst.demand[u]!);
      schedules.push(null);
      continue;
    }
    routes[bestRoute]!.splice(bestPos, 0, u);
    loads[bestRoute] = loads[bestRoute]! + inst.demand[u]!;
    schedules[bestRoute] = null;
  }
  return true;
}

/** VRPTW construction: customers by increasing due date, each at its cheapest feasible place. */
export function insertionConstruction(inst: RoutingInstance): Routes {
  const due = inst.timeWindows?.due;
  const order = Array.from({ length: inst.size - 1 }, (_, i) => i + 1);
  if (due) order.sort((a, b) => due[a]! - due[b]! || a - b);
  const routes: Routes = [];
  const loads: number[] = [];
  // A construction must always return something; the fleet limit is enforced by the search.
  insertCustomers({ ...inst, maxVehicles: undefined }, routes, loads, order, null);
  return routes;
}
