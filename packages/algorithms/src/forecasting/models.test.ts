import { describe, expect, it } from 'vitest';
import { fitAdditiveSmoothing } from './additive-smoothing.js';
import { comb, damped, holt, ses } from './exponential-smoothing.js';
import { naive, naive2, seasonalNaive } from './naive.js';
import { nelderMead } from './nelder-mead.js';
import { acf, multiplicativeSeasonalIndices, seasonalityTest } from './seasonality.js';
import { theta } from './theta.js';

// A multiplicative seasonal series: trend 100 + t times a fixed 4-period pattern (mean 1).
const pattern = [1.2, 0.8, 1.1, 0.9];
const seasonalY = Array.from({ length: 40 }, (_, t) => (100 + t) * pattern[t % 4]!);

describe('naive benchmarks', () => {
  it('Naive1 repeats the last value; seasonal naive the last season', () => {
    expect(naive([1, 2, 3], 2).mean).toEqual([3, 3]);
    expect(seasonalNaive([1, 2, 3, 4, 5], 5, { seasonLength: 2 }).mean).toEqual([4, 5, 4, 5, 4]);
    expect(seasonalNaive([1, 2, 3], 2).mean).toEqual([3, 3]);
  });

  it('Naive2 equals Naive1 when the series is not seasonal', () => {
    const y = [5, 6, 5, 7, 6, 8, 7, 9];
    expect(naive2(y, 3, { seasonLength: 1 })).toEqual({ mean: [9, 9, 9], seasonal: false });
  });

  it('Naive2 reseasonalises the last adjusted level with the cycle that follows', () => {
    const r = naive2(seasonalY, 4, { seasonLength: 4 });
    expect(r.seasonal).toBe(true);
    // Last point t = 39 is position 3 (index ≈ 0.9); its adjusted value ≈ 139, then positions 0..3.
    r.mean.forEach((v, i) => expect(v / (139 * pattern[i]!)).toBeCloseTo(1, 2));
  });

  it('rejects bad input', () => {
    expect(() => naive([], 1)).toThrow(/at least 1/);
    expect(() => naive([1, Infinity], 1)).toThrow(/finite/);
    expect(() => seasonalNaive([1, 2], 1, { seasonLength: 3 })).toThrow(/at least 3/);
    expect(() => naive2([1, 2], 1.5)).toThrow(/h must be/);
  });
});

describe('seasonality', () => {
  it('acf of an alternating series is −1 at lag 1 (scaled by n as R does)', () => {
    expect(acf([1, -1, 1, -1], 1)[0]).toBeCloseTo(-0.75, 12);
  });

  it('detects the pattern and recovers its indices', () => {
    expect(seasonalityTest(seasonalY, 4)).toBe(true);
    expect(seasonalityTest(seasonalY, 1)).toBe(false);
    expect(seasonalityTest(seasonalY.slice(0, 11), 4)).toBe(false);
    multiplicativeSeasonalIndices(seasonalY, 4).forEach((v, i) => expect(v).toBeCloseTo(pattern[i]!, 2));
  });
});

describe('smoothing and theta', () => {
  it('Nelder–Mead finds the minimum of a shifted quadratic', () => {
    const r = nelderMead((x) => (x[0]! - 3) ** 2 + 10 * (x[1]! + 1) ** 2, [0, 0], { step: [1, 1] });
    expect(r.x[0]).toBeCloseTo(3, 4);
    expect(r.x[1]).toBeCloseTo(-1, 4);
  });

  it('a straight line: Holt extrapolates it, Theta is SES (at the last value) plus half the slope', () => {
    const line = Array.from({ length: 30 }, (_, t) => 10 + 2 * t);
    holt(line, 3).mean.forEach((v, i) => expect(v).toBeCloseTo(70 + 2 * i, 3));
    // θ = 2 line equals the data, SES on it ends at 68 (α → 1): ½(70 + 2i) + ½·68.
    theta(line, 3).mean.forEach((v, i) => expect(v).toBeCloseTo(69 + i, 3));
    const fit = fitAdditiveSmoothing(line, 'linear');
    expect(fit.sse).toBeLessThan(1e-6);
  });

  it('SES is flat, Damped flattens, Comb is their mean with Holt, bounds hold', () => {
    const y = [12, 15, 11, 16, 14, 18, 17, 21, 19, 23, 22, 25];
    const s = ses(y, 5);
    expect(new Set(s.mean).size).toBe(1);
    expect(s.fit.alpha).toBeGreaterThanOrEqual(1e-4);
    expect(s.fit.alpha).toBeLessThanOrEqual(0.9999);
    const d = damped(y, 5);
    expect(d.fit.phi).toBeGreaterThanOrEqual(0.8);
    expect(d.fit.phi).toBeLessThanOrEqual(0.98);
    expect(d.fit.beta).toBeLessThanOrEqual(d.fit.alpha);
    const steps = d.mean.slice(1).map((v, i) => v - d.mean[i]!);
    steps.slice(1).forEach((st, i) => expect(Math.abs(st)).toBeLessThanOrEqual(Math.abs(steps[i]!) + 1e-12));
    const h = holt(y, 5).mean;
    comb(y, 5).mean.forEach((v, i) => expect(v).toBeCloseTo((s.mean[i]! + h[i]! + d.mean[i]!) / 3, 9));
  });
});
