import { describe, expect, it } from 'vitest';
import { assignVariant, bucketOf, hash53 } from './assign.js';
import { srmTest } from './stats.js';

describe('deterministic assignment', () => {
  it('hashes like the published cyrb53', () => {
    // Reference values: bryc's original cyrb53 (github.com/bryc/code, jshash/experimental/cyrb53.js), evaluated in Node, seed 0.
    expect(hash53('a')).toBe(7929297801672961);
    expect(hash53('revenue')).toBe(8309097637345594);
  });
  it('gives a unit the same variant every time and splits by weight', () => {
    const variants = [{ name: 'control', weight: 1 }, { name: 'B', weight: 1 }, { name: 'C', weight: 2 }];
    const counts = { control: 0, B: 0, C: 0 } as Record<string, number>;
    for (let u = 0; u < 20_000; u++) counts[assignVariant('price-test', `u${u}`, variants).name]! += 1;
    expect(assignVariant('price-test', 'u42', variants).name).toBe(assignVariant('price-test', 'u42', variants).name);
    // No sample-ratio mismatch against 1:1:2 (chi-square, as in srmTest).
    expect(srmTest([counts.control!, counts.B!, counts.C!], [1, 1, 2]).pValue).toBeGreaterThan(0.001);
    // Another experiment shuffles the units independently.
    let same = 0;
    for (let u = 0; u < 2000; u++) if ((bucketOf('a', `u${u}`) < 0.5) === (bucketOf('b', `u${u}`) < 0.5)) same++;
    expect(same / 2000).toBeGreaterThan(0.45);
    expect(same / 2000).toBeLessThan(0.55);
    expect(() => assignVariant('x', 'u', [])).toThrow('variants');
  });
});
