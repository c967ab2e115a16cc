/** 2-opt within a route (Croes 1958): reverse the segment route[i..j]; distances are symmetric. */
import { dist, type RoutingInstance, type Routes } from '../model.js';
import { routeTimeFeasible } from '../solution-check.js';

function reversedRoute(route: readonly number[], i: number, j: number): number[] {
  return route.slice(0, i).concat(route.slice(i, j + 1).reverse(), route.slice(j + 1));
}

/** Cost change of reversing routes[a][i..j] (i < j); Infinity if infeasible. */
export function twoOptDelta(inst: RoutingInstance, routes: Routes, a: number, i: number, j: number): number {
  const r = routes[a]!;
  if (i < 0 || j >= r.length || i >= j) return Infinity;
  const p = i > 0 ? r[i - 1]! : 0;
  const nx = j + 1 < r.length ? r[j + 1]! : 0;
  const delta = dist(inst, p, r[j]!) + dist(inst, r[i]!, nx) - dist(inst, p, r[i]!) - dist(inst, r[j]!, nx);
  if (inst.timeWindows && !routeTimeFeasible(inst, reversedRoute(r, i, j))) return Infinity;
  return delta;
}

export function applyTwoOpt(routes: Routes, a: number, i: number, j: number): void {
  routes[a] = reversedRoute(routes[a]!, i, j);
}
