import { describe, expect, it } from 'vitest';
import { prorate, prorateInto } from './prorate.js';
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

  it('splits exactly as the plain largest-remainder method, ties and long splits included', () => {
    // The method written plainly (the implementation before the allocation-free one): floors,
    // then the left-over units to the largest remainders, ties to the earlier part.
    const reference = (amount: number, w: readonly number[]) => {
      const total = w.reduce((s, x) => s + x, 0);
      const parts = w.map((x) => Math.floor((amount * x) / total));
      let left = amount - parts.reduce((s, p) => s + p, 0);
      const order = w.map((x, i) => ({ i, rem: (amount * x) / total - parts[i]! })).sort((a, b) => b.rem - a.rem || a.i - b.i);
      for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]!.i]! += 1;
      return parts;
    };
    const rng = createRng(11);
    const rnd = (n: number) => Math.floor(rng.next() * n);
    const out: number[] = [];
    const differ: number[] = [];
    let withLeftOver = 0;
    for (let k = 0; k < 6_000; k++) {
      // Mostly short splits (insertion order), some over 256 parts (the sorted order).
      const n = k % 200 === 0 ? 257 + rnd(200) : 1 + rnd(k % 10 === 0 ? 120 : 12);
      // Equal weights (ties), small weights, and amounts in fen up to ¥100,000 over weights up to ¥50,000.
      const w = Array.from({ length: n }, () => (k % 3 === 0 ? 1 + rnd(3) : 1 + rnd(k % 2 ? 100 : 5_000_000)));
      const amount = rnd(k % 4 === 0 ? 50 : 10_000_000);
      const want = reference(amount, w);
      prorateInto(amount, w, n, out);
      if (out.slice(0, n).some((x, j) => x !== want[j]) || prorate(amount, w).some((x, j) => x !== want[j])) differ.push(k);
      if (want.some((x, i) => x !== Math.floor((amount * w[i]!) / w.reduce((a, b) => a + b, 0)))) withLeftOver++;
    }
    expect(differ).toEqual([]);
    // Most cases had units left over after the floors, so the remainder order was exercised.
    expect(withLeftOver).toBeGreaterThan(3_000);
  });

  it('prorateInto reads only the first n weights and writes only the first n parts', () => {
    const out = [9, 9, 9, 9];
    prorateInto(100, [1, 1, 1, 50], 3, out);
    expect(out).toEqual([34, 33, 33, 9]);
  });
});
