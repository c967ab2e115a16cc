// Exact deltas on a hand-checkable instance, then each operator's delta against the recomputed
// cost on random moves (CVRP and Solomon C101 with time windows), in the spirit of PyVRP's
// tests/search/test_*.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/rng.js';
import { instanceFromCoordinates } from './distance.js';
import { cloneRoutes, type RoutingInstance, type Routes } from './model.js';
import { parseCvrplibSolution } from './sol-parse.js';
import { checkSolution, routeLoad, solutionCost } from './solution-check.js';
import { parseSolomon } from './solomon-parse.js';
import { applyOrOpt, orOptDelta } from './operators/or-opt.js';
import { applyRelocate, relocateDelta } from './operators/relocate.js';
import { applySwap, swapDelta } from './operators/swap.js';
import { applyTwoOpt, twoOptDelta } from './operators/two-opt.js';
import { applyTwoOptStar, twoOptStarDelta } from './operators/two-opt-star.js';

// Depot and customers on a line at x = 0..4, so d(i, j) = |i − j| and every cost is easy to add up.
const line = (capacity = 10, timeWindows?: RoutingInstance['timeWindows']) =>
  instanceFromCoordinates({ x: [0, 1, 2, 3, 4], y: [0, 0, 0, 0, 0], demand: [0, 1, 1, 1, 1], capacity, ...(timeWindows ? { timeWindows } : {}) });
const loadsOf = (inst: RoutingInstance, routes: Routes) => routes.map((r) => routeLoad(inst, r));

describe('exact deltas on the line instance', () => {
  const inst = line();

  it('relocate 3 from [1 3] into [2 _ 4]: 6 + 8 → 2 + 8, delta −4', () => {
    const routes = [[1, 3], [2, 4]];
    expect(relocateDelta(inst, routes, loadsOf(inst, routes), 0, 1, 1, 1)).toBe(-4);
    applyRelocate(inst, routes, loadsOf(inst, routes), 0, 1, 1, 1);
    expect(routes).toEqual([[1], [2, 3, 4]]);
    expect(solutionCost(inst, routes)).toBe(10);
  });

  it('relocate within a route: [1 3 2 4] → [1 2 3 4], 10 → 8; no-op positions are refused', () => {
    const routes = [[1, 3, 2, 4]];
    const loads = loadsOf(inst, routes);
    expect(relocateDelta(inst, routes, loads, 0, 1, 0, 3)).toBe(-2);
    expect(relocateDelta(inst, routes, loads, 0, 1, 0, 1)).toBe(Infinity);
    expect(relocateDelta(inst, routes, loads, 0, 1, 0, 2)).toBe(Infinity);
    applyRelocate(inst, routes, loads, 0, 1, 0, 3);
    expect(routes).toEqual([[1, 2, 3, 4]]);
  });

  it('or-opt moves [1 2] in front of [3 4]: 8 + 4 → 8 (delta −4), reversed → 10 (delta −2)', () => {
    const routes = [[3, 4], [1, 2]];
    const loads = loadsOf(inst, routes);
    expect(orOptDelta(inst, routes, loads, 1, 0, 2, 0, 0)).toBe(-4);
    expect(orOptDelta(inst, routes, loads, 1, 0, 2, 0, 0, true)).toBe(-2);
    applyOrOpt(inst, routes, loads, 1, 0, 2, 0, 0, true);
    expect(routes).toEqual([[2, 1, 3, 4], []]);
    expect(loads).toEqual([4, 0]);
  });

  it('swap 4 and 2 between [1 4] and [2 3]: 8 + 6 → 4 + 8, delta −2', () => {
    const routes = [[1, 4], [2, 3]];
    expect(swapDelta(inst, routes, loadsOf(inst, routes), 0, 1, 1, 0)).toBe(-2);
    applySwap(inst, routes, loadsOf(inst, routes), 0, 1, 1, 0);
    expect(routes).toEqual([[1, 2], [4, 3]]);
  });

  it('2-opt reverses [2 1] in [2 1 3 4]: 10 → 8, delta −2', () => {
    const routes = [[2, 1, 3, 4]];
    expect(twoOptDelta(inst, routes, 0, 0, 1)).toBe(-2);
    applyTwoOpt(routes, 0, 0, 1);
    expect(routes).toEqual([[1, 2, 3, 4]]);
  });

  it('2-opt* swaps the tails of [1 | 4] and [3 | 2]: 8 + 6 → 4 + 8, delta −2', () => {
    const routes = [[1, 4], [3, 2]];
    const loads = loadsOf(inst, routes);
    expect(twoOptStarDelta(inst, routes, loads, 0, 0, 1, 0)).toBe(-2);
    applyTwoOptStar(inst, routes, loads, 0, 0, 1, 0);
    expect(routes).toEqual([[1, 2], [3, 4]]);
    expect(loads).toEqual([2, 2]);
  });

  it('refuses moves that break capacity or a time window', () => {
    const tight = line(2);
    const routes = [[1, 2], [3]];
    expect(relocateDelta(tight, routes, loadsOf(tight, routes), 1, 0, 0, 2)).toBe(Infinity);
    expect(twoOptStarDelta(tight, routes, loadsOf(tight, routes), 0, 1, 1, -1)).toBe(Infinity);
    // Customer 1 must be served by t = 1, so it can only come first.
    const tw = line(10, { ready: new Float64Array(5), due: Float64Array.from([100, 1, 100, 100, 100]), service: new Float64Array(5) });
    const r = [[1, 2]];
    expect(relocateDelta(tw, r, loadsOf(tw, r), 0, 0, 0, 2)).toBe(Infinity);
    expect(twoOptDelta(tw, r, 0, 0, 1)).toBe(Infinity);
  });
});

