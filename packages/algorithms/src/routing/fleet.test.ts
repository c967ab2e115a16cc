import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../shared/rng.js';
import { haversineMatrix, matrixFromRows } from './distance.js';
import {
  checkFleetSolution, fleetInstance, fleetRouteCost, fleetRouteFeasible, fleetSolutionCost, MANDATORY_MISS_PENALTY,
  type FleetInstance, type FleetVehicle,
} from './fleet.js';
import {
  exchangedRoutes, fleetExchangeDelta, fleetMergeDelta, fleetRelocateDelta, fleetSwapDelta, fleetTwoOptDelta, mergedRoutes, relocatedRoutes,
} from './fleet-moves.js';
import { solveFleet } from './fleet-solve.js';
import { parseSolomon } from './solomon-parse.js';

/** Two depots (nodes 0 and 1), n stops with windows, a mixed fleet, every third stop optional. */
function randomFleet(rng: Rng, stops: number, windows = true): FleetInstance {
  const n = stops + 2;
  const x = Array.from({ length: n }, () => Math.round(rng.next() * 100));
  const y = Array.from({ length: n }, () => Math.round(rng.next() * 100));
  const demand = Array.from({ length: n }, (_, i) => (i < 2 ? 0 : 1 + Math.floor(rng.next() * 5)));
  const ready = Array.from({ length: n }, (_, i) => (i < 2 ? 0 : Math.floor(rng.next() * 150)));
  // Four vehicles of three kinds per 8 stops (one set for the brute-force sizes).
  const vehicles: FleetVehicle[] = Array.from({ length: Math.max(1, Math.ceil(stops / 8)) }, () => [
    { depot: 0, capacity: 10, fixedCost: 30, shiftStart: 0, shiftLength: 400 },
    { depot: 0, capacity: 10, fixedCost: 30, shiftStart: 0, shiftLength: 400 },
    { depot: 1, capacity: 20, fixedCost: 80, shiftStart: 20, shiftLength: 300 },
    { depot: 1, capacity: 6, fixedCost: 10, shiftStart: 0, shiftLength: 250 },
  ]).flat();
  return fleetInstance({
    metric: 'euclidean', x, y, depots: [0, 1], demand, vehicles,
    ...(windows ? { ready, due: ready.map((r, i) => (i < 2 ? 1e9 : r + 60 + Math.floor(rng.next() * 120))), service: demand.map((d) => d * 2) } : {}),
    penalty: Array.from({ length: n }, (_, i) => (i >= 2 && i % 3 === 0 ? 40 + Math.floor(rng.next() * 60) : Infinity)),
  });
}

/** Exact optimum: best route per (vehicle, subset) by permutations, then best assignment of stops. */
function bruteForce(inst: FleetInstance): number {
  const stops = inst.stops;
  const m = stops.length;
  const perms = (xs: number[]): number[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms(xs.filter((_, j) => j !== i)).map((p) => [x, ...p])));
  const bestRoute = inst.vehicles.map((_, v) => {
    const out = new Float64Array(1 << m).fill(Infinity);
    out[0] = 0;
    for (let S = 1; S < 1 << m; S++) {
      const members = stops.filter((_, k) => S & (1 << k));
      for (const p of perms(members)) if (fleetRouteFeasible(inst, v, p)) out[S] = Math.min(out[S]!, fleetRouteCost(inst, v, p));
    }
    return out;
  });
  let best = Infinity;
  const V = inst.vehicles.length;
  const assign = (k: number, masks: number[], missed: number) => {
    if (k === m) {
      let c = missed;
      for (let v = 0; v < V; v++) c += bestRoute[v]![masks[v]!]!;
      best = Math.min(best, c);
      return;
    }
    const pen = inst.penalty?.[stops[k]!] ?? Infinity;
    if (Number.isFinite(pen)) assign(k + 1, masks, missed + pen);
    for (let v = 0; v < V; v++) {
      masks[v] = masks[v]! | (1 << k);
      assign(k + 1, masks, missed);
      masks[v] = masks[v]! & ~(1 << k);
    }
  };
  assign(0, inst.vehicles.map(() => 0), 0);
  return best;
}

const cost = (inst: FleetInstance, routes: number[][]) => fleetSolutionCost(inst, routes, []);

