// M4 Weekly reproduction (359 series, h = 13, MASE m = 1) against the published benchmark scores in
// /work/shared/data/m4/REFERENCE.md (official "Evaluation and Ranks.xlsx", Mcompetitions/M4-methods @ 6c1067e5).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mase, owa, smape } from './accuracy.js';
import { comb, damped, holt, ses } from './exponential-smoothing.js';
import { naive, naive2, seasonalNaive } from './naive.js';
import { theta } from './theta.js';
import type { Forecast } from './types.js';

const dir = new URL('../../../../../shared/data/m4/', import.meta.url);

function readM4(file: string): number[][] {
  const text = gunzipSync(readFileSync(new URL(file, dir))).toString('utf8');
  return text.trim().split('\n').slice(1).map((line) =>
    line.split(',').slice(1).map((c) => c.replaceAll('"', '')).filter((c) => c !== '').map(Number));
}

const train = readM4('Weekly-train.csv.gz');
const test = readM4('Weekly-test.csv.gz');
const H = 13;
const M = 1;

const models: [string, (y: number[], h: number) => Forecast, [number, number, number]][] = [
  ['SES', ses, [9.012, 2.685, 0.975]],
  ['Holt', holt, [9.708, 2.42, 0.966]],
  ['Damped', damped, [8.866, 2.404, 0.917]],
  ['Theta', theta, [9.093, 2.637, 0.971]],
  ['Comb', comb, [8.944, 2.432, 0.926]],
];

// Forecasts are kept by model so Comb can be scored from SES, Holt and Damped without refitting
// (comb() itself is checked against that mean in models.test.ts) — it keeps this file near 5 s.
const cache = new Map<string, number[][]>();

function score(name: string, model: (y: number[], h: number) => Forecast): { smape: number; mase: number } {
  const forecasts = name === 'Comb'
    ? ['SES', 'Holt', 'Damped'].map((k) => cache.get(k) ?? train.map((y) => models.find(([n]) => n === k)![1](y, H).mean))
      .reduce((acc, fs) => acc.map((f, i) => f.map((v, j) => v + fs[i]![j]! / 3)), train.map(() => new Array<number>(H).fill(0)))
    : train.map((y) => model(y, H).mean);
  cache.set(name, forecasts);
  let s = 0;
  let m = 0;
  forecasts.forEach((f, i) => {
    s += smape(test[i]!, f);
    m += mase(train[i]!, test[i]!, f, M);
  });
  return { smape: s / train.length, mase: m / train.length };
}

describe('M4 Weekly', () => {
  const n2 = score('Naive2', (y, h) => naive2(y, h, { seasonLength: M }));

  it('has 359 series of horizon 13', () => {
    expect(train.length).toBe(359);
    expect(test.every((t) => t.length === H)).toBe(true);
  });

  // Published: Naive1 = sNaive = Naive2 = 9.161 / 2.777 / 1.000 (Weekly has m = 1, so all three
  // coincide). REFERENCE.md reports Naive1 already reproduced to three decimals; we hold all three
  // to half a unit in the third decimal (|x − published| < 0.0005).
  it.each([
    ['Naive1', (y: number[], h: number) => naive(y, h)],
    ['sNaive', (y: number[], h: number) => seasonalNaive(y, h, { seasonLength: M })],
    ['Naive2', (y: number[], h: number) => naive2(y, h, { seasonLength: M })],
  ])('%s matches the published scores to three decimals', (name, model) => {
    const r = score(name, model);
    expect(r.smape).toBeCloseTo(9.161, 3);
    expect(r.mase).toBeCloseTo(2.777, 3);
    expect(owa(r.smape, r.mase, n2.smape, n2.mase)).toBeCloseTo(1, 3);
  });

  // Published figures vs ours (sMAPE / MASE / OWA), all 359 series:
  //   SES    9.012 / 2.685 / 0.975   ours 9.011 / 2.684 / 0.975
  //   Holt   9.708 / 2.420 / 0.966   ours 9.547 / 2.410 / 0.955
  //   Damped 8.866 / 2.404 / 0.917   ours 8.908 / 2.406 / 0.919
  //   Theta  9.093 / 2.637 / 0.971   ours 9.093 / 2.637 / 0.971
  //   Comb   8.944 / 2.432 / 0.926   ours 8.914 / 2.431 / 0.924
  // The organisers' R benchmark code fits these with the forecast package (ets by optim's Nelder–Mead
  // from its own start values, as we understand it); we minimise the same least-squares criterion
  // within the same bounds with our own Nelder–Mead, so where the likelihood surface is flat (Holt
  // on long trending series) a few series land on a different optimum. Tolerances: OWA ±0.015, sMAPE ±0.2, MASE ±0.02 — Holt's sMAPE gap (0.16)
  // is the widest; SES and Theta agree to the third decimal.
  it.each(models)('%s is within tolerance of the published scores', (name, model, [pSmape, pMase, pOwa]) => {
    const r = score(name, model);
    expect(Math.abs(r.smape - pSmape)).toBeLessThan(0.2);
    expect(Math.abs(r.mase - pMase)).toBeLessThan(0.02);
    expect(Math.abs(owa(r.smape, r.mase, n2.smape, n2.mase) - pOwa)).toBeLessThan(0.015);
  });
});
