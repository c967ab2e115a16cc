import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/rng.js';
import { instanceFromCoordinates } from './distance.js';
import { insertionConstruction } from './insertion.js';
import { localSearch, nearestNeighbours } from './local-search.js';
import type { Routes } from './model.js';
import { clarkeWrightSavings } from './savings.js';
import { checkSolution, solutionCost } from './solution-check.js';

function randomInstance(seed: number, n: number, withWindows: boolean) {
  const rng = createRng(seed);
  const x = Array.from({ length: n }, () => Math.round(rng.next() * 100));
  const y = Array.from({ length: n }, () => Math.round(rng.next() * 100));
  const ready = x.map((_, i) => (i === 0 ? 0 : Math.round(rng.next() * 400)));
  return instanceFromCoordinates({
    x, y, demand: x.map((_, i) => (i === 0 ? 0 : 1 + Math.floor(rng.next() * 9))), capacity: 30, convention: 'round',
    ...(withWindows ? { timeWindows: { ready, due: ready.map((r, i) => (i === 0 ? 2000 : r + 150)), service: x.map((_, i) => (i === 0 ? 0 : 10)) } } : {}),
  });
}

describe('localSearch', () => {
  it('never worsens and keeps feasibility, from random and constructed starts (CVRP and VRPTW)', () => {
    for (const seed of [1, 2, 3, 4]) {
      for (const withWindows of [false, true]) {
        const inst = randomInstance(seed, 40, withWindows);
        const rng = createRng(seed);
        // One customer per route is always feasible; a poor but legal start.
        const singles: Routes = Array.from({ length: inst.size - 1 }, (_, i) => [i + 1]);
        const starts = [singles, withWindows ? insertionConstruction(inst) : clarkeWrightSavings(inst)];
        for (const start of starts) {
          expect(checkSolution(inst, start)).toEqual([]);
          const out = localSearch(inst, start, nearestNeighbours(inst, 10), rng);
          expect(checkSolution(inst, out)).toEqual([]);
          expect(solutionCost(inst, out)).toBeLessThanOrEqual(solutionCost(inst, start));
          // A local optimum: a second pass finds nothing.
          expect(solutionCost(inst, localSearch(inst, out, nearestNeighbours(inst, 10)))).toBeCloseTo(solutionCost(inst, out), 9);
        }
      }
    }
  });
});
