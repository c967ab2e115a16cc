// Monte Carlo of a promotion or price change under a constant-elasticity demand curve
// q = q0 · (p / p0)^ε (the textbook iso-elastic model), with uncertain elasticity, unit cost and
// redemption. Incremental profit is measured against not running the promotion.
import { createRng } from '../shared/rng.js';
import { normal, percentileSorted } from './sampling.js';

export interface PromotionScenario {
  /** Regular price per unit, fen. */
  listPriceFen: number;
  /** Price per unit when the promotion is redeemed, fen. */
  promoPriceFen: number;
  /** Units sold in the period without the promotion. */
  baselineUnits: number;
  /** Unit cost, fen: normal, truncated at zero. */
  unitCostFen: { mean: number; sd: number };
  /** Own-price elasticity of demand (negative): normal. */
  elasticity: { mean: number; sd: number };
  /** Share of units sold at the promotional price (uniform between min and max; 1 for a price change). */
  redemption?: { min: number; max: number };
  /** Fixed cost of running the promotion (media, design, fees), fen. */
  fixedCostFen?: number;
  /** ROI the promotion must reach: incremental profit / promotion cost. */
  roiTarget: number;
}

export interface SimulationOptions {
  trials: number;
  seed: number;
}

export interface Distribution {
  mean: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

export interface PromotionSimulation {
  trials: number;
  seed: number;
  units: Distribution;
  /** Revenue with the promotion, fen. */
  revenueFen: Distribution;
  /** Gross margin with the promotion minus its fixed cost, fen. */
  profitFen: Distribution;
  /** Profit with the promotion minus profit without it, fen. */
  incrementalProfitFen: Distribution;
  /** Incremental profit / (discount given + fixed cost). */
  roi: Distribution;
  /** Share of trials whose ROI is below the target. */
  probRoiBelowTarget: number;
  /** Share of trials whose incremental profit is negative. */
  probLoss: number;
}

function check(s: PromotionScenario, o: SimulationOptions): void {
  const bad = (m: string) => { throw new RangeError(`simulatePromotion: ${m}`); };
  if (!(s.listPriceFen > 0) || !(s.promoPriceFen > 0)) bad('prices must be positive');
  if (!(s.baselineUnits >= 0)) bad('baselineUnits must be >= 0');
  if (!(s.unitCostFen.sd >= 0) || !(s.elasticity.sd >= 0)) bad('standard deviations must be >= 0');
  const r = s.redemption ?? { min: 1, max: 1 };
  if (!(r.min >= 0 && r.max <= 1 && r.min <= r.max)) bad('redemption must satisfy 0 <= min <= max <= 1');
  if (!Number.isInteger(o.trials) || o.trials < 1 || o.trials > 10_000_000) bad('trials must be an integer in 1..10,000,000');
  if (!Number.isFinite(o.seed)) bad('seed must be a number');
}

function summarise(values: Float64Array, money: boolean): Distribution {
  let sum = 0;
  for (const v of values) sum += v;
  const sorted = Float64Array.from(values).sort();
  const round = (x: number) => (money ? Math.round(x) : x);
  return {
    mean: round(sum / values.length),
    p5: round(percentileSorted(sorted, 0.05)),
    p25: round(percentileSorted(sorted, 0.25)),
    p50: round(percentileSorted(sorted, 0.5)),
    p75: round(percentileSorted(sorted, 0.75)),
    p95: round(percentileSorted(sorted, 0.95)),
  };
}

export function simulatePromotion(scenario: PromotionScenario, options: SimulationOptions): PromotionSimulation {
  check(scenario, options);
  const { listPriceFen: p0, promoPriceFen: p1, baselineUnits: q0, roiTarget } = scenario;
  const red = scenario.redemption ?? { min: 1, max: 1 };
  const fixed = scenario.fixedCostFen ?? 0;
  const rng = createRng(options.seed);
  const n = options.trials;
  const units = new Float64Array(n);
  const revenue = new Float64Array(n);
  const profit = new Float64Array(n);
  const incremental = new Float64Array(n);
  const roi = new Float64Array(n);
  let below = 0;
  let losses = 0;
  for (let i = 0; i < n; i++) {
    const e = normal(rng, scenario.elasticity.mean, scenario.elasticity.sd);
    const c = Math.max(0, normal(rng, scenario.unitCostFen.mean, scenario.unitCostFen.sd));
    const r = red.min === red.max ? red.min : red.min + (red.max - red.min) * rng.next();
    const price = r * p1 + (1 - r) * p0;
    const q = q0 * Math.pow(price / p0, e);
    const prof = q * (price - c) - fixed;
    const inc = prof - q0 * (p0 - c);
    const cost = q * (p0 - price) + fixed;
    const x = cost > 0 ? inc / cost : inc >= 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    units[i] = q;
    revenue[i] = q * price;
    profit[i] = prof;
    incremental[i] = inc;
    roi[i] = x;
    if (x < roiTarget) below++;
    if (inc < 0) losses++;
  }
  return {
    trials: n,
    seed: options.seed,
    units: summarise(units, false),
    revenueFen: summarise(revenue, true),
    profitFen: summarise(profit, true),
    incrementalProfitFen: summarise(incremental, true),
    roi: summarise(roi, false),
    probRoiBelowTarget: below / n,
    probLoss: losses / n,
  };
}
