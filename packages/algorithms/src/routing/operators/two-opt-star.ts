/**
 * 2-opt* (Potvin & Rousseau 1995), "swap tails" in PyVRP's terms: routes a and b exchange the
 * customers after positions i and j (i = -1 hands over the whole route).
 */
import { dist, type RoutingInstance, type Routes } from '../model.js';
import { routeTimeFeasible } from '../solution-check.js';

function swappedTails(routes: Routes, a: number, i: number, b: number, j: number): [number[], number[]] {
  const ra = routes[a]!;
  const rb = routes[b]!;
  return [ra.slice(0, i + 1).concat(rb.slice(j + 1)), rb.slice(0, j + 1).concat(ra.slice(i + 1))];
}

function prefixLoad(inst: RoutingInstance, route: readonly number[], upto: number): number {
  let load = 0;
  for (let t = 0; t <= upto; t++) load += inst.demand[route[t]!]!;
  return load;
}

/** Cost change of exchanging the tails after a[i] and b[j] (a ≠ b); Infinity if infeasible. */
export function twoOptStarDelta(inst: RoutingInstance, routes: Routes, loads: readonly number[], a: number, i: number, b: number, j: number): number {
  const ra = routes[a]!;
  const rb = routes[b]!;
  if (a === b || i < -1 || j < -1 || i >= ra.length || j >= rb.length) return Infinity;
  const headA = prefixLoad(inst, ra, i);
  const headB = prefixLoad(inst, rb, j);
  if (headA + loads[b]! - headB > inst.capacity || headB + loads[a]! - headA > inst.capacity) return Infinity;
  const u = i >= 0 ? ra[i]! : 0;
  const un = i + 1 < ra.length ? ra[i + 1]! : 0;
  const v = j >= 0 ? rb[j]! : 0;
  const vn = j + 1 < rb.length ? rb[j + 1]! : 0;
  const delta = dist(inst, u, vn) + dist(inst, v, un) - dist(inst, u, un) - dist(inst, v, vn);
  if (inst.timeWindows) {
    const [na, nb] = swappedTails(routes, a, i, b, j);
    if (!routeTimeFeasible(inst, na) || !routeTimeFeasible(inst, nb)) return Infinity;
  }
  return delta;
}

export function applyTwoOptStar(inst: RoutingInstance, routes: Routes, loads: number[], a: number, i: number, b: number, j: number): void {
  const headA = prefixLoad(inst, routes[a]!, i);
  const headB = prefixLoad(inst, routes[b]!, j);
  const [na, nb] = swappedTails(routes, a, i, b, j);
  const [la, lb] = [loads[a]!, loads[b]!];
  routes[a] = na;
  routes[b] = nb;
  loads[a] = headA + lb - headB;
  loads[b] = headB + la - headA;
}
