/**
 * Anytime CVRP / VRPTW solver: construction (Clarke–Wright savings, or due-date insertion with
 * time windows), then SISR ruin-and-recreate under simulated annealing (Christiaens & Vanden
 * Berghe 2020), with the granular local search polishing every new best solution.
 */
import { createRng } from '../shared/rng.js';
import { cloneRoutes, dist, type RoutingInstance, type RoutingSolution, type Routes } from './model.js';
import { insertionConstruction } from './insertion.js';
import { localSearch, nearestNeighbours } from './local-search.js';
import { adjacencyLists, defaultRuinRecreateParams, ruinRecreate, type RuinRecreateParams } from './ruin-recreate.js';
import { clarkeWrightSavings } from './savings.js';
import { solutionCost } from './solution-check.js';

export interface SolveRoutingOptions {
  seed?: number;
  /** Ruin-and-recreate iterations; with a time limit too, whichever ends first. */
  maxIterations?: number;
  /** Wall-clock budget, measured with `now` (milliseconds); the solver reads no clock itself. */
  timeLimitMs?: number;
  now?: () => number;
  /** Annealing start and end temperatures as fractions of the mean edge length of the start solution. */
  initialTemperature?: number;
  finalTemperature?: number;
  neighbours?: number;
  ruinRecreate?: Partial<RuinRecreateParams>;
  /**
   * Stop as soon as a feasible solution costs this much or less (time-to-target benchmarking:
   * a run that has reached a proven optimum cannot improve). The search is otherwise unchanged.
   */
  targetCost?: number;
}

export interface RoutingResult extends RoutingSolution {
  iterations: number;
  /** False when the fleet limit was never met: the routes are then the least-violating found. */
  feasible: boolean;
}

function usedRoutes(routes: Routes): number {
  let used = 0;
  for (const r of routes) if (r.length > 0) used++;
  return used;
}

/**
 * Returns the best solution found (time windows always hold; capacity and fleet hold when
 * `feasible`). For a fixed seed and iteration budget (no time limit) the result is deterministic.
 */
