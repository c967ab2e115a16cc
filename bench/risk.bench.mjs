// Monte Carlo promotion simulation throughput: trials (simulated outcomes) per second and whole
// simulations of 10,000 trials per second, with every source of uncertainty on. Also the review
// classifier and moderation throughput (texts per second) on the labelled fixture.
import fs from 'node:fs';
import path from 'node:path';
import { root, writeResult } from './lib.mjs';

const alg = await import(path.join(root, 'packages/algorithms/dist/index.js'));
const TRIALS = Number(process.env.BENCH_RISK_TRIALS ?? 10_000);
const RUNS = Number(process.env.BENCH_RISK_RUNS ?? 200);

const scenario = {
  listPriceFen: 12_900, promoPriceFen: 9_900, baselineUnits: 2_000,
  unitCostFen: { mean: 6_000, sd: 600 }, elasticity: { mean: -2.2, sd: 0.6 },
  redemption: { min: 0.5, max: 0.9 }, fixedCostFen: 500_000, roiTarget: 0.5,
};

function timeIt(fn, n) {
  fn(); // warm up
  const t = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return (performance.now() - t) / 1000;
}

const simSeconds = timeIt((i) => alg.simulatePromotion(scenario, { trials: TRIALS, seed: i ?? 0 }), RUNS);
const example = alg.simulatePromotion(scenario, { trials: 100_000, seed: 1 });

const texts = ['zh', 'en', 'simulator', 'heldout'].flatMap((f) => fs.readFileSync(path.join(root, `packages/algorithms/src/text/fixtures/reviews-${f}.tsv`), 'utf8')
  .trim().split('\n').slice(1).map((l) => l.split('\t')[2]));
const REPEAT = 20;
const classifySeconds = timeIt(() => { for (const t of texts) alg.classifyReview(t); }, REPEAT);
const moderateSeconds = timeIt(() => { for (const t of texts) alg.moderateText(t, { kind: 'review' }); }, REPEAT);

await writeResult('risk', {
  monteCarlo: {
    trialsPerSimulation: TRIALS,
    simulations: RUNS,
    simulationsPerSecond: +(RUNS / simSeconds).toFixed(1),
    trialsPerSecond: Math.round((RUNS * TRIALS) / simSeconds),
    example: { trials: 100_000, seed: 1, scenario, probRoiBelowTarget: example.probRoiBelowTarget, probLoss: example.probLoss, incrementalProfitFen: example.incrementalProfitFen },
  },
  text: {
    texts: texts.length * REPEAT,
    classifyPerSecond: Math.round((texts.length * REPEAT) / classifySeconds),
    moderatePerSecond: Math.round((texts.length * REPEAT) / moderateSeconds),
  },
});
