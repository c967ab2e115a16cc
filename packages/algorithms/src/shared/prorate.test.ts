import { describe, expect, it } from 'vitest';
import { prorate } from './prorate.js';
import { createRng } from './rng.js';

describe('prorate', () => {
  it('splits by weight with the remainder to the largest fractional parts', () => {
    expect(prorate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(prorate(1000, [500, 300, 200])).toEqual([500, 300, 200]);
    expect(prorate(10, [1, 2])).toEqual([3, 7]);
  });

  it('keeps the sign of a negative amount', () => {
    expect(prorate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });

  it('always sums to the amount (seeded sweep)', () => {
    const rng = createRng(7);
    const rand = () => rng.next();
    for (let t = 0; t < 500; t++) {
      const n = 1 + Math.floor(rand() * 8);
      const weights = Array.from({ length: n }, () => Math.floor(rand() * 10_000));
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      const amount = Math.floor(rand() * 1_000_000) - 100_000;
      const parts = prorate(amount, weights);
      expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
      const total = weights.reduce((s, w) => s + w, 0);
      parts.forEach((p, i) => expect(Math.abs(p - (amount * weights[i]!) / total)).toBeLessThan(1));
    }
  });

  it('rejects what it cannot split', () => {
    expect(() => prorate(1.5, [1])).toThrow(/integer/);
    expect(() => prorate(5, [])).toThrow(/no parts/);
    expect(() => prorate(5, [0, 0])).toThrow(/sum to zero/);
    expect(() => prorate(5, [1, -1])).toThrow(/weight 1/);
    expect(prorate(0, [])).toEqual([]);
  });
});
