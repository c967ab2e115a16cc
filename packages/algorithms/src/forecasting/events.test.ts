import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/rng.js';
import { applyEventLifts, estimateEventLifts } from './events.js';

describe('promotion and holiday lifts', () => {
  it('a flat series doubled in event periods: raw ratio 2, shrunk by n/(n+k)', () => {
    // Hand computation: baseline of each event period = mean of the 4 plain periods before it = 100;
    // raw = (4 × 200) / (4 × 100) = 2; n = 4, k = 1 → 1 + 1 · 4/5 = 1.8; k = 0 keeps 2.
    const y = Array.from({ length: 48 }, (_, t) => (t % 10 === 0 && t > 0 ? 200 : 100));
    const ev = y.map((_, t) => (t % 10 === 0 && t > 0 ? ['A'] : []));
    const r = estimateEventLifts(y, ev);
    expect(r.lifts).toEqual([{ event: 'A', occurrences: 4, raw: 2, lift: 1.8 }]);
    expect(estimateEventLifts(y, ev, { shrinkage: 0 }).lifts[0]!.lift).toBe(2);
    expect(r.cleaned.every((v) => v === 100)).toBe(true);
    expect(r.baseline[10]).toBe(100);
    expect(r.baseline[11]).toBeNull();
  });

  it('recovers a known lift from a noisy trending series (seeded)', () => {
    // Truth: level 50 + 0.5t, ±10% uniform noise; 'promo' multiplies by 1.5 in 12 periods, '双11' by 3 once.
    const rng = createRng(6);
    const n = 104;
    const ev: string[][] = Array.from({ length: n }, (_, t) => (t >= 8 && t % 8 === 0 ? ['promo'] : t === 60 ? ['双11'] : []));
    const y = ev.map((e, t) => (50 + 0.5 * t) * (0.9 + 0.2 * rng.next()) * (e[0] === 'promo' ? 1.5 : e[0] === '双11' ? 3 : 1));
    const r = estimateEventLifts(y, ev);
    const promo = r.lifts.find((l) => l.event === 'promo')!;
    const d11 = r.lifts.find((l) => l.event === '双11')!;
    expect(promo.occurrences).toBe(12);
    // The trailing 4-period baseline lags the trend by 2.5 × 0.5 units (~1.5%), so raw is a little above 1.5.
    expect(promo.raw!).toBeGreaterThan(1.4);
    expect(promo.raw!).toBeLessThan(1.65);
    // One occurrence keeps half its effect: lift = 1 + (raw − 1)/2 ≈ 2.
    expect(d11.occurrences).toBe(1);
    expect(d11.lift).toBeCloseTo(1 + (d11.raw! - 1) / 2, 12);
    expect(d11.lift).toBeGreaterThan(1.8);
    expect(d11.lift).toBeLessThan(2.2);
    // The cleaned history has no spikes left: its largest ratio to the trend stays within the noise.
    expect(Math.max(...r.cleaned.map((v, t) => v / (50 + 0.5 * t)))).toBeLessThan(1.15);
  });

  it('applies the largest known lift per future period; unknown events do nothing', () => {
    const lifts = [{ event: 'A', occurrences: 4, raw: 2, lift: 1.8 }, { event: 'B', occurrences: 1, raw: 4, lift: 2.5 }];
    const r = applyEventLifts([10, 10, 10, 10], [[], ['A'], ['A', 'B'], ['C']], lifts);
    expect(r.lift).toEqual([1, 1.8, 2.5, 1]);
    expect(r.event).toEqual([null, 'A', 'B', null]);
    expect(r.forecast).toEqual([10, 18, 25, 10]);
    expect(r.base).toEqual([10, 10, 10, 10]);
  });

  it('uses later plain periods when none precede, and rejects mismatched inputs', () => {
    const r = estimateEventLifts([30, 10, 10], [['X'], [], []]);
    expect(r.lifts[0]).toEqual({ event: 'X', occurrences: 1, raw: 3, lift: 2 });
    expect(() => estimateEventLifts([1, 2], [[]])).toThrow(RangeError);
    expect(() => applyEventLifts([1], [[], []], [])).toThrow(RangeError);
  });
});
