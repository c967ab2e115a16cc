/**
 * Order-to-warehouse allocation (分仓): every way to ship an order from one warehouse, or — when
 * splitting is allowed — from two or three, each line whole from one warehouse; the plans are
 * ranked by rules applied in a visible order, and each plan carries its cost from the cost model.
 * Pure: the caller passes availability, coordinates and the cost model.
 */
import { haversineMatrix } from '../routing/distance.js';

export interface AllocationWarehouse {
  id: number;
  code: string;
  region: string;
  lat: number | null;
  lng: number | null;
  /** Lower ships first when everything else ties (default 100). */
  priority?: number;
  /** Units available to this order per SKU (stock not reserved by others). */
  available: ReadonlyMap<number, number>;
}

export interface AllocationLine { lineId: number | null; skuId: number; quantity: number }

export interface CostModel {
  /** Per parcel: handling and the first kilogram (fen). */
  parcelBaseFen: number;
  /** Per parcel per 100 km of straight-line distance (fen). */
  per100KmFen: number;
  /** Per parcel leaving its region (zone surcharge, fen). */
  crossRegionFen: number;
  /** Per extra parcel beyond the first: packing, a second box, a worse experience (fen). */
  splitParcelFen: number;
  /** Charged when a parcel's expected transit exceeds the promise (fen). */
  promiseRiskFen: number;
  /** Promise in hours from payment (24 h for same-day / next-day). */
  promiseHours: number;
  /** Transit estimate: handling hours plus distance at this line-haul speed. */
  handlingHours: number;
  kmPerHour: number;
}

export const DEFAULT_COST_MODEL: CostModel = {
  parcelBaseFen: 600, per100KmFen: 80, crossRegionFen: 400, splitParcelFen: 500, promiseRiskFen: 1500,
  promiseHours: 24, handlingHours: 6, kmPerHour: 60,
};

/** Where a region's parcels go when the order carries no coordinates: a city standing for the region. */
export const REGION_CENTRES: Readonly<Record<string, { lat: number; lng: number }>> = {
  华东: { lat: 31.2304, lng: 121.4737 }, 华南: { lat: 23.1291, lng: 113.2644 }, 西南: { lat: 30.5728, lng: 104.0668 },
  华北: { lat: 39.9042, lng: 116.4074 }, 华中: { lat: 30.5928, lng: 114.3055 }, 西北: { lat: 34.3416, lng: 108.9398 },
  东北: { lat: 41.8057, lng: 123.4315 },
};

export interface Parcel {
  warehouseId: number;
  warehouseCode: string;
  lines: AllocationLine[];
  km: number;
  inRegion: boolean;
  transitHours: number;
  costFen: number;
}

export interface AllocationPlan {
  parcels: Parcel[];
  /** Units shipped from a warehouse in the destination region. */
  inRegionUnits: number;
  totalKm: number;
  costFen: number;
  /** Smallest priority number among the warehouses used. */
  priority: number;
}

export const ALLOCATION_RULES = ['in-region stock', 'fewest parcels', 'nearest', 'cheapest', 'warehouse priority'] as const;
export type AllocationRule = (typeof ALLOCATION_RULES)[number];

export interface AllocationDecision {
  plan: AllocationPlan | null;
  /** The first rule that separated the chosen plan from the runner-up ('only option' if none). */
  rule: AllocationRule | 'only option' | 'no stock';
  reason: string;
  /** Every feasible plan, best first (for display and re-allocation). */
  ranked: AllocationPlan[];
}

export interface AllocateInput {
  lines: AllocationLine[];
  destRegion: string | null;
  dest?: { lat: number; lng: number } | null;
  warehouses: AllocationWarehouse[];
  allowSplit: boolean;
  /** Warehouses that cannot ship now (re-allocation). */
  exclude?: ReadonlySet<number>;
  costModel?: CostModel;
}

function kmBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  return haversineMatrix([a.lat, b.lat], [a.lng, b.lng])[1]! / 1000;
}

function parcelOf(w: AllocationWarehouse, lines: AllocationLine[], destRegion: string | null, dest: { lat: number; lng: number } | null, m: CostModel): Parcel {
  const km = dest && w.lat !== null && w.lng !== null ? kmBetween({ lat: w.lat, lng: w.lng }, dest) : w.region === destRegion ? 0 : 1000;
  const inRegion = destRegion !== null && w.region === destRegion;
  const transitHours = m.handlingHours + km / m.kmPerHour;
  const costFen = Math.round(m.parcelBaseFen + (m.per100KmFen * km) / 100 + (inRegion ? 0 : m.crossRegionFen)
    + (transitHours > m.promiseHours ? m.promiseRiskFen : 0));
  return { warehouseId: w.id, warehouseCode: w.code, lines, km: Math.round(km * 10) / 10, inRegion, transitHours: Math.round(transitHours * 10) / 10, costFen };
}

