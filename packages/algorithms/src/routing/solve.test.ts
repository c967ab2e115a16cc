import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/rng.js';
import { instanceFromCoordinates } from './distance.js';
import { dist, type RoutingInstance } from './model.js';
import { checkSolution, solutionCost } from './solution-check.js';
import { solveRouting } from './solve.js';
import { solveVehiclesFirst } from './vehicles-first.js';
import { parseSolomon } from './solomon-parse.js';
import { parseVrplib } from './vrplib-parse.js';

const readData = (p: string) => readFileSync(new URL(`../../../../../shared/data/${p}`, import.meta.url), 'utf8');

/** Optimal CVRP cost by exhaustive search: Held–Karp per customer subset, then best set partition. */
function bruteForceOptimum(inst: RoutingInstance): number {
  const m = inst.size - 1;
  const full = (1 << m) - 1;
  // path[S][j]: shortest depot → S (all of it) ending at customer j+1.
  const path = Array.from({ length: 1 << m }, () => new Float64Array(m).fill(Infinity));
  for (let j = 0; j < m; j++) path[1 << j]![j] = dist(inst, 0, j + 1);
  for (let S = 1; S <= full; S++) {
    for (let j = 0; j < m; j++) {
      const base = path[S]![j]!;
      if (!(S & (1 << j)) || base === Infinity) continue;
      for (let k = 0; k < m; k++) {
        if (S & (1 << k)) continue;
        const T = S | (1 << k);
        path[T]![k] = Math.min(path[T]![k]!, base + dist(inst, j + 1, k + 1));
      }
    }
  }
  const tour = new Float64Array(1 << m).fill(Infinity);
  for (let S = 1; S <= full; S++) {
    let load = 0;
    for (let j = 0; j < m; j++) if (S & (1 << j)) load += inst.demand[j + 1]!;
    if (load > inst.capacity) continue;
    for (let j = 0; j < m; j++) if (S & (1 << j)) tour[S] = Math.min(tour[S]!, path[S]![j]! + dist(inst, j + 1, 0));
  }
  const best = new Float64Array(1 << m).fill(Infinity);
  best[0] = 0;
  for (let S = 1; S <= full; S++) {
    const low = S & -S;
    for (let T = S; T > 0; T = (T - 1) & S) if (T & low) best[S] = Math.min(best[S]!, tour[T]! + best[S ^ T]!);
  }
  return best[full]!;
}

