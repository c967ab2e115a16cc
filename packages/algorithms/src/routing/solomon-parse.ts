/** Solomon (1987) VRPTW text format parser, as distributed by CVRPLIB. */
import { euclideanMatrix, type DistanceConvention } from './distance.js';
import type { RoutingInstance } from './model.js';

/**
 * Parses a Solomon `.txt` file. Distances default to CVRPLIB's `.sol` convention (Euclidean
 * truncated to one decimal); pass 'exact' for the real-valued literature convention.
 */
export function parseSolomon(text: string, convention: DistanceConvention = 'truncate-1'): RoutingInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const name = lines.find((l) => l !== '') ?? '';
  const numeric = (l: string) => /^[\d.\s-]+$/.test(l) && l !== '';
  const vehicleHeader = lines.findIndex((l) => /^NUMBER\s+CAPACITY/.test(l));
  if (vehicleHeader < 0) throw new Error('parseSolomon: no VEHICLE section');
  const fleetLine = lines.slice(vehicleHeader + 1).find(numeric);
  const [maxVehicles, capacity] = (fleetLine ?? '').split(/\s+/).map(Number);
  const customerHeader = lines.findIndex((l) => l.startsWith('CUST NO'));
  if (customerHeader < 0) throw new Error('parseSolomon: no CUSTOMER section');
  const rows = lines.slice(customerHeader + 1).filter(numeric).map((l) => l.split(/\s+/).map(Number));
  const size = rows.length;
  const x = new Float64Array(size);
  const y = new Float64Array(size);
  const demand = new Float64Array(size);
  const ready = new Float64Array(size);
  const due = new Float64Array(size);
  const service = new Float64Array(size);
  rows.forEach((r, k) => {
    if (r.length < 7 || r[0] !== k) throw new Error(`parseSolomon: customer rows must be numbered 0..n-1 (row ${k})`);
    [x[k], y[k], demand[k], ready[k], due[k], service[k]] = r.slice(1, 7) as [number, number, number, number, number, number];
  });
  return {
    name, size, x, y, demand, capacity: capacity!, maxVehicles: maxVehicles!,
    distance: euclideanMatrix(x, y, convention),
    timeWindows: { ready, due, service },
  };
}
