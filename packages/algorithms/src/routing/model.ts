/**
 * Instance and solution types for the routing solvers (CVRP and VRPTW), shaped after the
 * VRPLIB / CVRPLIB conventions so benchmark files and `.sol` numbering map one to one.
 */

export interface TimeWindows {
  /** Earliest service start per node (node 0 = depot opening). */
  ready: Float64Array;
  /** Latest service start per node (node 0 = depot closing, the latest return). */
  due: Float64Array;
  /** Service duration per node. */
  service: Float64Array;
}

export interface RoutingInstance {
  name: string;
  /** Number of nodes including the depot, which is always node 0; customers are 1..size-1. */
  size: number;
  x: Float64Array;
  y: Float64Array;
  demand: Float64Array;
  capacity: number;
  /** Row-major size×size distances; with time windows they are also the travel times. */
  distance: Float64Array;
  timeWindows?: TimeWindows;
  /** Fleet size when the benchmark fixes it (Solomon: 25); unlimited when absent. */
  maxVehicles?: number;
}

/** Customer numbers in visiting order per vehicle; the depot is implicit at both ends. */
export type Routes = number[][];

export interface RoutingSolution {
  routes: Routes;
  cost: number;
}

/** Distance between two nodes; kept as a function so hot loops read the same way everywhere. */
export function dist(inst: RoutingInstance, i: number, j: number): number {
  return inst.distance[i * inst.size + j]!;
}

/** Deep copy, so a metaheuristic can keep its incumbent while mutating a candidate. */
export function cloneRoutes(routes: Routes): Routes {
  return routes.map((r) => r.slice());
}