/** Rule-by-rule comparison; returns the first rule where a and b differ (negative: a first). */
function compare(a: AllocationPlan, b: AllocationPlan): [number, AllocationRule | null] {
  const keys: [AllocationRule, number][] = [
    ['in-region stock', b.inRegionUnits - a.inRegionUnits],
    ['fewest parcels', a.parcels.length - b.parcels.length],
    ['nearest', Math.round(a.totalKm) - Math.round(b.totalKm)],
    ['cheapest', a.costFen - b.costFen],
    ['warehouse priority', a.priority - b.priority],
  ];
  for (const [rule, d] of keys) if (d !== 0) return [d, rule];
  return [0, null];
}

function subsets<T>(xs: T[], k: number): T[][] {
  if (k === 0) return [[]];
  return xs.flatMap((x, i) => subsets(xs.slice(i + 1), k - 1).map((s) => [x, ...s]));
}

export function allocateOrder(input: AllocateInput): AllocationDecision {
  const m = input.costModel ?? DEFAULT_COST_MODEL;
  const dest = input.dest ?? (input.destRegion ? REGION_CENTRES[input.destRegion] ?? null : null);
  const usable = input.warehouses.filter((w) => !input.exclude?.has(w.id));
  const covers = (w: AllocationWarehouse, l: AllocationLine) => (w.available.get(l.skuId) ?? 0) >= l.quantity;
  const plans: AllocationPlan[] = [];
  const maxParcels = input.allowSplit ? Math.min(3, input.lines.length) : 1;
  const seen = new Set<string>();
  for (let k = 1; k <= maxParcels; k++) {
    for (const set of subsets(usable, k)) {
      // Each line goes to the first warehouse of the set (in rule order: in-region, nearest) that covers it.
      const parcelsBy = new Map<number, AllocationLine[]>();
      const byPreference = set.map((w) => parcelOf(w, [], input.destRegion, dest, m))
        .sort((p, q) => Number(q.inRegion) - Number(p.inRegion) || p.km - q.km || p.warehouseId - q.warehouseId);
      let ok = true;
      for (const l of input.lines) {
        const w = byPreference.map((p) => set.find((s) => s.id === p.warehouseId)!).find((s) => covers(s, l));
        if (!w) { ok = false; break; }
        parcelsBy.set(w.id, [...(parcelsBy.get(w.id) ?? []), l]);
      }
      // A set whose warehouses do not all get a line is a smaller set, already counted.
      if (!ok || parcelsBy.size !== set.length) continue;
      const key = [...parcelsBy.keys()].sort((a, b) => a - b).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      const parcels = set.filter((w) => parcelsBy.has(w.id)).map((w) => parcelOf(w, parcelsBy.get(w.id)!, input.destRegion, dest, m));
      plans.push({
        parcels,
        inRegionUnits: parcels.filter((p) => p.inRegion).reduce((s, p) => s + p.lines.reduce((t, l) => t + l.quantity, 0), 0),
        totalKm: Math.round(parcels.reduce((s, p) => s + p.km, 0) * 10) / 10,
        costFen: parcels.reduce((s, p) => s + p.costFen, 0) + m.splitParcelFen * (parcels.length - 1),
        priority: Math.min(...set.map((w) => w.priority ?? 100)),
      });
    }
  }
  const ranked = plans.sort((a, b) => compare(a, b)[0] || a.parcels[0]!.warehouseId - b.parcels[0]!.warehouseId);
  if (ranked.length === 0) {
    return { plan: null, rule: 'no stock', reason: input.allowSplit ? 'no warehouse (or set of up to three) has every line in stock' : 'no single warehouse has every line in stock and splitting is not allowed', ranked };
  }
  const best = ranked[0]!;
  const where = best.parcels.map((p) => `${p.warehouseCode}${p.inRegion ? '（区内）' : ''} ${p.km} km`).join(' + ');
  if (ranked.length === 1) return { plan: best, rule: 'only option', reason: `only ${where} can ship every line; cost ${best.costFen} fen`, ranked };
  const [, rule] = compare(best, ranked[1]!);
  const runner = ranked[1]!.parcels.map((p) => p.warehouseCode).join(' + ');
  const why: Record<AllocationRule, string> = {
    'in-region stock': `${best.inRegionUnits} units ship from the destination region (vs ${ranked[1]!.inRegionUnits} from ${runner})`,
    'fewest parcels': `${best.parcels.length} parcel(s) (vs ${ranked[1]!.parcels.length} from ${runner})`,
    nearest: `${best.totalKm} km (vs ${ranked[1]!.totalKm} km from ${runner})`,
    cheapest: `${best.costFen} fen (vs ${ranked[1]!.costFen} fen from ${runner})`,
    'warehouse priority': `priority ${best.priority} (vs ${ranked[1]!.priority} for ${runner})`,
  };
  return { plan: best, rule: rule ?? 'warehouse priority', reason: `${where}: ${rule ? why[rule] : 'tie on every rule, lowest warehouse id'}; cost ${best.costFen} fen`, ranked };
}
