/**
 * Or-opt (Or 1976): move a segment of k consecutive customers, optionally reversed, to another
 * place in the same or another route. Relocate is the k = 1 case. Deltas are O(1) for distance
 * and capacity; time windows are checked on the changed route(s) only.
 */
import { dist, type RoutingInstance, type Routes } from '../model.js';
import { routeTimeFeasible } from '../solution-check.js';

/** Routes a and b after moving a[i..i+k-1] to just before position j of b (indices before the move). */
function movedRoutes(routes: Routes, a: number, i: number, k: number, b: number, j: number, reversed: boolean): [number[], number[]] {
  const src = routes[a]!;
  const seg = src.slice(i, i + k);
  if (reversed) seg.reverse();
  if (a === b) {
    const out = src.slice();
    if (j > i) {
      out.splice(j, 0, ...seg);
      out.splice(i, k);
    } else {
      out.splice(i, k);
      out.splice(j, 0, ...seg);
    }
    return [out, out];
  }
  const from = src.slice(0, i).concat(src.slice(i + k));
  const dst = routes[b]!;
  return [from, dst.slice(0, j).concat(seg, dst.slice(j))];
}

/**
 * Cost change of moving routes[a][i..i+k-1] before position j of route b (j = b.length appends),
 * or Infinity when the move is infeasible or meaningless (the segment would not move).
 */
export function orOptDelta(
  inst: RoutingInstance, routes: Routes, loads: readonly number[],
  a: number, i: number, k: number, b: number, j: number, reversed = false,
): number {
  const src = routes[a]!;
  const dst = routes[b]!;
  if (k < 1 || i < 0 || i + k > src.length || j < 0 || j > dst.length) return Infinity;
  if (a === b && j >= i && j <= i + k) return Infinity;
  const first = src[i]!;
  const last = src[i + k - 1]!;
  if (a !== b) {
    let segLoad = 0;
    for (let t = i; t < i + k; t++) segLoad += inst.demand[src[t]!]!;
    if (loads[b]! + segLoad > inst.capacity) return Infinity;
  }
  const p = i > 0 ? src[i - 1]! : 0;
  const nx = i + k < src.length ? src[i + k]! : 0;
  const q = j > 0 ? dst[j - 1]! : 0;
  const s = j < dst.length ? dst[j]! : 0;
  const [head, tail] = reversed ? [last, first] : [first, last];
  const delta = dist(inst, p, nx) - dist(inst, p, first) - dist(inst, last, nx)
    + dist(inst, q, head) + dist(inst, tail, s) - dist(inst, q, s);
  if (inst.timeWindows) {
    const [na, nb] = movedRoutes(routes, a, i, k, b, j, reversed);
    if (!routeTimeFeasible(inst, na) || (a !== b && !routeTimeFeasible(inst, nb))) return Infinity;
  }
  return delta;
}

/** Applies the move in place (routes and loads); empty routes are left for the caller to drop. */
export function applyOrOpt(
  inst: RoutingInstance, routes: Routes, loads: number[],
  a: number, i: number, k: number, b: number, j: number, reversed = false,
): void {
  const [na, nb] = movedRoutes(routes, a, i, k, b, j, reversed);
  routes[a] = na;
  routes[b] = nb;
  if (a !== b) {
    let segLoad = 0;
    for (let t = i; t < i + k; t++) segLoad += inst.demand[routes[b]![j + t - i]!]!;
    loads[a] = loads[a]! - segLoad;
    loads[b] = loads[b]! + segLoad;
  }
}
