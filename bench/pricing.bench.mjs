// Promotion engine throughput: quotes per second for carts of 1, 10 and 100 lines against 50
// active promotions (flash sales, tiers, repeating, percent, buy-X-get-Y, n-th item, gifts,
// free shipping, in 20 exclusivity groups) plus coupons and points. Target: > 20,000 ten-line
// quotes/s on one core, in both set-ups. Baseline in the same run: the same carts against no promotions.
import path from 'node:path';
import { root, writeResult } from './lib.mjs';

const { quote, compileRules } = await import(path.join(root, 'packages/algorithms/dist/index.js'));

// A fixed LCG so every run quotes the same carts.
let seed = 42;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };

const SKUS = 500;
const CATEGORIES = 20;
function makePromotions(groups) {
const promotions = [];
for (let i = 0; i < 50; i++) {
  const base = { id: `p${i}`, name: `活动${i}`, group: `g${i % groups}`, priority: rnd(10), schedule: { start: '2026-06-01 00:00', end: '2026-07-01 00:00' } };
  const targeting = i % 3 === 0 ? { categories: [`c${rnd(CATEGORIES)}`, `c${rnd(CATEGORIES)}`] } : i % 3 === 1 ? { excludeCategories: [`c${rnd(CATEGORIES)}`] } : undefined;
  const t = targeting ? { targeting } : {};
  switch (i % 8) {
    case 0: promotions.push({ ...base, kind: 'flash_sale', percentOff: 5 + rnd(20), ...t }); break;
    case 1: promotions.push({ ...base, ...t, kind: 'threshold', tiers: [{ threshold: 19900, discount: 2000 }, { threshold: 29900, discount: 4000 }, { threshold: 59900, discount: 10000 }] }); break;
    case 2: promotions.push({ ...base, ...t, kind: 'repeating', step: 20000, discount: 2000, cap: 20000 }); break;
    case 3: promotions.push({ ...base, ...t, kind: 'percent', rules: [{ minQuantity: 2, percentOff: 5 }, { minAmount: 30000, percentOff: 10 }] }); break;
    case 4: promotions.push({ ...base, ...t, kind: 'buy_x_get_y', buy: 2, get: 1 }); break;
    case 5: promotions.push({ ...base, ...t, kind: 'nth_item', n: 2, percentOff: 50 }); break;
    case 6: promotions.push({ ...base, ...t, kind: 'gift', threshold: 15000, gift: { sku: 'GIFT', name: '赠品', quantity: 1, value: 1000 } }); break;
    default: promotions.push({ ...base, ...t, kind: 'free_shipping', threshold: 9900 });
  }
}
return promotions;
}
const rulesFor = (promotions) => ({
  timeZone: 'Asia/Shanghai',
  marginFloor: 0.05,
  promotions,
  coupons: [
    { id: 'o1', name: '满200减15', scope: 'order', threshold: 20000, amount: 1500 },
    { id: 'i1', name: '品类券', scope: 'item', amount: 1000, threshold: 5000, targeting: { categories: ['c1', 'c2', 'c3'] } },
  ],
  points: { pointsPerYuan: 100, maxShare: 0.1 },
  shipping: { fee: 1000 },
});
const empty = { timeZone: 'Asia/Shanghai', promotions: [] };

function makeCarts(lines, count) {
  return Array.from({ length: count }, () => ({
    at: '2026-06-10T12:00:00+08:00',
    customer: { id: `c${rnd(1000)}`, tier: ['gold', 'silver', undefined][rnd(3)] },
    lines: Array.from({ length: lines }, () => {
      const sku = rnd(SKUS);
      const listPrice = 990 + rnd(30000);
      return { sku: `S${sku}`, category: `c${sku % CATEGORIES}`, quantity: 1 + rnd(3), listPrice, memberPrices: { gold: Math.round(listPrice * 0.92) }, cost: Math.round(listPrice * 0.5) };
    }),
    coupons: ['o1', 'i1'],
    points: rnd(3000),
  }));
}

