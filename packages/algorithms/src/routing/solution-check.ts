/** Cost and feasibility of routing solutions, recomputed from scratch (the solvers' ground truth). */
import { dist, type RoutingInstance, type Routes } from './model.js';

/** Slack for floating-point schedule arithmetic (Solomon times carry one decimal). */
export const TIME_EPS = 1e-9;

export function routeDistance(inst: RoutingInstance, route: readonly number[]): number {
  if (route.length === 0) return 0;
  let total = dist(inst, 0, route[0]!);
  for (let k = 1; k < route.length; k++) total += dist(inst, route[k - 1]!, route[k]!);
  return total + dist(inst, route[route.length - 1]!, 0);
}

export function solutionCost(inst: RoutingInstance, routes: Routes): number {
  let total = 0;
  for (const r of routes) total += routeDistance(inst, r);
  return total;
}

export function routeLoad(inst: RoutingInstance, route: readonly number[]): number {
  let load = 0;
  for (const c of route) load += inst.demand[c]!;
  return load;
}

/** Leaves the depot at its opening, waits for early windows, and must return before it closes. */
export function routeTimeFeasible(inst: RoutingInstance, route: readonly number[]): boolean {
  const tw = inst.timeWindows;
  if (!tw || route.length === 0) return true;
  let t = tw.ready[0]!;
  let prev = 0;
  for (const c of route) {
    t = Math.max(t + tw.service[prev]! + dist(inst, prev, c), tw.ready[c]!);
    if (t > tw.due[c]! + TIME_EPS) return false;
    prev = c;
  }
  return t + tw.service[prev]! + dist(inst, prev, 0) <= tw.due[0]! + TIME_EPS;
}

/** Every violated constraint as a sentence; an empty list means the solution is feasible. */
export function checkSolution(inst: RoutingInstance, routes: Routes): string[] {
  const problems: string[] = [];
  const seen = new Uint8Array(inst.size);
  routes.forEach((route, r) => {
    for (const c of route) {
      if (!Number.isInteger(c) || c < 1 || c >= inst.size) problems.push(`route ${r} visits unknown node ${c}`);
      else if (seen[c]) problems.push(`customer ${c} is visited more than once`);
      else seen[c] = 1;
    }
    const load = routeLoad(inst, route);
    if (load > inst.capacity) problems.push(`route ${r} carries ${load} > capacity ${inst.capacity}`);
    if (!routeTimeFeasible(inst, route)) problems.push(`route ${r} misses a time window`);
  });
  for (let c = 1; c < inst.size; c++) if (!seen[c]) problems.push(`customer ${c} is not visited`);
  const used = routes.filter((r) => r.length > 0).length;
  if (inst.maxVehicles !== undefined && used > inst.maxVehicles) problems.push(`${used} routes > ${inst.maxVehicles} vehicles`);
  return problems;
}
