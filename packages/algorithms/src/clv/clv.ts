/**
 * Customer lifetime value from BG/NBD purchases × Gamma-Gamma spend, as in Fader, Hardie & Lee
 * (2005), "RFM and CLV", with optional per-period discounting; and churn-risk bands from P(alive).
 */
import type { BgNbdParams } from './bg-nbd.js';
import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from './bg-nbd-predict.js';
import { gammaGammaConditionalExpectedSpend, type GammaGammaParams } from './gamma-gamma.js';
import { requireNonNegative, type BtydSummary } from './validate.js';

export interface ClvOptions {
  bgNbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  /** Horizon in model time units (weeks when the summary is in weeks). */
  horizon: number;
  /** Share of GMV kept as margin, in [0, 1]; 1 (the default) gives CLV as GMV. */
  margin?: number;
  /** Discount rate per period (e.g. 0.01 a month); 0 (the default) means no discounting. */
  discountRatePerPeriod?: number;
  /** Number of equal periods the horizon is cut into for discounting (default 1). */
  periods?: number;
}

export interface ClvResult {
  pAlive: Float64Array;
  /** Expected repeat purchases in the horizon (undiscounted). */
  expectedPurchases: Float64Array;
  /** Expected spend per purchase. */
  expectedSpend: Float64Array;
  /** Expected (discounted) GMV × margin over the horizon. */
  clv: Float64Array;
}

export function customerLifetimeValue(summary: BtydSummary & { zbar: ArrayLike<number> }, options: ClvOptions): ClvResult {
  const { bgNbd, gammaGamma, horizon, margin = 1, discountRatePerPeriod = 0, periods = 1 } = options;
  requireNonNegative('customerLifetimeValue', 'horizon', horizon);
  if (!(margin >= 0 && margin <= 1)) throw new RangeError(`customerLifetimeValue: margin must be in [0, 1], got ${margin}`);
  if (!Number.isFinite(discountRatePerPeriod) || discountRatePerPeriod < 0) {
    throw new RangeError(`customerLifetimeValue: discountRatePerPeriod must be a finite number >= 0, got ${discountRatePerPeriod}`);
  }
  if (!Number.isInteger(periods) || periods < 1) throw new RangeError(`customerLifetimeValue: periods must be an integer >= 1, got ${periods}`);
  const pAlive = bgNbdProbabilityAlive(bgNbd, summary);
  const expectedPurchases = bgNbdConditionalExpectedPurchases(bgNbd, summary, horizon);
  const expectedSpend = gammaGammaConditionalExpectedSpend(gammaGamma, summary);
  const n = pAlive.length;
  // Discounted purchases: the purchases expected in period k, (E[Y(kh)] − E[Y((k−1)h)]), at (1+d)^−k.
  const discounted = new Float64Array(n);
  if (discountRatePerPeriod === 0) {
    discounted.set(expectedPurchases);
  } else {
    let previous: Float64Array = new Float64Array(n);
    for (let k = 1; k <= periods; k++) {
      const cumulative = k === periods ? expectedPurchases : bgNbdConditionalExpectedPurchases(bgNbd, summary, (horizon * k) / periods);
      const factor = Math.pow(1 + discountRatePerPeriod, -k);
      for (let i = 0; i < n; i++) discounted[i]! += (cumulative[i]! - previous[i]!) * factor;
      previous = cumulative;
    }
  }
  const clv = new Float64Array(n);
  for (let i = 0; i < n; i++) clv[i] = discounted[i]! * expectedSpend[i]! * margin;
  return { pAlive, expectedPurchases, expectedSpend, clv };
}

export type ChurnRiskBand = 'low' | 'medium' | 'high' | 'critical';

/**
 * Lower P(alive) bounds of each band, checked in order. The 0.5 cut matches the metric book's
 * "churned" (P(alive) < 0.5), so 'high' and 'critical' are the churned customers, and the
 * quarter steps split each side once so win-back plays can start before a customer is lost.
 */
export const CHURN_RISK_BANDS: readonly { band: ChurnRiskBand; minPAlive: number }[] = [
  { band: 'low', minPAlive: 0.75 },
  { band: 'medium', minPAlive: 0.5 },
  { band: 'high', minPAlive: 0.25 },
  { band: 'critical', minPAlive: 0 },
];

export function churnRiskBand(pAlive: number): ChurnRiskBand {
  if (!(pAlive >= 0 && pAlive <= 1)) throw new RangeError(`churnRiskBand: pAlive must be in [0, 1], got ${pAlive}`);
  return CHURN_RISK_BANDS.find((b) => pAlive >= b.minPAlive)!.band;
}