function measure(compiled, carts, seconds) {
  // Warm-up: let the JIT reach its optimised code before measuring (≈ 2 s; shorter warm-ups
  // measured the interpreter and halved the figures).
  for (const until = performance.now() + 2000; performance.now() < until;) for (let i = 0; i < 20; i++) quote(compiled, carts[i % carts.length]);
  // Five rounds of seconds / 5 each; the rate per CPU second is their median (on a shared machine
  // a burst of load from other processes slows one round, not the figure).
  const rounds = [];
  let n = 0;
  let sink = 0;
  const t0 = performance.now();
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    const until = performance.now() + (seconds * 1000) / 5;
    let m = 0;
    while (performance.now() < until) {
      for (let k = 0; k < 50; k++) sink += quote(compiled, carts[(n + m + k) % carts.length]).payable;
      m += 50;
    }
    const cpu = process.cpuUsage(c0);
    // Per CPU second as well as per wall second: on a shared machine the process is descheduled,
    // and the CPU time is what one core spends.
    rounds.push(Math.round(m / ((cpu.user + cpu.system) / 1e6)));
    n += m;
  }
  const wall = (performance.now() - t0) / 1000;
  const sorted = [...rounds].sort((x, y) => x - y);
  return { quotes: n, seconds: wall, quotesPerSecond: Math.round(n / wall), quotesPerCpuSecond: sorted[2], rounds, sink };
}

const seconds = Number(process.env.BENCH_PRICING_SECONDS ?? 3);
const os = await import('node:os');
// The machine is shared: its load average before and after the run goes into the result.
const loadBefore = os.loadavg();
const compiledEmpty = compileRules(empty);
const results = [];
// Two set-ups of the same 50 promotions: in 5 exclusivity groups (a store's usual 店铺优惠 /
// 品类 / 包邮 / 满赠 / 限时 groups: one winner each) and in 20 groups that all stack (a stress case).
const scenarios = [['5 groups', 5], ['20 stacking groups', 20]];
for (const [scenario, groups] of scenarios) {
const compiled = compileRules(rulesFor(makePromotions(groups)));
for (const lines of [1, 10, 100]) {
  const carts = makeCarts(lines, 200);
  const sample = quote(compiled, carts[0]);
  const withPromotions = measure(compiled, carts, seconds);
  const baseline = measure(compiledEmpty, carts, seconds);
  results.push({
    scenario,
    lines,
    activePromotions: 50,
    quotesPerSecond: withPromotions.quotesPerSecond,
    quotesPerCpuSecond: withPromotions.quotesPerCpuSecond,
    roundsQuotesPerCpuSecond: withPromotions.rounds,
    microsecondsPerQuote: +(1e6 / withPromotions.quotesPerCpuSecond).toFixed(1),
    baselineQuotesPerSecond: baseline.quotesPerSecond,
    baselineQuotesPerCpuSecond: baseline.quotesPerCpuSecond,
    discountsInFirstQuote: sample.discounts.length,
    rejectedInFirstQuote: sample.rejected.length,
  });
  console.error(`${scenario}, ${lines} lines: ${withPromotions.quotesPerSecond} quotes/s wall, ${withPromotions.quotesPerCpuSecond} per CPU second (no promotions: ${baseline.quotesPerCpuSecond})`);
}
}
// The target (> 20,000 ten-line quotes per CPU second) holds for both set-ups.
const ten = results.filter((r) => r.lines === 10);
await writeResult('pricing', {
  note: 'quote(compileRules(rules), cart) on one core; 50 active promotions (in 5 exclusivity groups, and in 20 stacking groups), 2 coupons, points, shipping; the baseline quotes the same carts against no promotions. Per CPU second (the median of 5 rounds; every round listed): the machine is shared, wall-clock rates include time the process was descheduled',
  loadAverage: { before: loadBefore, after: os.loadavg() },
  target: {
    lines: 10, quotesPerCpuSecond: 20000,
    met: ten.every((r) => r.quotesPerCpuSecond > 20000),
    byScenario: Object.fromEntries(ten.map((r) => [r.scenario, { quotesPerCpuSecond: r.quotesPerCpuSecond, met: r.quotesPerCpuSecond > 20000 }])),
  },
  results,
});
