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

/** Great-circle distances in metres between points given in degrees (mean Earth radius 6,371,008.8 m). */
export function haversineMatrix(lat: ArrayLike<number>, lng: ArrayLike<number>): Float64Array {
  const n = lat.length;
  const out = new Float64Array(n * n);
  const rad = Math.PI / 180;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dLat = (lat[j]! - lat[i]!) * rad;
      const dLng = (lng[j]! - lng[i]!) * rad;
      const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat[i]! * rad) * Math.cos(lat[j]! * rad) * Math.sin(dLng / 2) ** 2;
      const d = 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
      out[i * n + j] = d;
      out[j * n + i] = d;
    }
  }
  return out;
}

/** A given matrix (rows of equal length, not necessarily symmetric) as a row-major array. */
export function matrixFromRows(rows: readonly (readonly number[])[]): Float64Array {
  const n = rows.length;
  const out = new Float64Array(n * n);
  rows.forEach((r, i) => {
    if (r.length !== n) throw new Error(`matrixFromRows: row ${i} has ${r.length} entries, expected ${n}`);
    r.forEach((d, j) => {
      if (!(d >= 0)) throw new Error(`matrixFromRows: entry (${i},${j}) must be a non-negative number`);
      out[i * n + j] = d;
    });
  });
  return out;
}