type Move = { delta: number; apply: (routes: Routes, loads: number[]) => void };

/** A random move of a random operator on the given routes. */
function randomMove(inst: RoutingInstance, routes: Routes, loads: number[], rnd: (n: number) => number): Move {
  const a = rnd(routes.length);
  const b = rnd(routes.length);
  const la = routes[a]!.length;
  const lb = routes[b]!.length;
  switch (rnd(4)) {
    case 0: {
      const k = 1 + rnd(3);
      const i = rnd(Math.max(1, la - k + 1));
      const j = rnd(lb + 1);
      const rev = rnd(2) === 1;
      return { delta: orOptDelta(inst, routes, loads, a, i, k, b, j, rev), apply: (r, l) => applyOrOpt(inst, r, l, a, i, k, b, j, rev) };
    }
    case 1: {
      const i = rnd(la);
      const j = rnd(lb);
      return { delta: swapDelta(inst, routes, loads, a, i, b, j), apply: (r, l) => applySwap(inst, r, l, a, i, b, j) };
    }
    case 2: {
      const i = rnd(la);
      const j = rnd(la);
      return { delta: twoOptDelta(inst, routes, a, i, j), apply: (r) => applyTwoOpt(r, a, i, j) };
    }
    default: {
      const i = rnd(la + 1) - 1;
      const j = rnd(lb + 1) - 1;
      return { delta: twoOptStarDelta(inst, routes, loads, a, i, b, j), apply: (r, l) => applyTwoOptStar(inst, r, l, a, i, b, j) };
    }
  }
}

function checkRandomMoves(inst: RoutingInstance, start: Routes, seed: number, moves: number) {
  const rng = createRng(seed);
  const rnd = (n: number) => Math.floor(rng.next() * n);
  let routes = cloneRoutes(start);
  let finite = 0;
  for (let t = 0; t < moves; t++) {
    const loads = loadsOf(inst, routes);
    const before = solutionCost(inst, routes);
    const move = randomMove(inst, routes, loads, rnd);
    if (move.delta === Infinity) continue;
    const next = cloneRoutes(routes);
    const nextLoads = loads.slice();
    move.apply(next, nextLoads);
    expect(solutionCost(inst, next) - before).toBeCloseTo(move.delta, 9);
    expect(nextLoads).toEqual(loadsOf(inst, next));
    expect(checkSolution(inst, next)).toEqual([]);
    routes = next;
    finite++;
  }
  return finite;
}

describe('deltas equal the recomputed cost change on random moves', () => {
  it('CVRP: 20 random customers, capacity 8, 3000 moves', () => {
    const rng = createRng(7);
    const n = 21;
    const inst = instanceFromCoordinates({
      x: Array.from({ length: n }, () => Math.round(rng.next() * 100)), y: Array.from({ length: n }, () => Math.round(rng.next() * 100)),
      demand: Array.from({ length: n }, (_, i) => (i === 0 ? 0 : 1 + Math.floor(rng.next() * 3))), capacity: 8, convention: 'round',
    });
    const start: Routes = [];
    for (let c = 1; c < n; c++) (start.at(-1) && routeLoad(inst, [...start.at(-1)!, c]) <= 8 ? start.at(-1)! : (start[start.length] = [])).push(c);
    expect(checkRandomMoves(inst, start, 1, 3000)).toBeGreaterThan(500);
  });

  it('VRPTW: Solomon C101 from its shipped solution, 6000 moves, time windows kept', () => {
    const inst = parseSolomon(readFileSync(new URL('../../../../../shared/data/solomon/instances/C101.txt', import.meta.url), 'utf8'));
    const sol = parseCvrplibSolution(readFileSync(new URL('../../../../../shared/data/solomon/solutions/C101.sol', import.meta.url), 'utf8'));
    expect(checkRandomMoves(inst, sol.routes, 2, 6000)).toBeGreaterThan(5);
  });
});
