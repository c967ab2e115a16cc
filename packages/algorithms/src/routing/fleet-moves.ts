/**
 * Local-search moves for the fleet model, each with an exact cost delta: distance edges changed,
 * fixed cost gained or saved when a vehicle starts or stops being used. Feasibility (capacity,
 * windows, shift) is checked on the changed routes; an infeasible or void move returns Infinity.
 * The full feasibility check is the expensive part, so it runs only when the delta is below
 * `checkBelow` (default: improving moves, the only ones local search applies); pass Infinity to
 * check every move.
 */
import { fdist, fleetRouteCost, fleetRouteFeasible, type FleetInstance } from './fleet.js';

type Routes = number[][];

const depotOf = (inst: FleetInstance, v: number) => inst.vehicles[v]!.depot;
const at = (inst: FleetInstance, route: readonly number[], v: number, k: number) => (k >= 0 && k < route.length ? route[k]! : depotOf(inst, v));

/** Routes a and b after moving routes[a][i] to just before position j of b (indices before the move). */
export function relocatedRoutes(routes: Routes, a: number, i: number, b: number, j: number): [number[], number[]] {
  const src = routes[a]!;
  const u = src[i]!;
  if (a === b) {
    const out = src.slice();
    out.splice(i, 1);
    out.splice(j > i ? j - 1 : j, 0, u);
    return [out, out];
  }
  const dst = routes[b]!;
  return [src.slice(0, i).concat(src.slice(i + 1)), dst.slice(0, j).concat([u], dst.slice(j))];
}

/** Cost change of moving routes[a][i] before position j of route b (j = length appends). */
export function fleetRelocateDelta(inst: FleetInstance, routes: Routes, a: number, i: number, b: number, j: number, checkBelow = -1e-7): number {
  const src = routes[a]!;
  const dst = routes[b]!;
  if (i < 0 || i >= src.length || j < 0 || j > dst.length || (a === b && (j === i || j === i + 1))) return Infinity;
  const u = src[i]!;
  const p = at(inst, src, a, i - 1);
  const n = at(inst, src, a, i + 1);
  const q = at(inst, dst, b, j - 1);
  const s = at(inst, dst, b, j);
  let delta = fdist(inst, p, n) - fdist(inst, p, u) - fdist(inst, u, n) + fdist(inst, q, u) + fdist(inst, u, s) - fdist(inst, q, s);
  if (a !== b) {
    if (src.length === 1) delta -= inst.vehicles[a]!.fixedCost;
    if (dst.length === 0) delta += inst.vehicles[b]!.fixedCost;
  }
  if (delta >= checkBelow) return delta;
  const [na, nb] = relocatedRoutes(routes, a, i, b, j);
  if (!fleetRouteFeasible(inst, a, na) || (a !== b && !fleetRouteFeasible(inst, b, nb))) return Infinity;
  return delta;
}

export function applyFleetRelocate(routes: Routes, a: number, i: number, b: number, j: number): void {
  const [na, nb] = relocatedRoutes(routes, a, i, b, j);
  routes[a] = na;
  routes[b] = nb;
}

/** Cost change of exchanging routes[a][i] and routes[b][j] (a ≠ b). */
export function fleetSwapDelta(inst: FleetInstance, routes: Routes, a: number, i: number, b: number, j: number, checkBelow = -1e-7): number {
  if (a === b) return Infinity;
  const ra = routes[a]!;
  const rb = routes[b]!;
  if (i < 0 || i >= ra.length || j < 0 || j >= rb.length) return Infinity;
  const u = ra[i]!;
  const v = rb[j]!;
  const pu = at(inst, ra, a, i - 1);
  const nu = at(inst, ra, a, i + 1);
  const pv = at(inst, rb, b, j - 1);
  const nv = at(inst, rb, b, j + 1);
  const delta = fdist(inst, pu, v) + fdist(inst, v, nu) - fdist(inst, pu, u) - fdist(inst, u, nu)
    + fdist(inst, pv, u) + fdist(inst, u, nv) - fdist(inst, pv, v) - fdist(inst, v, nv);
  if (delta >= checkBelow) return delta;
  const na = ra.slice();
  na[i] = v;
  const nb = rb.slice();
  nb[j] = u;
  if (!fleetRouteFeasible(inst, a, na) || !fleetRouteFeasible(inst, b, nb)) return Infinity;
  return delta;
}