export function solveRouting(inst: RoutingInstance, options: SolveRoutingOptions = {}): RoutingResult {
  const { seed = 1, maxIterations = Infinity, timeLimitMs, now, targetCost = -Infinity } = options;
  if (maxIterations === Infinity && (timeLimitMs === undefined || !now)) throw new Error('solveRouting: give maxIterations, or timeLimitMs with now()');
  if (inst.size <= 1) return { routes: [], cost: 0, iterations: 0, feasible: true };
  const startTime = now?.() ?? 0;
  const rng = createRng(seed);
  const params = { ...defaultRuinRecreateParams, ...options.ruinRecreate };
  const neighbours = nearestNeighbours(inst, options.neighbours ?? 20);
  const adjacency = adjacencyLists(inst);

  const initial = inst.timeWindows ? insertionConstruction(inst) : clarkeWrightSavings(inst);
  let current = localSearch(inst, initial, neighbours, rng);
  let currentCost = solutionCost(inst, current);
  let best = cloneRoutes(current);
  let bestCost = currentCost;

  const meanEdge = currentCost / (inst.size - 1 + current.length);
  const t0 = (options.initialTemperature ?? 0.5) * meanEdge;
  const tEnd = (options.finalTemperature ?? 0.01) * meanEdge;
  const fleet = inst.maxVehicles ?? Infinity;
  // A tight fleet is reached through penalties, not hard limits: routes beyond the fleet cost more
  // than any detour, the load left in the lightest such routes gives a gradient toward emptying
  // one (the role of SISR's absence counters), and dropping a route may overflow others (HGS-style
  // penalised capacity) until ruin-and-recreate repairs them. Only penalty-free solutions are "best".
  const excessPenalty = 4 * Math.max(...Array.from({ length: inst.size - 1 }, (_, i) => dist(inst, 0, i + 1)));
  let totalDemand = 0;
  for (let c = 1; c < inst.size; c++) totalDemand += inst.demand[c]!;
  const loadPenalty = (0.25 * excessPenalty * (inst.size - 1)) / Math.max(totalDemand, 1e-9);
  // The capacity penalty adapts (as in HGS): it grows while the search stays overloaded, so tight
  // instances (P-n55-k15 packs 1,042 units into 15 × 70) are pushed back to feasibility, and
  // relaxes again once most visited solutions are feasible.
  const basePenalty = 4 * loadPenalty;
  let overloadPenalty = basePenalty;
  let overloadedIters = 0;
  const penalty = (routes: Routes) => {
    const loads = routes.filter((r) => r.length > 0).map((r) => r.reduce((a, c) => a + inst.demand[c]!, 0)).sort((a, b) => a - b);
    const over = Math.max(0, loads.length - fleet);
    let p = over * excessPenalty;
    for (let k = 0; k < loads.length; k++) {
      if (k < over) p += loadPenalty * loads[k]!;
      p += overloadPenalty * Math.max(0, loads[k]! - inst.capacity);
    }
    return p;
  };
  const open = { ...inst, maxVehicles: undefined };
  const atFleet = { ...inst, maxVehicles: fleet };
  /** Drops the lightest route and reinserts its customers into the others, overflowing if need be. */
  const eliminateRoute = (routes: Routes): Routes | null => {
    const kept = routes.filter((r) => r.length > 0);
    const loads = kept.map((r) => r.reduce((a, c) => a + inst.demand[c]!, 0));
    const dropped = kept.splice(loads.indexOf(Math.min(...loads)), 1)[0]!;
    return ruinRecreate({ ...inst, maxVehicles: kept.length }, kept, adjacency, rng, params, dropped, overloadPenalty);
  };
  let currentPenalty = penalty(current);
  let bestPenalty = currentPenalty;

  let iter = 0;
  for (;;) {
    const byIterations = iter / maxIterations;
    const byTime = timeLimitMs !== undefined && now ? (now() - startTime) / timeLimitMs : 0;
    const progress = Math.max(byIterations, byTime);
    if (progress >= 1 || (bestPenalty === 0 && bestCost <= targetCost + 1e-9)) break;
    iter++;
    const temperature = t0 * Math.pow(tEnd / t0, progress);
    const used = usedRoutes(current);
    const candidate = used > fleet && rng.next() < 0.3 ? eliminateRoute(current)
      : used >= fleet && currentPenalty > 0 ? ruinRecreate(atFleet, current, adjacency, rng, params, [], overloadPenalty)
        : ruinRecreate(open, current, adjacency, rng, params);
    if (iter % 100 === 0) {
      const before = overloadPenalty;
      if (overloadedIters > 60) overloadPenalty *= 1.5;
      else if (overloadedIters < 20) overloadPenalty = Math.max(basePenalty, overloadPenalty * 0.85);
      overloadedIters = 0;
      if (overloadPenalty !== before) {
        currentPenalty = penalty(current);
        if (bestPenalty > 0) bestPenalty = penalty(best);
      }
    }
    if (currentPenalty > 0) overloadedIters++;
    if (!candidate) continue;
    const cost = solutionCost(inst, candidate);
    const p = penalty(candidate);
    if (cost + p >= currentCost + currentPenalty - temperature * Math.log(rng.next())) continue;
    current = candidate;
    currentCost = cost;
    currentPenalty = p;
    if (p < bestPenalty - 1e-9 || (p <= bestPenalty + 1e-9 && cost < bestCost - 1e-9)) {
      if (p === 0) {
        current = localSearch(inst, candidate, neighbours, rng);
        currentCost = solutionCost(inst, current);
      }
      best = cloneRoutes(current);
      bestCost = currentCost;
      bestPenalty = currentPenalty;
    }
  }
  return { routes: best, cost: bestCost, iterations: iter, feasible: bestPenalty === 0 };
}
