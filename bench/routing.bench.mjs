// Routing solver quality: every Augerat A and P instance (CVRPLIB, rounded Euclidean) at each
// time budget, and the Solomon VRPTW instances (truncated-to-one-decimal convention), with the
// gap to the best-known value per instance and on average. One seed, one run per instance.
// Every instance runs at 1, 10 and 60 CPU seconds (BENCH_ROUTING_BUDGETS; Solomon's 60 s run can be
// limited with BENCH_ROUTING_LONG_ONLY, BENCH_ROUTING_LONG_S).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, sharedData, writeResult } from './lib.mjs';
import { NOTE, summarise } from './routing-summary.mjs';

const { parseVrplib, parseSolomon, solveRouting, checkSolution } = await import(path.join(root, 'packages/algorithms/dist/index.js'));

const BUDGETS = (process.env.BENCH_ROUTING_BUDGETS ?? '1,10,60').split(',').map(Number);
const SOLOMON_BUDGETS = (process.env.BENCH_ROUTING_SOLOMON_BUDGETS ?? '1,10').split(',').filter(Boolean).map(Number);
const LONG_BUDGET = Number(process.env.BENCH_ROUTING_LONG_S ?? 60);
const LONG_ONLY = new RegExp(process.env.BENCH_ROUTING_LONG_ONLY ?? '');
const SETS = (process.env.BENCH_ROUTING_SETS ?? 'A,P,solomon').split(',');
// Budgets are process CPU seconds by default (BENCH_ROUTING_CLOCK=wall for wall-clock): the
// machine is shared, and CPU time keeps the figures comparable whatever else runs beside them.
const CLOCK_KIND = process.env.BENCH_ROUTING_CLOCK ?? 'cpu';
const CLOCK = CLOCK_KIND === 'wall' ? () => performance.now() : () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const SEED = Number(process.env.BENCH_ROUTING_SEED ?? 1);
// Optional instance-name filter (a regular expression), e.g. to split a run over processes.
const ONLY = new RegExp(process.env.BENCH_ROUTING_ONLY ?? '');

function readCsv(file) {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').slice(0, cols.length).map((v, i) => [cols[i], v])));
}

// A run stops once it reaches the best-known value (time to target): it cannot improve on a proven
// optimum, and the CPU goes to the instances that still have a gap. BENCH_ROUTING_TO_TARGET=0 runs
// every budget out. `cpuSeconds` says how much of the budget a run used.
const TO_TARGET = process.env.BENCH_ROUTING_TO_TARGET !== '0';

function solveOne(name, instance, bks, seconds) {
  const t = performance.now();
  const c0 = CLOCK();
  const r = solveRouting(instance, { seed: SEED, timeLimitMs: seconds * 1000, now: CLOCK, ...(TO_TARGET ? { targetCost: bks } : {}) });
  const elapsed = (performance.now() - t) / 1000;
  const problems = checkSolution(instance, r.routes);
  return { instance: name, seconds, bks, cost: +r.cost.toFixed(1), gapPct: +((100 * (r.cost - bks)) / bks).toFixed(2),
    routes: r.routes.length, feasible: problems.length === 0, iterations: r.iterations, elapsed: +elapsed.toFixed(2),
    cpuSeconds: +((CLOCK() - c0) / 1000).toFixed(2), reachedTarget: problems.length === 0 && r.cost <= bks + 1e-9 };
}

const results = [];
const summary = [];
const cvrp = readCsv(sharedData('cvrplib/bks.csv'));
for (const set of SETS.filter((s) => s === 'A' || s === 'P')) {
  const rows = [];
  for (const row of cvrp.filter((r) => r.set === set && ONLY.test(r.instance))) {
    // Augerat's values assume at most k vehicles (the k in the name); with a free fleet some P
    // instances go below them by using more, shorter routes.
    const instance = { ...parseVrplib(fs.readFileSync(sharedData(`cvrplib/${set}/${row.instance}.vrp`), 'utf8')), maxVehicles: Number(row.k_in_name) };
    for (const seconds of BUDGETS) {
      rows.push(solveOne(row.instance, instance, Number(row.bks), seconds));
      console.error(rows.at(-1));
    }
  }
  results.push(...rows);
  summary.push(...summarise(rows, set));
}
if (SETS.includes('solomon')) {
  const rows = [];
  for (const row of readCsv(sharedData('solomon/bks.csv')).filter((r) => ONLY.test(r.instance))) {
    const instance = parseSolomon(fs.readFileSync(sharedData(`solomon/instances/${row.instance}.txt`), 'utf8'));
    const budgets = SOLOMON_BUDGETS.concat(LONG_BUDGET > 0 && LONG_ONLY.test(row.instance) ? [LONG_BUDGET] : []);
    for (const seconds of budgets) {
      rows.push(solveOne(row.instance, instance, Number(row.cvrplib_sol_cost), seconds));
      console.error(rows.at(-1));
    }
  }
  results.push(...rows);
  summary.push(...summarise(rows, 'solomon'));
}
// BENCH_ROUTING_OUT names the result file (e.g. one per process when a run is split with
// BENCH_ROUTING_ONLY; `node bench/routing-merge.mjs OUT PART…` joins the parts).
const name = process.env.BENCH_ROUTING_OUT
  ?? (process.env.BENCH_ROUTING_SETS || process.env.BENCH_ROUTING_ONLY ? `routing-${SETS.join('-')}${process.env.BENCH_ROUTING_ONLY ? '-filtered' : ''}` : 'routing');
await writeResult(name, {
  note: NOTE,
  seed: SEED, clock: CLOCK_KIND, stopsAtBestKnown: TO_TARGET, loadAverageAtEnd: os.loadavg().map((x) => +x.toFixed(2)),
  long: { seconds: LONG_BUDGET, instances: LONG_ONLY.source }, summary, results,
});