describe('fleet model: several depots, mixed fleet, windows, shifts, optional stops', () => {
  it('solutions keep every rule and report the cost recomputed from scratch', () => {
    for (const seed of [1, 2, 3]) {
      const inst = randomFleet(createRng(seed), 30);
      const r = solveFleet(inst, { seed, maxIterations: 1500 });
      expect(checkFleetSolution(inst, r)).toEqual([]);
      expect(r.feasible).toBe(true);
      expect(r.cost).toBeCloseTo(fleetSolutionCost(inst, r.routes, r.unassigned), 9);
      // every stop is in exactly one place: a route or the unassigned list
      expect([...r.routes.flat(), ...r.unassigned].sort((a, b) => a - b)).toEqual(inst.stops);
    }
  });

  it('finds the brute-force optimum on tiny instances (6 stops, 4 vehicles of 3 kinds, 2 depots)', () => {
    let solvable = 0;
    for (const seed of [4, 5, 6, 7, 8, 9]) {
      const inst = randomFleet(createRng(seed), 6);
      const r = solveFleet(inst, { seed, maxIterations: 3000 });
      const optimum = bruteForce(inst);
      if (optimum === Infinity) {
        // some mandatory stop fits no vehicle at all (its window closes too early): the solver must say so
        expect(r.feasible).toBe(false);
        continue;
      }
      solvable++;
      expect(checkFleetSolution(inst, r)).toEqual([]);
      expect(r.cost).toBeCloseTo(optimum, 6);
    }
    expect(solvable).toBeGreaterThanOrEqual(4);
  });

  it('leaves an optional stop out exactly when serving it costs more than its penalty', () => {
    // Depot 0 at the origin, stop 1 at distance 10, stop 2 far away at distance 100.
    const base = { metric: 'matrix' as const, depots: [0], demand: [0, 1, 1],
      matrix: [[0, 10, 100], [10, 0, 95], [100, 95, 0]], vehicles: [{ depot: 0, capacity: 5, fixedCost: 0, shiftStart: 0, shiftLength: 1e6 }] };
    // Serving 2 after 1 adds 95 + 100 - 10 = 185; a penalty of 150 makes leaving it out cheaper.
    const cheap = solveFleet(fleetInstance({ ...base, penalty: [0, Infinity, 150] }), { maxIterations: 50 });
    expect(cheap).toMatchObject({ routes: [[1]], unassigned: [2], cost: 20 + 150 });
    const dear = solveFleet(fleetInstance({ ...base, penalty: [0, Infinity, 200] }), { maxIterations: 50 });
    expect(dear.unassigned).toEqual([]);
    expect(dear.cost).toBe(205);
  });

  it('reports a mandatory stop that no vehicle can reach in time as infeasible', () => {
    const inst = fleetInstance({ metric: 'matrix', depots: [0], demand: [0, 1], matrix: [[0, 50], [50, 0]], ready: [0, 0], due: [1e9, 10],
      vehicles: [{ depot: 0, capacity: 5, fixedCost: 0, shiftStart: 0, shiftLength: 1000 }] });
    const r = solveFleet(inst, { maxIterations: 20 });
    expect(r.feasible).toBe(false);
    expect(r.unassigned).toEqual([1]);
    expect(checkFleetSolution(inst, r)).toEqual(['mandatory stop 1 is not served']);
    expect(r.cost).toBe(MANDATORY_MISS_PENALTY);
  });

  it('is deterministic for a seed and an iteration budget', () => {
    const inst = randomFleet(createRng(9), 40);
    expect(solveFleet(inst, { seed: 3, maxIterations: 400 })).toEqual(solveFleet(inst, { seed: 3, maxIterations: 400 }));
  });

  it('each move\'s delta equals the change of the recomputed cost, and Infinity only for infeasible results', () => {
    const rng = createRng(11);
    let checked = 0;
    for (let trial = 0; trial < 6; trial++) {
      const inst = randomFleet(rng, 12, trial % 2 === 0);
      const sol = solveFleet(inst, { seed: trial, maxIterations: 30 });
      const routes = sol.routes;
      const before = cost(inst, routes);
      const feasibleAll = (rs: number[][]) => rs.every((r, v) => fleetRouteFeasible(inst, v, r));
      for (let a = 0; a < routes.length; a++) {
        for (let i = 0; i < routes[a]!.length; i++) {
          for (let b = 0; b < routes.length; b++) {
            for (let j = 0; j <= routes[b]!.length; j++) {
              const d = fleetRelocateDelta(inst, routes, a, i, b, j, Infinity);
              if (a === b && (j === i || j === i + 1)) continue;
              const after = routes.map((r) => r.slice());
              const [na, nb] = relocatedRoutes(routes, a, i, b, j);
              after[a] = na;
              after[b] = nb;
              if (d === Infinity) expect(feasibleAll(after)).toBe(false);
              else expect(d).toBeCloseTo(cost(inst, after) - before, 9);
              checked++;
              if (a !== b && j < routes[b]!.length) {
                const s = fleetSwapDelta(inst, routes, a, i, b, j, Infinity);
                const sw = routes.map((r) => r.slice());
                [sw[a]![i], sw[b]![j]] = [routes[b]![j]!, routes[a]![i]!];
                if (s === Infinity) expect(feasibleAll(sw)).toBe(false);
                else expect(s).toBeCloseTo(cost(inst, sw) - before, 9);
                checked++;
              }
            }
          }
          for (let j = i + 1; j < routes[a]!.length; j++) {
            const t = fleetTwoOptDelta(inst, routes, a, i, j, Infinity);
            const rev = routes.map((r) => r.slice());
            rev[a] = routes[a]!.slice(0, i).concat(routes[a]!.slice(i, j + 1).reverse(), routes[a]!.slice(j + 1));
            if (t === Infinity) expect(feasibleAll(rev)).toBe(false);
            else expect(t).toBeCloseTo(cost(inst, rev) - before, 9);
            checked++;
          }
        }
      }
      for (let a = 0; a < routes.length; a++) {
        for (let b = 0; b < routes.length; b++) {
          const x = fleetExchangeDelta(inst, routes, a, b);
          if (a !== b && x !== Infinity) {
            expect(x).toBeCloseTo(cost(inst, exchangedRoutes(routes, a, b)) - before, 9);
            checked++;
          }
          for (let c = 0; c < routes.length; c++) {
            const m = fleetMergeDelta(inst, routes, a, c, b);
            if (m !== Infinity) {
              expect(m).toBeCloseTo(cost(inst, mergedRoutes(routes, a, c, b)) - before, 9);
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('2-opt deltas are exact on an asymmetric matrix', () => {
    const rows = [[0, 3, 9, 4, 7], [5, 0, 2, 8, 6], [1, 7, 0, 3, 9], [6, 2, 5, 0, 4], [8, 1, 6, 2, 0]];
    const inst = fleetInstance({ metric: 'matrix', matrix: rows, depots: [0], demand: [0, 1, 1, 1, 1],
      vehicles: [{ depot: 0, capacity: 9, fixedCost: 0, shiftStart: 0, shiftLength: 1e6 }] });
    const routes = [[1, 2, 3, 4]];
    // 0→1→2→3→4→0 = 3+2+3+4+8 = 20; reversing 2..4 gives 0→1→4→3→2→0 = 3+6+2+5+1 = 17.
    expect(cost(inst, routes)).toBe(20);
    expect(fleetTwoOptDelta(inst, routes, 0, 1, 3)).toBe(-3);
    expect(matrixFromRows(rows)[1 * 5 + 2]).toBe(2);
  });

  it('haversine: one degree of latitude is R·π/180 metres, and Beijing–Shanghai is about 1,067 km', () => {
    const d = haversineMatrix([30, 31, 39.9042, 31.2304], [120, 120, 116.4074, 121.4737]);
    expect(d[1]).toBeCloseTo((6371008.8 * Math.PI) / 180, 6);
    // Published great-circle distance between the two city centres: ≈ 1,067 km.
    expect(d[2 * 4 + 3]! / 1000).toBeGreaterThan(1060);
    expect(d[2 * 4 + 3]! / 1000).toBeLessThan(1075);
  });

  it('on Solomon C101 (one depot, 25 identical vehicles) it is feasible and within 3% of 827.3', () => {
    const s = parseSolomon(readFileSync(new URL('../../../../../shared/data/solomon/instances/C101.txt', import.meta.url), 'utf8'));
    const tw = s.timeWindows!;
    const inst = fleetInstance({
      metric: 'matrix', matrix: Array.from({ length: s.size }, (_, i) => Array.from(s.distance.subarray(i * s.size, (i + 1) * s.size))),
      depots: [0], demand: s.demand, ready: tw.ready, due: tw.due, service: tw.service,
      vehicles: Array.from({ length: 25 }, () => ({ depot: 0, capacity: s.capacity, fixedCost: 0, shiftStart: tw.ready[0]!, shiftLength: tw.due[0]! - tw.ready[0]! })),
    });
    const r = solveFleet(inst, { seed: 1, maxIterations: 1500 });
    expect(checkFleetSolution(inst, r)).toEqual([]);
    // 827.3: CVRPLIB's C101.sol (truncated distances), bks.csv
    expect(r.cost).toBeLessThanOrEqual(827.3 * 1.03);
  });
});
