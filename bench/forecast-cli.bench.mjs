// `zhanggui forecast series` end to end (CSV in, CSV out, one process, automatic model choice with
// 80/95% intervals): series per second on M4 Weekly (359 series, h = 13) and on 10,000 simulated
// SKU series (182 days of daily demand, h = 28, m = 7: smooth with a weekly cycle, trending, and
// intermittent). Baseline in the same run: the same files with --model naive (parsing + output cost).
// The M4 run's sMAPE/MASE are recomputed from the CLI's printed CSV as an end-to-end check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { root, sharedData, writeResult } from './lib.mjs';

const fc = await import(path.join(root, 'packages/algorithms/dist/index.js'));
const MAIN = path.join(root, 'packages/server/dist/cli/main.js');
const SKUS = Number(process.env.BENCH_FORECAST_SKUS ?? 10_000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-forecast-bench-'));

function readM4(file) {
  return gunzipSync(fs.readFileSync(sharedData(`m4/${file}`))).toString('utf8').trim().split('\n').slice(1)
    .map((l) => l.split(',').slice(1).map((c) => c.replaceAll('"', '')).filter((c) => c !== '').map(Number));
}

function writeLong(file, series) {
  const out = ['series_id,t,y'];
  series.forEach((y, i) => y.forEach((v, t) => out.push(`S${i},${t + 1},${v}`)));
  fs.writeFileSync(file, `${out.join('\n')}\n`);
}

function run(file, h, m, model) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [MAIN, 'forecast', 'series', '--input', file, '--horizon', String(h), '--season-length', String(m),
    '--model', model, '--levels', '80,95', '--format', 'csv'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`forecast series failed: ${r.stderr}`);
  return { seconds, lines: r.stdout.trim().split('\n') };
}

/** Simulated SKU demand: Poisson-ish daily sales around a level with a weekly cycle, some trending, some intermittent. */
function simulateSkus(n, days, rng) {
  const week = [0.8, 0.9, 0.95, 1, 1.05, 1.3, 1.0];
  const poisson = (lambda) => {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do { k++; p *= rng.next(); } while (p > l);
    return k - 1;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const out = [];
  for (let i = 0; i < n; i++) {
    const kind = rng.next();
    const level = 0.2 + 40 * rng.next() ** 2;
    const slope = kind > 0.8 ? (rng.next() - 0.3) * level / days : 0;
    const y = [];
    for (let t = 0; t < days; t++) {
      const lambda = kind < 0.3 ? 0.15 * level * (rng.next() < 0.25 ? 4 : 0) : (level + slope * t) * week[t % 7];
      y.push(poisson(lambda));
    }
    out.push(y);
  }
  return out;
}

const results = [];
{
  const train = readM4('Weekly-train.csv.gz');
  const test = readM4('Weekly-test.csv.gz');
  const file = path.join(tmp, 'm4-weekly.csv');
  writeLong(file, train);
  const base = run(file, 13, 1, 'naive');
  const auto = run(file, 13, 1, 'auto');
  const byId = new Map();
  for (const line of auto.lines.slice(1)) {
    const [id, step, f] = line.split(',');
    if (!byId.has(id)) byId.set(id, []);
    byId.get(id)[Number(step) - 1] = Number(f);
  }
  let s = 0;
  let q = 0;
  let s2 = 0;
  let q2 = 0;
  train.forEach((y, i) => {
    const f = byId.get(`S${i}`);
    s += fc.smape(test[i], f);
    q += fc.mase(y, test[i], f, 1);
    const n2 = fc.naive2(y, 13).mean;
    s2 += fc.smape(test[i], n2);
    q2 += fc.mase(y, test[i], n2, 1);
  });
  const N = train.length;
  results.push({
    data: 'M4 Weekly', series: N, horizon: 13, seasonLength: 1,
    auto: { seconds: +auto.seconds.toFixed(2), seriesPerSecond: +(N / auto.seconds).toFixed(1) },
    naiveBaseline: { seconds: +base.seconds.toFixed(2), seriesPerSecond: +(N / base.seconds).toFixed(1) },
    accuracyFromCliOutput: { smape: +(s / N).toFixed(3), mase: +(q / N).toFixed(3), owa: +fc.owa(s / N, q / N, s2 / N, q2 / N).toFixed(3) },
  });
  console.error(results.at(-1));
}
{
  const skus = simulateSkus(SKUS, 182, fc.createRng(20261124));
  const file = path.join(tmp, 'skus.csv');
  writeLong(file, skus);
  const classes = {};
  for (const y of skus) {
    const c = fc.classifyDemand(y).class;
    classes[c] = (classes[c] ?? 0) + 1;
  }
  const base = run(file, 28, 7, 'naive');
  const auto = run(file, 28, 7, 'auto');
  results.push({
    data: 'simulated SKU daily demand (seed 20261124)', series: SKUS, observations: 182, horizon: 28, seasonLength: 7, demandClasses: classes,
    auto: { seconds: +auto.seconds.toFixed(2), seriesPerSecond: +(SKUS / auto.seconds).toFixed(1) },
    naiveBaseline: { seconds: +base.seconds.toFixed(2), seriesPerSecond: +(SKUS / base.seconds).toFixed(1) },
  });
  console.error(results.at(-1));
}
fs.rmSync(tmp, { recursive: true, force: true });
await writeResult('forecast-cli', {
  note: 'one `zhanggui forecast series` process per run (node startup included); auto = rolling-origin choice with 80/95% intervals; naive baseline = same file and output with --model naive',
  results,
});
