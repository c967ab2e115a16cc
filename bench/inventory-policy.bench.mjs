// Inventory policy simulation: replay simulated SKU demand day by day with Zhanggui's policy (weekly
// re-forecast by the automatic model choice, safety stock from the forecast error over the lead time,
// reorder point / order-up-to, service level by class) against a plain min/max rule (min = c × the
// last 28 days' mean demand × lead time, max = min + one day's mean demand — the same lot as the
// policy's S − ROP = d·R with daily review, so only the buffers differ) whose multiplier c is tuned
// by bisection to the same overall fill rate. Lost sales; orders arrive after the lead time.
// Reported: fill rate and average inventory value of both — the policy should hold the fill rate
// with less stock. Pure algorithms, no database; seeded.
import path from 'node:path';
import { root, writeResult } from './lib.mjs';

const fc = await import(path.join(root, 'packages/algorithms/dist/index.js'));
const SKUS = Number(process.env.BENCH_POLICY_SKUS ?? 200);
const WARMUP = 364;
const DAYS = Number(process.env.BENCH_POLICY_DAYS ?? 182);
const LEAD = 7;
const rng = fc.createRng(7);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
const poisson = (lambda) => {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss()));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do { k++; p *= rng.next(); } while (p > l);
  return k - 1;
};

// Demand: smooth with a weekly cycle and slow trend, intermittent, and seasonal (a yearly wave).
const week = [0.8, 0.9, 0.95, 1, 1.05, 1.3, 1.0];
const skus = Array.from({ length: SKUS }, (_, i) => {
  const kind = i % 4;
  const level = 1 + 30 * rng.next() ** 2;
  const slope = (rng.next() - 0.4) * level / (WARMUP + DAYS);
  const unitCost = 500 + Math.round(rng.next() * 9500);
  const demand = Array.from({ length: WARMUP + DAYS }, (_, t) => {
    if (kind === 3) return rng.next() < 0.2 ? poisson(level * 0.5) : 0;
    const season = kind === 2 ? 1 + 0.4 * Math.sin((2 * Math.PI * t) / 364) : 1;
    return poisson(Math.max(0, (level + slope * t) * week[t % 7] * season));
  });
  return { demand, unitCost };
});

/** Replays one SKU over the evaluation days; `decide(t, position)` returns the quantity to order. */
function replay(sku, decide, startStock) {
  let onHand = startStock;
  const pipeline = new Map();
  let served = 0;
  let asked = 0;
  let stockValue = 0;
  let orders = 0;
  for (let t = WARMUP; t < WARMUP + DAYS; t++) {
    onHand += pipeline.get(t) ?? 0;
    pipeline.delete(t);
    const d = sku.demand[t];
    const s = Math.min(onHand, d);
    served += s;
    asked += d;
    onHand -= s;
    let onOrder = 0;
    for (const q of pipeline.values()) onOrder += q;
    const q = decide(t, onHand + onOrder, onHand);
    if (q > 0) {
      pipeline.set(t + LEAD, (pipeline.get(t + LEAD) ?? 0) + q);
      orders++;
    }
    stockValue += onHand * sku.unitCost;
  }
  return { served, asked, avgValue: stockValue / DAYS, orders };
}

const weeklyUpTo = (y, t) => {
  const n = Math.floor(t / 7);
  const out = [];
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let d = t - 7 * (n - k); d < t - 7 * (n - k - 1); d++) s += y[d];
    out.push(s);
  }
  const first = out.findIndex((v) => v > 0);
  return first < 0 ? [] : out.slice(first);
};

// ABC by value over the warm-up year, XYZ by weekly CV → service level per cell (DEFAULT_SERVICE_LEVELS).
const values = skus.map((s, i) => ({ key: i, value: s.demand.slice(0, WARMUP).reduce((a, v) => a + v, 0) * s.unitCost }));
const abc = fc.abcClassify(values);
const serviceLevel = skus.map((s, i) => {
  const cv = fc.demandCv(weeklyUpTo(s.demand, WARMUP));
  return fc.DEFAULT_SERVICE_LEVELS[`${abc.get(i)}${fc.xyzClass(cv)}`];
});

const started = performance.now();
let zServed = 0;
let zAsked = 0;
let zValue = 0;
let zOrders = 0;
const mean28 = (y, t) => y.slice(t - 28, t).reduce((a, v) => a + v, 0) / 28;
skus.forEach((sku, i) => {
  let policy = null;
  const r = replay(sku, (t, position) => {
    if (policy === null || (t - WARMUP) % 7 === 0) {
      const y = weeklyUpTo(sku.demand, t + 1);
      if (y.length === 0) return 0;
      const f = fc.autoForecast(y, 8, { levels: [] });
      const d = f.mean.slice(0, 4).reduce((a, v) => a + v, 0) / 4 / 7;
      const sigma = f.se[0] / Math.sqrt(7);
      policy = { d, sigma };
    }
    const p = fc.inventoryPolicy({ meanDailyDemand: policy.d, sigmaDailyDemand: policy.sigma, leadTimeDays: LEAD, serviceLevel: serviceLevel[i], available: position, reviewPeriodDays: 1 });
    return p.reorderNow ? Math.ceil(p.orderUpTo - position) : 0;
  }, Math.round(mean28(sku.demand, WARMUP) * (LEAD + 7)));
  zServed += r.served;
  zAsked += r.asked;
  zValue += r.avgValue;
  zOrders += r.orders;
});
const policySeconds = (performance.now() - started) / 1000;
const zFill = zServed / zAsked;

function minMax(c) {
  let served = 0;
  let asked = 0;
  let value = 0;
  let orders = 0;
  for (const sku of skus) {
    const r = replay(sku, (t, position) => {
      const mu = mean28(sku.demand, t + 1);
      const lo = c * mu * LEAD;
      const hi = lo + mu;
      return position <= lo ? Math.ceil(hi - position) : 0;
    }, Math.round(mean28(sku.demand, WARMUP) * (LEAD + 7)));
    served += r.served;
    asked += r.asked;
    value += r.avgValue;
    orders += r.orders;
  }
  return { fill: served / asked, value, orders };
}
// Bisection on c so the min/max fill rate matches the policy's (fill rate rises with c).
let lo = 0.5;
let hi = 4;
let best = minMax(hi);
for (let k = 0; k < 25; k++) {
  const mid = (lo + hi) / 2;
  const r = minMax(mid);
  if (r.fill >= zFill) { hi = mid; best = r; } else lo = mid;
}
const yuan = (fen) => +(fen / 100).toFixed(0);
await writeResult('inventory-policy', {
  note: 'lost-sales replay, lead time 7 days, daily review; Zhanggui = weekly auto forecast + ABC×XYZ service level + ROP/order-up-to; min/max = c × 28-day mean × lead time, max = min + one day of mean demand (same lot size), c tuned to the same fill rate',
  skus: SKUS, evaluationDays: DAYS, leadTimeDays: LEAD,
  zhanggui: { fillRate: +zFill.toFixed(4), avgInventoryValueYuan: yuan(zValue), purchaseOrders: zOrders, seconds: +policySeconds.toFixed(1) },
  minMax: { multiplier: +hi.toFixed(3), fillRate: +best.fill.toFixed(4), avgInventoryValueYuan: yuan(best.value), purchaseOrders: best.orders },
  inventoryReduction: +(1 - zValue / best.value).toFixed(4),
});
