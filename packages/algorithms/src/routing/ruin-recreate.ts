/**
 * Slack Induction by String Removals (Christiaens & Vanden Berghe 2020): remove a few strings
 * of customers that lie close together from several routes, then reinsert them greedily with
 * blinks. Parameters default to the paper's: c̄ = 10, L_max = 10, α = 0.01, β = 0.01.
 */
import type { Rng } from '../shared/rng.js';
import { dist, type RoutingInstance, type Routes } from './model.js';
import { insertCustomers } from './insertion.js';

export interface RuinRecreateParams {
  averageRemoved: number;
  maxStringLength: number;
  splitRate: number;
  blinkRate: number;
}

export const defaultRuinRecreateParams: RuinRecreateParams = { averageRemoved: 10, maxStringLength: 10, splitRate: 0.01, blinkRate: 0.01 };

const randInt = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));

/** All customers sorted by distance from each customer, itself first (the paper's adj(c)). */
export function adjacencyLists(inst: RoutingInstance): number[][] {
  const out: number[][] = [[]];
  for (let u = 1; u < inst.size; u++) {
    const all = Array.from({ length: inst.size - 1 }, (_, i) => i + 1);
    all.sort((a, b) => dist(inst, u, a) - dist(inst, u, b) || (a === u ? -1 : b === u ? 1 : a - b));
    out.push(all);
  }
  return out;
}

/** Removes strings from routes (mutated, empty routes dropped); returns the removed customers. */
function ruin(inst: RoutingInstance, routes: Routes, adjacency: number[][], p: RuinRecreateParams, rng: Rng): number[] {
  const customers = inst.size - 1;
  const lsMax = Math.min(p.maxStringLength, customers / Math.max(1, routes.length));
  const ksMax = (4 * p.averageRemoved) / (1 + lsMax) - 1;
  const ks = Math.floor(rng.next() * ksMax) + 1;
  const routeOf = new Int32Array(inst.size);
  routes.forEach((r, k) => r.forEach((c) => { routeOf[c] = k; }));
  const removed: number[] = [];
  const isRemoved = new Uint8Array(inst.size);
  const ruined = new Set<number>();
  for (const c of adjacency[randInt(rng, 1, customers)]!) {
    if (ruined.size >= ks) break;
    const r = routeOf[c]!;
    if (isRemoved[c] || ruined.has(r)) continue;
    const route = routes[r]!;
    const pos = route.indexOf(c);
    const l = randInt(rng, 1, Math.max(1, Math.floor(Math.min(route.length, lsMax))));
    let window = l;
    if (rng.next() >= 0.5 && l < route.length) {
      // Split string: keep m customers inside the window, m grows geometrically.
      let m = 1;
      while (l + m < route.length && rng.next() >= p.splitRate) m++;
      window = l + m;
    }
    const start = randInt(rng, Math.max(0, pos - window + 1), Math.min(pos, route.length - window));
    const keepAt = window > l ? randInt(rng, 0, l) : -1;
    const kept: number[] = [];
    for (let t = 0; t < window; t++) {
      const cust = route[start + t]!;
      if (keepAt >= 0 && t >= keepAt && t < keepAt + window - l) kept.push(cust);
      else {
        removed.push(cust);
        isRemoved[cust] = 1;
      }
    }
    routes[r] = route.slice(0, start).concat(kept, route.slice(start + window));
    ruined.add(r);
  }
  for (let k = routes.length - 1; k >= 0; k--) if (routes[k]!.length === 0) routes.splice(k, 1);
  return removed;
}

/** Recreate order, drawn with the paper's weights: random 4, demand 4, far 2, close 1. */
function sortForInsertion(inst: RoutingInstance, removed: number[], rng: Rng): void {
  for (let i = removed.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [removed[i], removed[j]] = [removed[j]!, removed[i]!];
  }
  const pick = rng.next() * 11;
  if (pick < 4) return;
  const key = pick < 8 ? (c: number) => -inst.demand[c]! : pick < 10 ? (c: number) => -dist(inst, 0, c) : (c: number) => dist(inst, 0, c);
  removed.sort((a, b) => key(a) - key(b));
}

/**
 * A ruined-and-recreated copy of the routes, or null when the fleet limit was hit. `unrouted`
 * customers (e.g. of a route being eliminated) are reinserted along with the ruined ones.
 */
export function ruinRecreate(
  inst: RoutingInstance, current: Routes, adjacency: number[][], rng: Rng, params: RuinRecreateParams = defaultRuinRecreateParams,
  unrouted: readonly number[] = [], overloadPenalty = 0,
): Routes | null {
  const routes = current.map((r) => r.slice());
  const removed = ruin(inst, routes, adjacency, params, rng).concat(unrouted);
  sortForInsertion(inst, removed, rng);
  const loads = routes.map((r) => r.reduce((s, c) => s + inst.demand[c]!, 0));
  return insertCustomers(inst, routes, loads, removed, rng, params.blinkRate, overloadPenalty) ? routes : null;
}
