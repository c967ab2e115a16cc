/**
 * Euclidean distance matrices under each benchmark's convention: CVRPLIB EUC_2D rounds to the
 * nearest integer (TSPLIB `nint`), the CVRPLIB Solomon `.sol` files truncate to one decimal.
 */
import type { RoutingInstance } from './model.js';

export type DistanceConvention = 'round' | 'truncate-1' | 'exact';

export function euclideanMatrix(x: Float64Array, y: Float64Array, convention: DistanceConvention): Float64Array {
  const n = x.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = x[i]! - x[j]!;
      const dy = y[i]! - y[j]!;
      // sqrt is correctly rounded (hypot is not), so perfect squares stay exact before flooring.
      const e = Math.sqrt(dx * dx + dy * dy);
      const d = convention === 'round' ? Math.floor(e + 0.5) : convention === 'truncate-1' ? Math.floor(e * 10) / 10 : e;
      out[i * n + j] = d;
      out[j * n + i] = d;
    }
  }
  return out;
}

export interface CoordinateInstanceInput {
  name?: string;
  /** Node 0 is the depot. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  demand: ArrayLike<number>;
  capacity: number;
  convention?: DistanceConvention;
  timeWindows?: { ready: ArrayLike<number>; due: ArrayLike<number>; service: ArrayLike<number> };
  maxVehicles?: number;
}

/** Builds an instance from plain coordinate arrays (Euclidean, exact unless a convention is given). */
export function instanceFromCoordinates(input: CoordinateInstanceInput): RoutingInstance {
  const x = Float64Array.from(input.x);
  const y = Float64Array.from(input.y);
  const tw = input.timeWindows;
  return {
    name: input.name ?? '', size: x.length, x, y, demand: Float64Array.from(input.demand), capacity: input.capacity,
    distance: euclideanMatrix(x, y, input.convention ?? 'exact'),
    ...(tw ? { timeWindows: { ready: Float64Array.from(tw.ready), due: Float64Array.from(tw.due), service: Float64Array.from(tw.service) } } : {}),
    ...(input.maxVehicles !== undefined ? { maxVehicles: input.maxVehicles } : {}),
  };
}
