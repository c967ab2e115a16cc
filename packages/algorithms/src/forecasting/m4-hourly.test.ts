// M4 Hourly (414 series, h = 48, m = 24) — the set where the seasonality test and multiplicative
// decomposition matter — against the published scores in /work/shared/data/m4/REFERENCE.md.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mase, owa, smape } from './accuracy.js';
import { ses } from './exponential-smoothing.js';
import { naive, naive2, seasonalNaive } from './naive.js';
import { theta } from './theta.js';
import type { Forecast } from './types.js';

const dir = new URL('../../../../../shared/data/m4/', import.meta.url);
const read = (f: string) => gunzipSync(readFileSync(new URL(f, dir))).toString('utf8').trim().split('\n').slice(1)
  .map((l) => l.split(',').slice(1).map((c) => c.replaceAll('"', '')).filter((c) => c !== '').map(Number));
const train = read('Hourly-train.csv.gz');
const test = read('Hourly-test.csv.gz');
const H = 48;
const M = 24;

function score(model: (y: number[], h: number) => Forecast): { smape: number; mase: number } {
  let s = 0;
  let q = 0;
  train.forEach((y, i) => {
    const f = model(y, H).mean;
    s += smape(test[i]!, f);
    q += mase(y, test[i]!, f, M);
  });
  return { smape: s / train.length, mase: q / train.length };
}

describe('M4 Hourly', () => {
  const n2 = score((y, h) => naive2(y, h, { seasonLength: M }));

  // Published sMAPE / MASE / OWA; held to the third decimal (|x − published| < 0.0005, OWA < 0.001
  // because OWA is published from rounded-at-source averages and ours is 0.62745 for sNaive).
  it.each([
    ['Naive1', (y: number[], h: number) => naive(y, h), [43.003, 11.608, 3.593]],
    ['sNaive', (y: number[], h: number) => seasonalNaive(y, h, { seasonLength: M }), [13.912, 1.193, 0.627]],
    ['Naive2', (y: number[], h: number) => naive2(y, h, { seasonLength: M }), [18.383, 2.395, 1.0]],
  ] as const)('%s matches the published scores to three decimals', (_name, model, [ps, pm, po]) => {
    const r = score(model);
    expect(r.smape).toBeCloseTo(ps, 3);
    expect(r.mase).toBeCloseTo(pm, 3);
    expect(Math.abs(owa(r.smape, r.mase, n2.smape, n2.mase) - po)).toBeLessThan(0.001);
  });

  // Ours vs published: SES 18.093 / 2.385 / 0.990 vs 18.094 / 2.385 / 0.990;
  // Theta 18.136 / 2.454 / 1.006 vs 18.138 / 2.455 / 1.006. Held to OWA ±0.005, sMAPE ±0.05.
  // (Holt, Damped and Comb are in the benchmark only: our Holt fits better than the organisers'
  // R runs — 20.98 / 3.66 / 1.33 vs published 29.25 / 9.36 / 2.75 — see the benchmark notes.)
  it.each([
    ['SES', (y: number[], h: number) => ses(y, h, { seasonLength: M }), [18.094, 2.385, 0.99]],
    ['Theta', (y: number[], h: number) => theta(y, h, { seasonLength: M }), [18.138, 2.455, 1.006]],
  ] as const)('%s is within tolerance of the published scores', (_name, model, [ps, pm, po]) => {
    const r = score(model);
    expect(Math.abs(r.smape - ps)).toBeLessThan(0.05);
    expect(Math.abs(r.mase - pm)).toBeLessThan(0.005);
    expect(Math.abs(owa(r.smape, r.mase, n2.smape, n2.mase) - po)).toBeLessThan(0.005);
  });
});
