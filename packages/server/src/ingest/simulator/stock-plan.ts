import { lifecycle, type SimCatalog } from './catalog-generator.js';
import { CATEGORIES } from './catalog-data.js';
import type { OrderEvent } from './order-events.js';
import { PROVINCES } from './people-data.js';
import type { Calendar } from './store-calendar.js';
import { WAREHOUSES, warehousePreference } from './warehouse-specs.js';

/** Average units in an order (lines × quantity), what the buyers plan with. */
const UNITS_PER_ORDER = 2;

/**
 * The demand plan replenishment works from: expected units per (warehouse, SKU, day) from the
 * calendar-driven order volume, the SKU's lifecycle share and the warehouse's catchment.
 */
export function stockPlan(cal: Calendar, catalog: SimCatalog, events: readonly OrderEvent[]): (w: number, s: number, day: number) => number {
  const n = cal.dates.length;
  const perDay = new Float64Array(n);
  for (const e of events) perDay[e.day]! += 1;
  // A week's average, as a planner would smooth it.
  const smooth = Float64Array.from(perDay, (_, d) => {
    let s = 0;
    let k = 0;
    for (let j = Math.max(0, d - 3); j <= Math.min(n - 1, d + 3); j++, k++) s += perDay[j]!;
    return s / k;
  });
  const months = cal.dates.map((d) => Number(d.slice(5, 7)));
  const weight = (s: number, d: number) => {
    const p = catalog.products[catalog.skus[s]!.product]!;
    return lifecycle(p, d, months[d]!, CATEGORIES[p.category]!.season);
  };
  const totals = Float64Array.from({ length: n }, (_, d) => catalog.skus.reduce((sum, _s, s) => sum + weight(s, d), 0));
  const total = PROVINCES.reduce((s, p) => s + p.weight, 0);
  const catchment = WAREHOUSES.map((_, w) => PROVINCES.filter((p) => warehousePreference(p.region)[0] === w).reduce((s, p) => s + p.weight, 0) / total);
  return (w, s, day) => {
    if (totals[day]! === 0) return 0;
    const units = (smooth[day]! * UNITS_PER_ORDER * weight(s, day)) / totals[day]!;
    if (!catalog.skus[s]!.regional) return w === 0 ? units : 0;
    return units * catchment[w]!;
  };
}
