// Inventory policy from a demand forecast: ABC × XYZ classes with a service level per class, safety
// stock from the forecast error over the lead time (and lead-time variability), reorder point,
// order-up-to level, EOQ, days of cover and the projected stockout day. Pure: quantities in units,
// money in integer minor units, time in days.
import { normalQuantile } from '../forecasting/normal.js';

export type AbcClass = 'A' | 'B' | 'C';
export type XyzClass = 'X' | 'Y' | 'Z';

export interface AbcThresholds {
  /** Cumulative value share that closes class A (default 0.8) and class B (default 0.95). */
  a: number;
  b: number;
}

export const DEFAULT_ABC: AbcThresholds = { a: 0.8, b: 0.95 };

/**
 * ABC by value share (GMV or margin): sort by value, descending (ties by key); an item is A while
 * the cumulative share of the items before it is below `a` (so the item that crosses 80% is still
 * A), B while below `b`, else C. Items with value ≤ 0 are C.
 */
export function abcClassify<K extends string | number>(items: readonly { key: K; value: number }[], t: AbcThresholds = DEFAULT_ABC): Map<K, AbcClass> {
  if (!(t.a > 0 && t.a < t.b && t.b <= 1)) throw new RangeError(`abcClassify: thresholds need 0 < a < b <= 1, got a=${t.a} b=${t.b}`);
  const total = items.reduce((s, i) => s + Math.max(0, i.value), 0);
  const sorted = [...items].sort((x, y) => y.value - x.value || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const out = new Map<K, AbcClass>();
  let before = 0;
  for (const item of sorted) {
    if (!(item.value > 0) || total === 0) out.set(item.key, 'C');
    else {
      const share = before / total;
      out.set(item.key, share < t.a ? 'A' : share < t.b ? 'B' : 'C');
      before += item.value;
    }
  }
  return out;
}

export interface XyzThresholds {
  /** Coefficient of variation of per-period demand that closes X (default 0.5) and Y (default 1.0). */
  x: number;
  y: number;
}

export const DEFAULT_XYZ: XyzThresholds = { x: 0.5, y: 1.0 };

/** Coefficient of variation (population σ / mean) of per-period demand; Infinity when the mean is 0. */
export function demandCv(periods: readonly number[]): number {
  if (periods.length === 0) throw new RangeError('demandCv: no periods');
  const mean = periods.reduce((s, v) => s + v, 0) / periods.length;
  if (mean === 0) return Infinity;
  const variance = periods.reduce((s, v) => s + (v - mean) ** 2, 0) / periods.length;
  return Math.sqrt(variance) / mean;
}

/** X: CV ≤ x (steady), Y: CV ≤ y (variable), Z: above (erratic or sporadic). */
export function xyzClass(cv: number, t: XyzThresholds = DEFAULT_XYZ): XyzClass {
  if (!(t.x > 0 && t.x < t.y)) throw new RangeError(`xyzClass: thresholds need 0 < x < y, got x=${t.x} y=${t.y}`);
  return cv <= t.x ? 'X' : cv <= t.y ? 'Y' : 'Z';
}

/** Cycle service level targets per ABC × XYZ cell (the probability of no stockout in a cycle). */
export type ServiceLevels = Record<`${AbcClass}${XyzClass}`, number>;

export const DEFAULT_SERVICE_LEVELS: ServiceLevels = {
  AX: 0.98, AY: 0.97, AZ: 0.95,
  BX: 0.96, BY: 0.95, BZ: 0.93,
  CX: 0.93, CY: 0.92, CZ: 0.9,
};

export interface PolicyInput {
  /** Forecast mean demand per day. */
  meanDailyDemand: number;
  /** Standard deviation of the one-day forecast error (from the backtest or the model's σ). */
  sigmaDailyDemand: number;
  leadTimeDays: number;
  /** Standard deviation of the lead time in days, when recorded; default 0. */
  leadTimeSdDays?: number;
  /** Days between reviews (the pipeline runs daily: 1); the order-up-to level covers L + R. */
  reviewPeriodDays?: number;
  /** Cycle service level in (0, 1). */
  serviceLevel: number;
  /** Units available now (on hand − reserved − buffer) and already on order. */
  available: number;
  onOrder?: number;
  /** Cost per order (minor units) and holding cost per unit per year (minor units): EOQ when both > 0. */
  orderCost?: number | null;
  holdingCostPerUnitYear?: number | null;
  /** Daily forecast path for the stockout date (defaults to the flat mean). */
  dailyForecast?: readonly number[];
}

export interface Policy {
  z: number;
  /** σ of demand over the lead time: √(L·σ_d² + d²·σ_L²). */
  sigmaLeadTime: number;
  safetyStock: number;
  /** d·L + safety stock. */
  reorderPoint: number;
  /** d·(L + R) + z·√((L + R)·σ_d² + d²·σ_L²). */
  orderUpTo: number;
  /** √(2·D·K / h) with D = 365·d, or null without costs. */
  eoq: number | null;
  /** available / d (null when there is no demand). */
  daysOfCover: number | null;
  /** Days from now until cumulative forecast demand exceeds what is available (null: not within the path / no demand). */
  stockoutInDays: number | null;
  /** Inventory position (available + on order) at or below the reorder point. */
  reorderNow: boolean;
  /** Suggested quantity: order-up-to − position (at least EOQ when known), 0 when not reordering. */
  suggestedQuantity: number;
}

export function inventoryPolicy(p: PolicyInput): Policy {
  const d = p.meanDailyDemand;
  const sd = p.sigmaDailyDemand;
  const L = p.leadTimeDays;
  const sL = p.leadTimeSdDays ?? 0;
  const R = p.reviewPeriodDays ?? 1;
  for (const [k, v] of Object.entries({ meanDailyDemand: d, sigmaDailyDemand: sd, leadTimeDays: L, leadTimeSdDays: sL, reviewPeriodDays: R })) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`inventoryPolicy: ${k} must be a finite number >= 0, got ${v}`);
  }
  if (!(p.serviceLevel > 0 && p.serviceLevel < 1)) throw new RangeError(`inventoryPolicy: serviceLevel must be in (0, 1), got ${p.serviceLevel}`);
  const z = normalQuantile(p.serviceLevel);
  const sigmaLeadTime = Math.sqrt(L * sd * sd + d * d * sL * sL);
  const safetyStock = Math.max(0, z * sigmaLeadTime);
  const reorderPoint = d * L + safetyStock;
  const P = L + R;
  const orderUpTo = d * P + Math.max(0, z * Math.sqrt(P * sd * sd + d * d * sL * sL));
  const K = p.orderCost ?? 0;
  const hc = p.holdingCostPerUnitYear ?? 0;
  const eoq = K > 0 && hc > 0 && d > 0 ? Math.sqrt((2 * 365 * d * K) / hc) : null;
  const daysOfCover = d > 0 ? Math.max(0, p.available) / d : null;
  let stockoutInDays: number | null = null;
  if (d > 0 || (p.dailyForecast && p.dailyForecast.some((v) => v > 0))) {
    const path = p.dailyForecast ?? [];
    let left = Math.max(0, p.available);
    const limit = path.length > 0 ? path.length : 3650;
    for (let day = 0; day < limit; day++) {
      left -= path.length > 0 ? path[day]! : d;
      if (left < 0) {
        stockoutInDays = day;
        break;
      }
    }
  }
  const position = p.available + (p.onOrder ?? 0);
  const reorderNow = d > 0 && position <= reorderPoint;
  const suggestedQuantity = reorderNow ? Math.max(Math.ceil(orderUpTo - position), eoq === null ? 0 : Math.ceil(eoq)) : 0;
  return { z, sigmaLeadTime, safetyStock, reorderPoint, orderUpTo, eoq, daysOfCover, stockoutInDays, reorderNow, suggestedQuantity };
}
