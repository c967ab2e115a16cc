/** Relocate: move one customer to another position, in its own or another route (or-opt with k = 1). */
import type { RoutingInstance, Routes } from '../model.js';
import { applyOrOpt, orOptDelta } from './or-opt.js';

/** Cost change of moving routes[a][i] before position j of route b; Infinity if infeasible. */
export function relocateDelta(inst: RoutingInstance, routes: Routes, loads: readonly number[], a: number, i: number, b: number, j: number): number {
  return orOptDelta(inst, routes, loads, a, i, 1, b, j);
}

export function applyRelocate(inst: RoutingInstance, routes: Routes, loads: number[], a: number, i: number, b: number, j: number): void {
  applyOrOpt(inst, routes, loads, a, i, 1, b, j);
}
