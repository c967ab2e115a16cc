/** Swap (exchange 1-1): two customers in different routes trade places. */
import { dist, type RoutingInstance, type Routes } from '../model.js';
import { routeTimeFeasible } from '../solution-check.js';

function replaced(route: readonly number[], i: number, c: number): number[] {
  const out = route.slice();
  out[i] = c;
  return out;
}

/** Cost change of exchanging routes[a][i] and routes[b][j] (a ≠ b); Infinity if infeasible. */
export function swapDelta(inst: RoutingInstance, routes: Routes, loads: readonly number[], a: number, i: number, b: number, j: number): number {
  if (a === b) return Infinity;
  const ra = routes[a]!;
  const rb = routes[b]!;
  const u = ra[i]!;
  const v = rb[j]!;
  const du = inst.demand[u]!;
  const dv = inst.demand[v]!;
  if (loads[a]! - du + dv > inst.capacity || loads[b]! - dv + du > inst.capacity) return Infinity;
  const pu = i > 0 ? ra[i - 1]! : 0;
  const nu = i + 1 < ra.length ? ra[i + 1]! : 0;
  const pv = j > 0 ? rb[j - 1]! : 0;
  const nv = j + 1 < rb.length ? rb[j + 1]! : 0;
  const delta = dist(inst, pu, v) + dist(inst, v, nu) - dist(inst, pu, u) - dist(inst, u, nu)
    + dist(inst, pv, u) + dist(inst, u, nv) - dist(inst, pv, v) - dist(inst, v, nv);
  if (inst.timeWindows && (!routeTimeFeasible(inst, replaced(ra, i, v)) || !routeTimeFeasible(inst, replaced(rb, j, u)))) return Infinity;
  return delta;
}

export function applySwap(inst: RoutingInstance, routes: Routes, loads: number[], a: number, i: number, b: number, j: number): void {
  const u = routes[a]![i]!;
  const v = routes[b]![j]!;
  routes[a]![i] = v;
  routes[b]![j] = u;
  const shift = inst.demand[v]! - inst.demand[u]!;
  loads[a] = loads[a]! + shift;
  loads[b] = loads[b]! - shift;
}
