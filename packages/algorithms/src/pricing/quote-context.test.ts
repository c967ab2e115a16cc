import { describe, expect, it } from 'vitest';
import { prorate } from '../shared/prorate.js';
import { prorateInto } from './quote-context.js';

describe('prorateInto', () => {
  it('splits exactly as prorate does, ties and uneven remainders included', () => {
    // A fixed LCG (high bits) so the cases are the same every run.
    let s = 7;
    const rnd = (n: number) => { s = (s * 1103515245 + 12345) % 2 ** 31; return Math.floor((s / 2 ** 31) * n); };
    const out: number[] = [];
    let withLeftOver = 0;
    const differ: number[] = [];
    for (let k = 0; k < 6_000; k++) {
      // Mostly short splits (insertion order), some long ones (over 256 parts: the sorted order).
      const n = k % 200 === 0 ? 257 + rnd(200) : 1 + rnd(k % 10 === 0 ? 120 : 12);
      // Equal weights (ties), small weights, and amounts in fen up to ¥100,000 over weights up to ¥50,000.
      const w = Array.from({ length: n }, () => (k % 3 === 0 ? 1 + rnd(3) : 1 + rnd(k % 2 ? 100 : 5_000_000)));
      const amount = rnd(k % 4 === 0 ? 50 : 10_000_000);
      const want = prorate(amount, w);
      prorateInto(amount, w, n, out);
      for (let j = 0; j < n; j++) if (out[j] !== want[j]) { differ.push(k); break; }
      if (want.some((x, i) => x !== Math.floor((amount * w[i]!) / w.reduce((a, b) => a + b, 0)))) withLeftOver++;
    }
    expect(differ).toEqual([]);
    // Most cases had units left over after the floors, so the remainder order was exercised.
    expect(withLeftOver).toBeGreaterThan(3_000);
  });
  it('reads only the first n weights', () => {
    const out = [9, 9, 9, 9];
    prorateInto(100, [1, 1, 1, 50], 3, out);
    expect(out).toEqual([34, 33, 33, 9]);
  });
});
