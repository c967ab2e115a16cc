/**
 * Hierarchical (vehicles-first) objective, the Solomon literature's convention: fewest routes
 * first, then least distance. Reuses the distance solver: solve, then repeatedly ask for one
 * route fewer (the solver's fleet penalty drives routes out) until that fails or the budget ends.
 */
import type { RoutingInstance } from './model.js';
import { solveRouting, type RoutingResult, type SolveRoutingOptions } from './solve.js';

/** Lexicographic comparison: fewer non-empty routes wins, then lower cost. */
export function betterVehiclesFirst(a: RoutingResult, b: RoutingResult): boolean {
  if (a.feasible !== b.feasible) return a.feasible;
  const ra = a.routes.filter((r) => r.length > 0).length;
  const rb = b.routes.filter((r) => r.length > 0).length;
  return ra !== rb ? ra < rb : a.cost < b.cost;
}

/**
 * Spends a third of the budget on the distance solve, then fleet reductions: each attempt gets a
 * sixth, twelfth… of the iterations, or half the time left; deterministic for seed + iterations.
 */
export function solveVehiclesFirst(inst: RoutingInstance, options: SolveRoutingOptions = {}): RoutingResult {
  const { maxIterations = Infinity, timeLimitMs, now } = options;
  if (maxIterations === Infinity && (timeLimitMs === undefined || !now)) throw new Error('solveVehiclesFirst: give maxIterations, or timeLimitMs with now()');
  const start = now?.() ?? 0;
  /** A share of the iterations, and of the time: a third first, then half of what is left each time. */
  const share = (fraction: number): SolveRoutingOptions => {
    const left = timeLimitMs !== undefined && now ? Math.max(0, timeLimitMs - (now() - start)) : undefined;
    return {
      ...options,
      maxIterations: maxIterations === Infinity ? Infinity : Math.max(1, Math.floor(maxIterations * fraction)),
      ...(left !== undefined ? { timeLimitMs: fraction === 1 / 3 ? left / 3 : left / 2 } : {}),
    };
  };
  let best = solveRouting(inst, share(1 / 3));
  let iterations = best.iterations;
  for (let attempt = 1; attempt <= 8; attempt++) {
    const used = best.routes.filter((r) => r.length > 0).length;
    if (!best.feasible || used <= 1) break;
    const budget = share(1 / 3 / Math.pow(2, attempt - 1));
    if (budget.timeLimitMs !== undefined && budget.timeLimitMs <= 1) break;
    const r = solveRouting({ ...inst, maxVehicles: used - 1 }, { ...budget, seed: (options.seed ?? 1) + attempt });
    iterations += r.iterations;
    if (!r.feasible) break;
    best = r;
  }
  return { ...best, iterations };
}
