/** Clarke & Wright (1964) parallel savings construction for the CVRP. */
import { dist, type RoutingInstance, type Routes } from './model.js';

/**
 * Starts from one route per customer and merges route ends in decreasing order of the saving
 * s(i,j) = d(0,i) + d(0,j) − d(i,j), as long as the merged load fits.
 */
export function clarkeWrightSavings(inst: RoutingInstance): Routes {
  const n = inst.size;
  const pairs: { i: number; j: number; s: number }[] = [];
  for (let i = 1; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = dist(inst, 0, i) + dist(inst, 0, j) - dist(inst, i, j);
      if (s > 0) pairs.push({ i, j, s });
    }
  }
  // Ties broken by node numbers so the construction is deterministic.
  pairs.sort((a, b) => b.s - a.s || a.i - b.i || a.j - b.j);
  const routeOf = new Int32Array(n);
  const routes: (number[] | null)[] = [null];
  const loads = [0];
  for (let c = 1; c < n; c++) {
    routeOf[c] = routes.length;
    routes.push([c]);
    loads.push(inst.demand[c]!);
  }
  for (const { i, j } of pairs) {
    const ri = routeOf[i]!;
    const rj = routeOf[j]!;
    if (ri === rj || loads[ri]! + loads[rj]! > inst.capacity) continue;
    let a = routes[ri]!;
    let b = routes[rj]!;
    // i and j must be route ends; orient so that a ends with i and b starts with j.
    if (a[a.length - 1] !== i) {
      if (a[0] !== i) continue;
      a = a.reverse();
    }
    if (b[0] !== j) {
      if (b[b.length - 1] !== j) continue;
      b = b.reverse();
    }
    const merged = a.concat(b);
    routes[ri] = merged;
    routes[rj] = null;
    loads[ri] = loads[ri]! + loads[rj]!;
    for (const c of b) routeOf[c] = ri;
  }
  return routes.filter((r): r is number[] => r !== null);
}
