/** VRPLIB (TSPLIB-style) CVRP parser for EUC_2D instances such as CVRPLIB's Augerat sets A and P. */
import { euclideanMatrix } from './distance.js';
import type { RoutingInstance } from './model.js';

/** Parses the text of a `.vrp` file; node k of the file becomes node k-1 (the depot must be node 1). */
export function parseVrplib(text: string): RoutingInstance {
  const header = new Map<string, string>();
  const coords = new Map<number, [number, number]>();
  const demands = new Map<number, number>();
  const depots: number[] = [];
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line === 'EOF') continue;
    const colon = line.indexOf(':');
    if (colon > 0 && /^[A-Z_]+\s*$/.test(line.slice(0, colon))) {
      header.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      section = '';
      continue;
    }
    if (/^[A-Z_]+$/.test(line)) {
      section = line;
      continue;
    }
    const nums = line.split(/\s+/).map(Number);
    if (section === 'NODE_COORD_SECTION') coords.set(nums[0]!, [nums[1]!, nums[2]!]);
    else if (section === 'DEMAND_SECTION') demands.set(nums[0]!, nums[1]!);
    else if (section === 'DEPOT_SECTION' && nums[0]! > 0) depots.push(nums[0]!);
  }
  const size = Number(header.get('DIMENSION'));
  const capacity = Number(header.get('CAPACITY'));
  if (!Number.isInteger(size) || size < 2) throw new Error('parseVrplib: missing or bad DIMENSION');
  if (!Number.isFinite(capacity)) throw new Error('parseVrplib: missing CAPACITY');
  if (header.get('EDGE_WEIGHT_TYPE') !== 'EUC_2D') throw new Error(`parseVrplib: only EUC_2D is supported, got ${header.get('EDGE_WEIGHT_TYPE')}`);
  if (depots.length > 0 && (depots.length !== 1 || depots[0] !== 1)) throw new Error('parseVrplib: the single depot must be node 1');
  const x = new Float64Array(size);
  const y = new Float64Array(size);
  const demand = new Float64Array(size);
  for (let k = 1; k <= size; k++) {
    const c = coords.get(k);
    if (!c) throw new Error(`parseVrplib: no coordinates for node ${k}`);
    x[k - 1] = c[0];
    y[k - 1] = c[1];
    demand[k - 1] = demands.get(k) ?? 0;
  }
  return { name: header.get('NAME') ?? '', size, x, y, demand, capacity, distance: euclideanMatrix(x, y, 'round') };
}