describe('solveRouting', () => {
  it('finds the brute-force optimum on tiny random instances', () => {
    for (const seed of [1, 2, 3]) {
      const rng = createRng(seed);
      const n = 9;
      const inst = instanceFromCoordinates({
        x: Array.from({ length: n }, () => Math.round(rng.next() * 100)), y: Array.from({ length: n }, () => Math.round(rng.next() * 100)),
        demand: Array.from({ length: n }, (_, i) => (i === 0 ? 0 : 1 + Math.floor(rng.next() * 4))), capacity: 7, convention: 'round',
      });
      const r = solveRouting(inst, { seed, maxIterations: 2000 });
      expect(checkSolution(inst, r.routes)).toEqual([]);
      expect(r.cost).toBe(bruteForceOptimum(inst));
    }
  });

  it('A-n32-k5: feasible, cost recomputes, within 1% of 784 after 40,000 iterations', () => {
    const inst = parseVrplib(readData('cvrplib/A/A-n32-k5.vrp'));
    const r = solveRouting(inst, { seed: 1, maxIterations: 40_000 });
    expect(checkSolution(inst, r.routes)).toEqual([]);
    expect(r.cost).toBe(solutionCost(inst, r.routes));
    expect(r.iterations).toBe(40_000);
    expect(r.cost).toBeLessThanOrEqual(784 * 1.01);
  });

  it('is deterministic for a seed and iteration budget', () => {
    const inst = parseVrplib(readData('cvrplib/A/A-n32-k5.vrp'));
    const a = solveRouting(inst, { seed: 7, maxIterations: 2000 });
    const b = solveRouting(inst, { seed: 7, maxIterations: 2000 });
    expect(b).toEqual(a);
  });

  it('stops at a target cost on the same trajectory it would have followed', () => {
    const inst = parseVrplib(readData('cvrplib/A/A-n32-k5.vrp'));
    const full = solveRouting(inst, { seed: 7, maxIterations: 3000 });
    // The best cost only falls along the run, so a run told to stop at the final cost ends there.
    expect(solveRouting(inst, { seed: 7, maxIterations: 3000, targetCost: full.cost }).cost).toBe(full.cost);
    // A looser target stops earlier, on the first feasible solution at or under it.
    const early = solveRouting(inst, { seed: 7, maxIterations: 3000, targetCost: full.cost * 1.05 });
    expect(early.iterations).toBeLessThan(full.iterations);
    expect(early.cost).toBeLessThanOrEqual(full.cost * 1.05);
    expect(early.cost).toBeGreaterThanOrEqual(full.cost);
    expect(checkSolution(inst, early.routes)).toEqual([]);
    // A target below anything reachable changes nothing.
    expect(solveRouting(inst, { seed: 7, maxIterations: 3000, targetCost: 0 })).toEqual(full);
  });

  it('keeps to a fleet limit: P-n22-k8 with at most 8 vehicles', () => {
    const inst = { ...parseVrplib(readData('cvrplib/P/P-n22-k8.vrp')), maxVehicles: 8 };
    const r = solveRouting(inst, { seed: 1, maxIterations: 5000 });
    expect(checkSolution(inst, r.routes)).toEqual([]);
    expect(r.routes.length).toBeLessThanOrEqual(8);
    expect(r.feasible).toBe(true);
    expect(r.cost).toBeGreaterThanOrEqual(603);
  });

  it('P-n55-k15 (1,042 units in 15 × 70): the adaptive overload penalty reaches a feasible packing', () => {
    // With the fixed penalty this instance ended one unit over capacity on one route at any budget.
    const inst = { ...parseVrplib(readData('cvrplib/P/P-n55-k15.vrp')), maxVehicles: 15 };
    const r = solveRouting(inst, { seed: 1, maxIterations: 5000 });
    expect(r.feasible).toBe(true);
    expect(checkSolution(inst, r.routes)).toEqual([]);
    expect(r.cost).toBe(solutionCost(inst, r.routes));
    expect(r.cost).toBeGreaterThanOrEqual(989); // proven optimum (bks.csv)
  });

  it('vehicles first: C101 in 10 routes (the literature minimum) with the distance no worse than the route count implies', () => {
    const inst = parseSolomon(readData('solomon/instances/C101.txt'), 'exact');
    const r = solveVehiclesFirst(inst, { seed: 1, maxIterations: 600 });
    expect(checkSolution(inst, r.routes)).toEqual([]);
    expect(r.routes.filter((x) => x.length > 0)).toHaveLength(10);
    expect(r.cost).toBeGreaterThanOrEqual(828.93); // hierarchical BKS 828.94 (bks.csv, Helsgaun 2018)
    const again = solveVehiclesFirst(inst, { seed: 1, maxIterations: 600 });
    expect(again).toEqual(r);
  });

  it('Solomon C101: time-window feasible within 25 vehicles and 2% of 827.3 after 5,000 iterations', () => {
    const inst = parseSolomon(readData('solomon/instances/C101.txt'));
    const r = solveRouting(inst, { seed: 1, maxIterations: 5000 });
    expect(checkSolution(inst, r.routes)).toEqual([]);
    expect(r.cost).toBeLessThanOrEqual(827.3 * 1.02);
  });

  it('stops on the injected clock', () => {
    const inst = parseVrplib(readData('cvrplib/P/P-n16-k8.vrp'));
    let t = 0;
    const r = solveRouting(inst, { seed: 1, timeLimitMs: 100, now: () => (t += 1) });
    expect(r.iterations).toBeLessThan(100);
    expect(checkSolution(inst, r.routes)).toEqual([]);
  });
});
