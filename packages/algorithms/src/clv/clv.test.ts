import { describe, expect, it } from 'vitest';
import { bgNbdConditionalExpectedPurchases } from './bg-nbd-predict.js';
import { churnRiskBand, customerLifetimeValue } from './clv.js';

// CDNOW parameters (Fader, Hardie & Lee 2005; BTYD vignette section 4.2 and lifetimes tests).
const bgNbd = { r: 0.2425982, alpha: 4.4136842, a: 0.7929899, b: 2.4261667 };
const gammaGamma = { p: 6.25, q: 3.74, gamma: 15.44 };
const summary = { x: [0, 2, 7], tx: [0, 30.43, 37], T: [38.86, 38.86, 38.86], zbar: [0, 22.35, 40] };

describe('customerLifetimeValue', () => {
  it('is expected purchases × expected spend × margin without discounting', () => {
    const r = customerLifetimeValue(summary, { bgNbd, gammaGamma, horizon: 52, margin: 0.3 });
    for (let i = 0; i < 3; i++) expect(r.clv[i]).toBeCloseTo(r.expectedPurchases[i]! * r.expectedSpend[i]! * 0.3, 10);
    expect(r.pAlive[0]).toBe(1);
  });

  it('discounting splits the horizon into periods whose purchases add up to the total', () => {
    const plain = customerLifetimeValue(summary, { bgNbd, gammaGamma, horizon: 52 });
    const zeroRate = customerLifetimeValue(summary, { bgNbd, gammaGamma, horizon: 52, periods: 12 });
    const discounted = customerLifetimeValue(summary, { bgNbd, gammaGamma, horizon: 52, periods: 12, discountRatePerPeriod: 0.01 });
    expect([...zeroRate.clv]).toEqual([...plain.clv]);
    // By hand for customer 1: Σ ΔE[Y] · (1.01)^−k · spend.
    let expected = 0;
    let prev = 0;
    for (let k = 1; k <= 12; k++) {
      const [e] = bgNbdConditionalExpectedPurchases(bgNbd, { x: [2], tx: [30.43], T: [38.86] }, (52 * k) / 12);
      expected += (e! - prev) * 1.01 ** -k;
      prev = e!;
    }
    expect(discounted.clv[1]).toBeCloseTo(expected * discounted.expectedSpend[1]!, 10);
    for (let i = 0; i < 3; i++) expect(discounted.clv[i]!).toBeLessThan(plain.clv[i]!);
  });

  it('takes fit results (with their extra fields) as parameters', () => {
    const fitLike = { ...bgNbd, logLikelihood: -9582.4, customers: 2357 };
    const ggFitLike = { ...gammaGamma, logLikelihood: -4000 };
    const r = customerLifetimeValue(summary, { bgNbd: fitLike, gammaGamma: ggFitLike, horizon: 52 });
    expect(r.clv[1]).toBeGreaterThan(0);
  });

  it('rejects bad options naming the field', () => {
    expect(() => customerLifetimeValue(summary, { bgNbd, gammaGamma, horizon: 52, margin: 1.5 })).toThrow(/margin must be in \[0, 1\]/);
    expect(() => customerLifetimeValue(summary, { bgNbd, gammaGamma, horizon: -1 })).toThrow(/horizon must be/);
    expect(() => customerLifetimeValue(summary, { bgNbd, gammaGamma, horizon: 5, periods: 0 })).toThrow(/periods must be an integer >= 1/);
  });
});

describe('churnRiskBand', () => {
  it('bands P(alive) at 0.75, 0.5 and 0.25', () => {
    expect([1, 0.75, 0.7499, 0.5, 0.4999, 0.25, 0.1, 0].map(churnRiskBand))
      .toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
    expect(() => churnRiskBand(1.2)).toThrow(/pAlive must be in \[0, 1\]/);
  });
});
