import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mase, owa, smape } from './accuracy.js';
import { ets } from './ets.js';
import { ses } from './exponential-smoothing.js';
import { naive2 } from './naive.js';

describe('ets (AICc selection)', () => {
  it('picks a trended model for a noisy line and extrapolates it', () => {
    const y = Array.from({ length: 40 }, (_, t) => 50 + 3 * t + (t % 2 ? 0.5 : -0.5));
    const r = ets(y, 4);
    expect(r.method).toMatch(/,A,|,Ad,/);
    r.mean.forEach((v, i) => expect(Math.abs(v - (50 + 3 * (40 + i)))).toBeLessThan(1.5));
  });

  it('picks a seasonal model for a multiplicative seasonal series', () => {
    const pattern = [1.3, 0.7, 1.1, 0.9];
    const y = Array.from({ length: 48 }, (_, t) => (200 + 2 * t) * pattern[t % 4]! * (1 + 0.01 * Math.sin(t)));
    const r = ets(y, 4, { seasonLength: 4 });
    expect(r.method).toMatch(/,[AM]\)$/);
    r.mean.forEach((v, i) => expect(v / ((200 + 2 * (48 + i)) * pattern[i]!)).toBeCloseTo(1, 1));
  });

  it('ETS(A,N,N) minimises the same criterion as SES', () => {
    const y = [12, 15, 11, 16, 14, 18, 17, 21, 19, 23, 22, 25, 24, 22, 26];
    expect(ets(y, 1, { model: 'ANN' }).mean[0]).toBeCloseTo(ses(y, 1).mean[0]!, 2);
  });

  it('keeps multiplicative forms to positive data and validates', () => {
    const y = [3, -1, 4, 1, -5, 9, 2, 6, -5, 3, 5];
    expect(Object.keys(ets(y, 2).candidates).every((k) => k.startsWith('ETS(A'))).toBe(true);
    expect(() => ets(y, 2, { model: 'MNN' })).toThrow(/no model/);
    expect(() => ets(y, 2, { model: 'XYZ' })).toThrow(/model must/);
    expect(() => ets([1, 2], 2)).toThrow(/at least 3/);
  });

  // No published ETS point-forecast scores are recorded (REFERENCE.md: not in the workbook), so this
  // pins our own figures on a fixed subset (every 12th Weekly series, 30 series) to catch regressions.
  // Full Weekly (bench): sMAPE 8.638, MASE 2.509, OWA 0.923, ~10 series/s. Small subsets swing either
  // side of Naive2 (every 24th series: OWA 1.088), so no accuracy claim is made on the subset.
  it('M4 Weekly subset: regression figures', () => {
    const dir = new URL('../../../../../shared/data/m4/', import.meta.url);
    const read = (f: string) => gunzipSync(readFileSync(new URL(f, dir))).toString('utf8').trim().split('\n').slice(1)
      .map((l) => l.split(',').slice(1).map((c) => c.replaceAll('"', '')).filter((c) => c !== '').map(Number));
    const train = read('Weekly-train.csv.gz').filter((_, i) => i % 12 === 0);
    const test = read('Weekly-test.csv.gz').filter((_, i) => i % 12 === 0);
    const score = (fc: (y: number[]) => number[]) => {
      let s = 0;
      let q = 0;
      train.forEach((y, i) => {
        const f = fc(y);
        s += smape(test[i]!, f);
        q += mase(y, test[i]!, f, 1);
      });
      return [s / train.length, q / train.length] as const;
    };
    const [ns, nm] = score((y) => naive2(y, 13).mean);
    const [es, em] = score((y) => ets(y, 13).mean);
    // Deterministic fit, so held to ±0.005: sMAPE 6.405, MASE 3.123, OWA 0.988 vs Naive2 on the subset.
    expect(Math.abs(es - 6.405)).toBeLessThan(0.005);
    expect(Math.abs(em - 3.123)).toBeLessThan(0.005);
    expect(Math.abs(owa(es, em, ns, nm) - 0.988)).toBeLessThan(0.005);
  });
});
