// Product lifecycle stage (导入期/成长期/成熟期/衰退期) from the weekly sales-velocity trend, and a
// selection score (选品评分) with visible, editable weights. Pure.

export type ProductStage = 'intro' | 'growth' | 'maturity' | 'decline';

export const STAGE_LABELS: Record<ProductStage, string> = { intro: '导入期', growth: '成长期', maturity: '成熟期', decline: '衰退期' };

/** The handbook's actions per stage. */
export const STAGE_ACTIONS: Record<ProductStage, string[]> = {
  intro: ['exposure: search and recommendation slots, launch promotion (流量曝光)', 'conversion: detail page, first reviews, sample pricing (转化优化)'],
  growth: ['collect reviews and follow up buyers (评价积累)', 'repurchase: bundles, membership offers (复购)', 'secure supply ahead of demand'],
  maturity: ['differentiate: variants, bundles, content (差异化)', 'defend margin: cost and price review', 'keep stock lean: policy service levels'],
  decline: ['clear out: markdowns, bundles with best sellers (清仓)', 'stop reordering; retire the SKU when stock is gone (下架)'],
};

export interface LifecycleRule {
  /** Weeks since the first sale during which a product is in introduction. */
  introWeeks: number;
  /** Window (weeks) of the recent and the previous velocity. */
  window: number;
  /** Window (weeks) of the mean whose highest value so far is the peak: longer than `window` so a promotion week does not set it. */
  peakWindow: number;
  /** Growth: recent velocity at least (1 + growth) × the previous window's. */
  growth: number;
  /** Decline: recent velocity at most (1 − drop) × the previous window's and below peakShare × the peak … */
  drop: number;
  peakShare: number;
  /** … or below collapseShare × the peak whatever the trend. */
  collapseShare: number;
}

export const DEFAULT_LIFECYCLE_RULE: LifecycleRule = { introWeeks: 8, window: 4, peakWindow: 13, growth: 0.15, drop: 0.1, peakShare: 0.6, collapseShare: 0.3 };

export interface StageAssessment {
  stage: ProductStage;
  ageWeeks: number;
  /** Mean units per week over the last `window` weeks and the `window` weeks before. */
  velocity: number;
  previousVelocity: number;
  /** Highest `peakWindow`-week mean velocity so far (windows truncated at the first sale). */
  peakVelocity: number;
  /** velocity / previousVelocity − 1 (null when the previous window sold nothing). */
  change: number | null;
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((s, v) => s + v, 0) / xs.length);

/**
 * The stage at the end of `weekly` (units per week, oldest first, from the first sale):
 * 1. intro while fewer than `introWeeks` weeks have passed since the first sale;
 * 2. decline when velocity < collapseShare × peak, or when it fell by at least `drop` against the
 *    previous window and is below peakShare × peak (peak: the highest `peakWindow`-week mean so far);
 * 3. growth when velocity ≥ (1 + growth) × the previous window's (or the previous window sold nothing and this one did);
 * 4. maturity otherwise.
 */
export function assessStage(weekly: readonly number[], rule: LifecycleRule = DEFAULT_LIFECYCLE_RULE): StageAssessment {
  const n = weekly.length;
  const w = rule.window;
  const velocity = mean(weekly.slice(Math.max(0, n - w)));
  const previousVelocity = mean(weekly.slice(Math.max(0, n - 2 * w), Math.max(0, n - w)));
  let peakVelocity = 0;
  const pw = rule.peakWindow;
  for (let end = 1; end <= n; end++) peakVelocity = Math.max(peakVelocity, mean(weekly.slice(Math.max(0, end - pw), end)));
  const change = previousVelocity > 0 ? velocity / previousVelocity - 1 : null;
  let stage: ProductStage;
  if (n < rule.introWeeks) stage = 'intro';
  else if (velocity < rule.collapseShare * peakVelocity || (change !== null && change <= -rule.drop && velocity < rule.peakShare * peakVelocity)) stage = 'decline';
  else if (change === null ? velocity > 0 : change >= rule.growth) stage = 'growth';
  else stage = 'maturity';
  return { stage, ageWeeks: n, velocity, previousVelocity, peakVelocity, change };
}

export interface StageChange { week: number; from: ProductStage | null; to: ProductStage }

/** The stage after every week (assessStage on each prefix) and the weeks where it changed. */
export function stageHistory(weekly: readonly number[], rule: LifecycleRule = DEFAULT_LIFECYCLE_RULE): { stages: ProductStage[]; changes: StageChange[] } {
  const stages: ProductStage[] = [];
  const changes: StageChange[] = [];
  for (let k = 1; k <= weekly.length; k++) {
    const s = assessStage(weekly.slice(0, k), rule).stage;
    if (stages.length === 0 || stages[stages.length - 1] !== s) changes.push({ week: k - 1, from: stages[stages.length - 1] ?? null, to: s });
    stages.push(s);
  }
  return { stages, changes };
}

export interface SelectionSignals {
  /** Relative change of velocity (e.g. +0.2 = 20% up); candidates: expected trend. */
  demandTrend?: number | null;
  /** Gross margin share of price, 0..1. */
  marginRate?: number | null;
  /** Share of units returned, 0..1. */
  returnRate?: number | null;
  /** Average review rating, 1..5. */
  rating?: number | null;
  /** Supplier reliability, 0..1. */
  supplyReliability?: number | null;
  /** Competition intensity, 0 (none) .. 1 (crowded). */
  competition?: number | null;
}

export type SelectionWeights = Record<keyof SelectionSignals, number>;

export const DEFAULT_SELECTION_WEIGHTS: SelectionWeights = { demandTrend: 0.25, marginRate: 0.25, returnRate: 0.15, rating: 0.15, supplyReliability: 0.1, competition: 0.1 };

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Each signal mapped to 0..1 (higher is better). */
export const SIGNAL_SCALES: Record<keyof SelectionSignals, (v: number) => number> = {
  demandTrend: (v) => clamp01((v + 0.5) / 1), // −50% → 0, 0 → 0.5, +50% → 1
  marginRate: (v) => clamp01(v / 0.6), // 60% margin or more → 1
  returnRate: (v) => 1 - clamp01(v / 0.3), // 30% returns or more → 0
  rating: (v) => clamp01((v - 1) / 4),
  supplyReliability: (v) => clamp01(v),
  competition: (v) => 1 - clamp01(v),
};

/**
 * Selection score 0..100: Σ wᵢ·sᵢ / Σ wᵢ over the signals that are recorded (a missing signal
 * neither helps nor hurts), with each sᵢ from SIGNAL_SCALES. Also returns each signal's points.
 */
export function selectionScore(signals: SelectionSignals, weights: SelectionWeights = DEFAULT_SELECTION_WEIGHTS): { score: number | null; parts: Partial<Record<keyof SelectionSignals, number>> } {
  let num = 0;
  let den = 0;
  const parts: Partial<Record<keyof SelectionSignals, number>> = {};
  for (const key of Object.keys(SIGNAL_SCALES) as (keyof SelectionSignals)[]) {
    const v = signals[key];
    const w = weights[key] ?? 0;
    if (w < 0 || !Number.isFinite(w)) throw new RangeError(`selectionScore: weight ${key} must be a finite number >= 0, got ${w}`);
    if (v === null || v === undefined || !Number.isFinite(v) || w === 0) continue;
    const s = SIGNAL_SCALES[key](v);
    parts[key] = s;
    num += w * s;
    den += w;
  }
  if (den === 0) return { score: null, parts };
  return { score: (100 * num) / den, parts };
}