export function applyFleetSwap(routes: Routes, a: number, i: number, b: number, j: number): void {
  const u = routes[a]![i]!;
  routes[a]![i] = routes[b]![j]!;
  routes[b]![j] = u;
}

/** Cost change of reversing routes[a][i..j] (i < j). Distances need not be symmetric. */
export function fleetTwoOptDelta(inst: FleetInstance, routes: Routes, a: number, i: number, j: number, checkBelow = -1e-7): number {
  const r = routes[a]!;
  if (i < 0 || j >= r.length || i >= j) return Infinity;
  const p = at(inst, r, a, i - 1);
  const n = at(inst, r, a, j + 1);
  let delta = fdist(inst, p, r[j]!) + fdist(inst, r[i]!, n) - fdist(inst, p, r[i]!) - fdist(inst, r[j]!, n);
  for (let k = i; k < j; k++) delta += fdist(inst, r[k + 1]!, r[k]!) - fdist(inst, r[k]!, r[k + 1]!);
  if (delta >= checkBelow) return delta;
  const out = r.slice(0, i).concat(r.slice(i, j + 1).reverse(), r.slice(j + 1));
  if (!fleetRouteFeasible(inst, a, out)) return Infinity;
  return delta;
}

export function applyFleetTwoOpt(routes: Routes, a: number, i: number, j: number): void {
  const r = routes[a]!;
  routes[a] = r.slice(0, i).concat(r.slice(i, j + 1).reverse(), r.slice(j + 1));
}

/** Routes after vehicles a and b trade their whole routes (either may be empty). */
export function exchangedRoutes(routes: Routes, a: number, b: number): Routes {
  const out = routes.map((r) => r.slice());
  out[a] = routes[b]!.slice();
  out[b] = routes[a]!.slice();
  return out;
}

/** Cost change of vehicles a and b trading routes: how a mixed fleet moves work to the right vehicle. */
export function fleetExchangeDelta(inst: FleetInstance, routes: Routes, a: number, b: number): number {
  if (a === b || (routes[a]!.length === 0 && routes[b]!.length === 0)) return Infinity;
  const na = routes[b]!;
  const nb = routes[a]!;
  if (!fleetRouteFeasible(inst, a, na) || !fleetRouteFeasible(inst, b, nb)) return Infinity;
  return fleetRouteCost(inst, a, na) + fleetRouteCost(inst, b, nb) - fleetRouteCost(inst, a, routes[a]!) - fleetRouteCost(inst, b, routes[b]!);
}

/** Routes after the stops of a then c are served by vehicle b (empty, or a or c); the others left empty. */
export function mergedRoutes(routes: Routes, a: number, c: number, b: number): Routes {
  const out = routes.map((r) => r.slice());
  const merged = routes[a]!.concat(routes[c]!);
  out[a] = [];
  out[c] = [];
  out[b] = merged;
  return out;
}

/** Cost change of merging routes a and c (a's stops first) onto vehicle b (b empty, or b is a or c). */
export function fleetMergeDelta(inst: FleetInstance, routes: Routes, a: number, c: number, b: number): number {
  if (a === c || routes[a]!.length === 0 || routes[c]!.length === 0 || (b !== a && b !== c && routes[b]!.length > 0)) return Infinity;
  const merged = routes[a]!.concat(routes[c]!);
  if (!fleetRouteFeasible(inst, b, merged)) return Infinity;
  const before = fleetRouteCost(inst, a, routes[a]!) + fleetRouteCost(inst, c, routes[c]!);
  return fleetRouteCost(inst, b, merged) - before;
}
