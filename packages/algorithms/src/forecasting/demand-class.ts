// Demand classification of Syntetos, Boylan & Croston (2005): the average inter-demand interval (ADI)
// and the squared coefficient of variation of the non-zero demand sizes (CV²), with their cut-offs
// 1.32 and 0.49, sort a demand series into smooth, erratic, intermittent or lumpy.
import { assertNonNegative, assertSeries } from './validate.js';

export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy' | 'none';

export interface DemandClassification {
  class: DemandClass;
  /** Periods per non-zero demand: n / (number of periods with y > 0); Infinity when there is none. */
  adi: number;
  /** (σ / μ)² of the non-zero sizes, population σ; 0 with fewer than two demands. */
  cv2: number;
  /** Periods with y > 0. */
  demands: number;
}

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

/**
 * ADI < 1.32 and CV² < 0.49 → smooth; ADI < 1.32, CV² ≥ 0.49 → erratic; ADI ≥ 1.32, CV² < 0.49 →
 * intermittent; both at or above → lumpy; no demand at all → none.
 */
export function classifyDemand(y: readonly number[]): DemandClassification {
  assertSeries('classifyDemand', y);
  assertNonNegative('classifyDemand', y);
  const sizes = y.filter((v) => v > 0);
  if (sizes.length === 0) return { class: 'none', adi: Infinity, cv2: 0, demands: 0 };
  const adi = y.length / sizes.length;
  const mean = sizes.reduce((s, v) => s + v, 0) / sizes.length;
  const variance = sizes.reduce((s, v) => s + (v - mean) ** 2, 0) / sizes.length;
  const cv2 = variance / (mean * mean);
  const frequent = adi < ADI_CUTOFF;
  const steady = cv2 < CV2_CUTOFF;
  const cls: DemandClass = frequent ? (steady ? 'smooth' : 'erratic') : steady ? 'intermittent' : 'lumpy';
  return { class: cls, adi, cv2, demands: sizes.length };
}
