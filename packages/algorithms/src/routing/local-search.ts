/**
 * First-improvement local search over granular neighbourhoods (Toth & Vigo 2003), as in PyVRP's
 * LocalSearch: for each customer u and each of its nearest neighbours v, try the operators that
 * would make u and v adjacent, and apply the first move whose exact delta is negative.
 */
import type { Rng } from '../shared/rng.js';
import { dist, cloneRoutes, type RoutingInstance, type Routes } from './model.js';
import { applyOrOpt, orOptDelta } from './operators/or-opt.js';
import { applySwap, swapDelta } from './operators/swap.js';
import { applyTwoOpt, twoOptDelta } from './operators/two-opt.js';
import { applyTwoOptStar, twoOptStarDelta } from './operators/two-opt-star.js';
import { routeLoad } from './solution-check.js';

/** Improvements smaller than this are float noise, and accepting them could cycle. */
const IMPROVEMENT_EPS = 1e-7;

/** The k nearest other customers of each customer (index 0, the depot, gets an empty list). */
export function nearestNeighbours(inst: RoutingInstance, k: number): number[][] {
  const out: number[][] = [[]];
  for (let u = 1; u < inst.size; u++) {
    const others = [];
    for (let v = 1; v < inst.size; v++) if (v !== u) others.push(v);
    others.sort((a, b) => dist(inst, u, a) - dist(inst, u, b) || a - b);
    out.push(others.slice(0, k));
  }
  return out;
}

/** Improves a copy of the routes until no operator finds an improving move; drops empty routes. */
export function localSearch(inst: RoutingInstance, start: Routes, neighbours: number[][], rng?: Rng): Routes {
  const routes = cloneRoutes(start);
  const loads = routes.map((r) => routeLoad(inst, r));
  const routeOf = new Int32Array(inst.size);
  const posOf = new Int32Array(inst.size);
  const index = (r: number) => routes[r]!.forEach((c, p) => { routeOf[c] = r; posOf[c] = p; });
  routes.forEach((_, r) => index(r));
  const order = Array.from({ length: inst.size - 1 }, (_, i) => i + 1);
  if (rng) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
  }

  /** Tries every move that brings u next to v; applies the first improving one. */
  const improveWith = (u: number, v: number): boolean => {
    const a = routeOf[u]!;
    const i = posOf[u]!;
    const b = routeOf[v]!;
    const j = posOf[v]!;
    const done = (...touched: number[]) => { touched.forEach(index); return true; };
    for (let k = 1; k <= 3; k++) {
      for (const reversed of k === 1 ? [false] : [false, true]) {
        if (orOptDelta(inst, routes, loads, a, i, k, b, j + 1, reversed) < -IMPROVEMENT_EPS) {
          applyOrOpt(inst, routes, loads, a, i, k, b, j + 1, reversed);
          return done(a, b);
        }
        if (orOptDelta(inst, routes, loads, a, i, k, b, j, reversed) < -IMPROVEMENT_EPS) {
          applyOrOpt(inst, routes, loads, a, i, k, b, j, reversed);
          return done(a, b);
        }
      }
    }
    if (a !== b) {
      if (swapDelta(inst, routes, loads, a, i, b, j) < -IMPROVEMENT_EPS) {
        applySwap(inst, routes, loads, a, i, b, j);
        return done(a, b);
      }
      // u then v, or v then u, at the junction of the exchanged tails.
      for (const [ci, cj] of [[i, j - 1], [i - 1, j]] as const) {
        if (twoOptStarDelta(inst, routes, loads, a, ci, b, cj) < -IMPROVEMENT_EPS) {
          applyTwoOptStar(inst, routes, loads, a, ci, b, cj);
          return done(a, b);
        }
      }
    } else {
      const [lo, hi] = i < j ? [i + 1, j] : [j + 1, i];
      if (twoOptDelta(inst, routes, a, lo, hi) < -IMPROVEMENT_EPS) {
        applyTwoOpt(routes, a, lo, hi);
        return done(a);
      }
    }
    return false;
  };

  for (let improved = true; improved;) {
    improved = false;
    for (const u of order) {
      for (const v of neighbours[u]!) {
        if (improveWith(u, v)) improved = true;
      }
    }
  }
  return routes.filter((r) => r.length > 0);
}
