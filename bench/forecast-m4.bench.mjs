// Forecasting accuracy and speed on M4 Weekly (h = 13, m = 1) and Hourly (h = 48, m = 24): sMAPE,
// MASE and OWA of each model next to the published benchmark scores (../shared/data/m4/REFERENCE.md),
// and series per second (BENCH_M4_ETS=0 skips the slow automatic ETS), with Naive2 — the OWA reference — as the baseline measured in the same run.
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { root, sharedData, writeResult } from './lib.mjs';

const fc = await import(path.join(root, 'packages/algorithms/dist/index.js'));
const SETS = (process.env.BENCH_M4_SETS ?? 'Weekly,Hourly').split(',');
const CONFIG = { Weekly: { h: 13, m: 1 }, Hourly: { h: 48, m: 24 } };

// Published sMAPE / MASE / OWA from the official workbook, as listed in REFERENCE.md.
const PUBLISHED = {
  Weekly: { Naive1: [9.161, 2.777, 1.0], sNaive: [9.161, 2.777, 1.0], Naive2: [9.161, 2.777, 1.0], SES: [9.012, 2.685, 0.975],
    Holt: [9.708, 2.42, 0.966], Damped: [8.866, 2.404, 0.917], Theta: [9.093, 2.637, 0.971], Comb: [8.944, 2.432, 0.926] },
  Hourly: { Naive1: [43.003, 11.608, 3.593], sNaive: [13.912, 1.193, 0.627], Naive2: [18.383, 2.395, 1.0], SES: [18.094, 2.385, 0.99],
    Holt: [29.249, 9.356, 2.749], Damped: [19.265, 2.956, 1.141], Theta: [18.138, 2.455, 1.006], Comb: [22.053, 4.582, 1.556] },
};

const MODELS = {
  Naive1: (y, h) => fc.naive(y, h),
  sNaive: (y, h, m) => fc.seasonalNaive(y, h, { seasonLength: m }),
  Naive2: (y, h, m) => fc.naive2(y, h, { seasonLength: m }),
  SES: (y, h, m) => fc.ses(y, h, { seasonLength: m }),
  Holt: (y, h, m) => fc.holt(y, h, { seasonLength: m }),
  Damped: (y, h, m) => fc.damped(y, h, { seasonLength: m }),
  Theta: (y, h, m) => fc.theta(y, h, { seasonLength: m }),
  Comb: (y, h, m) => fc.comb(y, h, { seasonLength: m }),
  ETS: (y, h, m) => fc.ets(y, h, { seasonLength: m }),
  Croston: (y, h) => fc.croston(y, h),
  SBA: (y, h) => fc.crostonSba(y, h),
  TSB: (y, h) => fc.tsb(y, h),
  ADIDA: (y, h) => fc.adida(y, h),
  // The automatic choice per series by rolling-origin backtest (3 origins), with 80/95% intervals.
  Auto: (y, h, m) => fc.autoForecast(y, h, { seasonLength: m, levels: [80, 95] }),
};

function readM4(file) {
  const text = gunzipSync(fs.readFileSync(sharedData(`m4/${file}`))).toString('utf8');
  return text.trim().split('\n').slice(1).map((line) =>
    line.split(',').slice(1).map((c) => c.replaceAll('"', '')).filter((c) => c !== '').map(Number));
}

const r3 = (x) => +x.toFixed(3);
const results = [];
const autoDetail = {};
for (const set of SETS) {
  const { h, m } = CONFIG[set];
  const train = readM4(`${set}-train.csv.gz`);
  const test = readM4(`${set}-test.csv.gz`);
  const rows = {};
  for (const [name, model] of Object.entries(MODELS)) {
    if (name === 'ETS' && process.env.BENCH_M4_ETS === '0') continue;
    const started = performance.now();
    const outputs = train.map((y) => model(y, h, m));
    const seconds = (performance.now() - started) / 1000;
    const forecasts = outputs.map((o) => o.mean);
    if (name === 'Auto') {
      // How often each model was chosen, and the empirical coverage of the 80% and 95% intervals.
      const chosen = {};
      const covered = { 80: 0, 95: 0 };
      outputs.forEach((o, i) => {
        chosen[o.model] = (chosen[o.model] ?? 0) + 1;
        for (const iv of o.intervals) test[i].forEach((a, j) => { if (a >= iv.lower[j] && a <= iv.upper[j]) covered[iv.level]++; });
      });
      autoDetail[set] = { chosen, coverage80: +(covered[80] / (train.length * h)).toFixed(3), coverage95: +(covered[95] / (train.length * h)).toFixed(3) };
    }
    let s = 0;
    let q = 0;
    forecasts.forEach((f, i) => {
      s += fc.smape(test[i], f);
      q += fc.mase(train[i], test[i], f, m);
    });
    rows[name] = { smape: s / train.length, mase: q / train.length, seconds, seriesPerSecond: Math.round(train.length / seconds) };
  }
  const n2 = rows.Naive2;
  const models = Object.entries(rows).map(([name, r]) => ({
    model: name,
    smape: r3(r.smape), mase: r3(r.mase), owa: r3(fc.owa(r.smape, r.mase, n2.smape, n2.mase)),
    published: PUBLISHED[set][name] ? { smape: PUBLISHED[set][name][0], mase: PUBLISHED[set][name][1], owa: PUBLISHED[set][name][2] } : null,
    seconds: +r.seconds.toFixed(2), seriesPerSecond: r.seriesPerSecond,
    timeOverNaive2: +(r.seconds / n2.seconds).toFixed(1),
  }));
  const auto = models.find((x) => x.model === 'Auto');
  const pub = PUBLISHED[set];
  results.push({
    set, series: train.length, horizon: h, seasonLength: m, models, auto: autoDetail[set] ?? null,
    autoBeatsPublishedThetaAndComb: auto ? auto.owa < pub.Theta[2] && auto.owa < pub.Comb[2] : null,
  });
  console.error(set, models.map((x) => `${x.model} ${x.smape}/${x.mase}/${x.owa} ${x.seriesPerSecond}/s`).join('\n'));
}
await writeResult('forecast-m4', {
  note: 'OWA relative to our Naive2 on the same set; published = official M4 workbook (REFERENCE.md); ETS (automatic, AICc) has no published point scores in the workbook; Auto = autoForecast (rolling-origin backtest choice per series, with intervals: coverage is the share of test points inside them); Croston/SBA/TSB/ADIDA are intermittent-demand models shown for speed, not M4 benchmarks',
  results,
});
