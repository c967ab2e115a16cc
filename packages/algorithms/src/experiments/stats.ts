/**
 * A/B test statistics from per-variant summary statistics (docs/experiments.md has every formula):
 * two-proportion z-test, Welch t-test, delta-method CI of the relative lift, CUPED, Bayesian
 * chance to win and expected loss (beta-binomial for proportions, normal for means; deterministic
 * numerical integration), sample-ratio mismatch, the mixture SPRT (always-valid p-values), Holm
 * and Benjamini–Hochberg, and sample sizes. Pure: plain numbers in and out.
 */
import { betaInc, betaPdf, chiSquareSf, normalCdf, normalPdf, normalQuantile, normalSf, studentTSf } from './distributions.js';

export type MetricKind = 'proportion' | 'mean';

export interface VariantSummary {
  name: string;
  /** Units (users, visitors) in the variant. */
  n: number;
  /** Σ y (conversions for a proportion). */
  sum: number;
  /** Σ y² (equal to sum for a 0/1 metric). */
  sumSquares: number;
  /** Planned traffic share (relative); equal when absent. */
  weight?: number;
  /** CUPED: Σ x, Σ x², Σ x·y of the pre-period covariate x. */
  preSum?: number;
  preSumSquares?: number;
  crossSum?: number;
}

export interface ExperimentSummary {
  metric: MetricKind;
  variants: VariantSummary[];
}

export interface VariantResult {
  name: string;
  mean: number;
  absoluteLift: number | null;
  relativeLift: number | null;
  ci: [number, number] | null;
  pValue: number | null;
  chanceToWin: number;
  expectedLoss: number;
}

export interface ExperimentResult {
  variants: VariantResult[];
  srmPValue: number;
}

const fail = (field: string, msg: string): never => { throw new RangeError(`${field}: ${msg}`); };

function validateSummary(s: ExperimentSummary): void {
  if (typeof s !== 'object' || s === null) fail('input', 'must be an object');
  if (s.metric !== 'proportion' && s.metric !== 'mean') fail('metric', `must be "proportion" or "mean", got ${JSON.stringify(s.metric)}`);
  if (!Array.isArray(s.variants) || s.variants.length < 2) fail('variants', 'must be an array of at least 2 variants');
  const names = new Set<string>();
  const cupedFields = s.variants.map((v) => v.preSum !== undefined || v.preSumSquares !== undefined || v.crossSum !== undefined);
  s.variants.forEach((v, i) => {
    const f = `variants[${i}]`;
    if (typeof v.name !== 'string' || v.name.length === 0) fail(`${f}.name`, 'must be a non-empty string');
    if (names.has(v.name)) fail(`${f}.name`, `duplicate name ${JSON.stringify(v.name)}`);
    names.add(v.name);
    if (!Number.isInteger(v.n) || v.n < 2) fail(`${f}.n`, `must be an integer >= 2, got ${JSON.stringify(v.n)}`);
    for (const k of ['sum', 'sumSquares'] as const) if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) fail(`${f}.${k}`, `must be a finite number, got ${JSON.stringify(v[k])}`);
    if (v.sumSquares < 0) fail(`${f}.sumSquares`, 'must be >= 0');
    if (v.sumSquares * v.n < v.sum * v.sum * (1 - 1e-12)) fail(`${f}.sumSquares`, 'must be at least sum² / n (Cauchy–Schwarz)');
    if (s.metric === 'proportion' && (v.sum < 0 || v.sum > v.n || !Number.isInteger(v.sum))) fail(`${f}.sum`, `must be an integer count of conversions in [0, n], got ${v.sum}`);
    if (v.weight !== undefined && !(typeof v.weight === 'number' && v.weight > 0 && Number.isFinite(v.weight))) fail(`${f}.weight`, 'must be a number > 0');
    if (cupedFields.some(Boolean)) {
      for (const k of ['preSum', 'preSumSquares', 'crossSum'] as const) {
        if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) fail(`${f}.${k}`, 'CUPED needs preSum, preSumSquares and crossSum on every variant');
      }
    }
  });
}

/** Sample variance (ddof = 1) from sums. */
const sampleVar = (n: number, s: number, ss: number) => Math.max(0, (ss - (s * s) / n) / (n - 1));

// ---- frequentist -------------------------------------------------------------------------

/** Two-proportion z-test with the pooled variance (statsmodels proportions_ztest). */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): { z: number; pValue: number } {
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, pValue: 2 * normalSf(Math.abs(z)) };
}

/** Welch's t-test from means, variances (ddof 1) and sizes (scipy ttest_ind_from_stats, equal_var=False). */
export function welchTTest(m1: number, v1: number, n1: number, m2: number, v2: number, n2: number): { t: number; df: number; pValue: number } {
  const a = v1 / n1;
  const b = v2 / n2;
  const se = Math.sqrt(a + b);
  if (se === 0) return { t: 0, df: n1 + n2 - 2, pValue: 1 };
  const t = (m1 - m2) / se;
  const df = ((a + b) * (a + b)) / ((a * a) / (n1 - 1) + (b * b) / (n2 - 1));
  return { t, df, pValue: 2 * studentTSf(Math.abs(t), df) };
}

/**
 * CI of the relative lift m1/m2 − 1 by the delta method: Var(m1/m2) ≈ v1/(n1 m2²) + m1² v2/(n2 m2⁴).
 * `v` are per-unit variances; the interval is two-sided at level 1 − alpha.
 */
export function relativeLiftCi(m1: number, v1: number, n1: number, m2: number, v2: number, n2: number, alpha = 0.05): { lift: number; se: number; ci: [number, number] } {
  if (m2 === 0) return { lift: NaN, se: NaN, ci: [NaN, NaN] };
  const lift = m1 / m2 - 1;
  const se = Math.sqrt(v1 / (n1 * m2 * m2) + (m1 * m1 * v2) / (n2 * m2 ** 4));
  const z = normalQuantile(1 - alpha / 2);
  return { lift, se, ci: [lift - z * se, lift + z * se] };
}

/** CUPED: θ pooled within variants; each variant's mean and per-unit variance adjusted for the pre-period covariate. */
export function cuped(variants: VariantSummary[]): { theta: number; means: number[]; variances: number[] } {
  let cov = 0;
  let varX = 0;
  let sx = 0;
  let n = 0;
  for (const v of variants) {
    cov += v.crossSum! - (v.preSum! * v.sum) / v.n;
    varX += v.preSumSquares! - (v.preSum! * v.preSum!) / v.n;
    sx += v.preSum!;
    n += v.n;
  }
  const theta = varX > 0 ? cov / varX : 0;
  const xbar = sx / n;
  const means = variants.map((v) => v.sum / v.n - theta * (v.preSum! / v.n - xbar));
  const variances = variants.map((v) => {
    const vy = sampleVar(v.n, v.sum, v.sumSquares);
    const vx = sampleVar(v.n, v.preSum!, v.preSumSquares!);
    const cxy = (v.crossSum! - (v.preSum! * v.sum) / v.n) / (v.n - 1);
    return Math.max(0, vy - 2 * theta * cxy + theta * theta * vx);
  });
  return { theta, means, variances };
}

/** Sample-ratio mismatch: Pearson chi-square of the observed sizes against the planned weights (scipy.stats.chisquare). */
export function srmTest(ns: number[], weights?: number[]): { chiSquare: number; pValue: number } {
  const w = weights ?? ns.map(() => 1);
  const total = ns.reduce((s, x) => s + x, 0);
  const wt = w.reduce((s, x) => s + x, 0);
  let chi = 0;
  ns.forEach((x, i) => { const e = (total * w[i]!) / wt; chi += ((x - e) * (x - e)) / e; });
  return { chiSquare: chi, pValue: chiSquareSf(chi, ns.length - 1) };
}

/**
 * Mixture sequential probability ratio test (Johari, Pekelis & Walsh 2017) for a difference of
 * means with estimated variance V = v1/n1 + v2/n2 and a N(0, τ²) mixing distribution:
 * Λ = √(V / (V + τ²)) · exp(τ² Δ² / (2 V (V + τ²))); the always-valid p-value is min(1, 1/Λ)
 * (take the running minimum over looks).
 */
export function msprt(diff: number, variance: number, tau: number): { lambda: number; pValue: number } {
  if (!(variance > 0) || !(tau > 0)) return { lambda: 1, pValue: 1 };
  const t2 = tau * tau;
  const logL = 0.5 * Math.log(variance / (variance + t2)) + (t2 * diff * diff) / (2 * variance * (variance + t2));
  const lambda = Math.exp(logL);
  return { lambda, pValue: Math.min(1, Math.exp(-logL)) };
}

/** Holm step-down adjusted p-values (statsmodels multipletests method="holm"). */
export function holm(p: number[]): number[] {
  const m = p.length;
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Array<number>(m);
  let run = 0;
  order.forEach(([v, i], k) => { run = Math.max(run, Math.min(1, (m - k) * v)); out[i] = run; });
  return out;
}

/** Benjamini–Hochberg adjusted p-values (statsmodels multipletests method="fdr_bh"). */
export function benjaminiHochberg(p: number[]): number[] {
  const m = p.length;
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Array<number>(m);
  let run = 1;
  for (let k = m - 1; k >= 0; k--) {
    const [v, i] = order[k]!;
    run = Math.min(run, Math.min(1, (m / (k + 1)) * v));
    out[i] = run;
  }
  return out;
}

// ---- Bayesian -----------------------------------------------------------------------------

interface Posterior { pdf(x: number): number; cdf(x: number): number; mean: number; lo: number; hi: number }

export function betaPosterior(successes: number, n: number, priorA = 1, priorB = 1): Posterior {
  const a = priorA + successes;
  const b = priorB + n - successes;
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  return { pdf: (x) => betaPdf(x, a, b), cdf: (x) => betaInc(a, b, x), mean, lo: Math.max(0, mean - 14 * sd), hi: Math.min(1, mean + 14 * sd) };
}

export function normalPosterior(mean: number, sd: number): Posterior {
  const s = sd > 0 ? sd : 1e-12;
  return { pdf: (x) => normalPdf(x, mean, s), cdf: (x) => normalCdf(x, mean, s), mean, lo: mean - 14 * s, hi: mean + 14 * s };
}

/**
 * For each posterior: the probability it is the largest, P(i best) = ∫ f_i Π_{j≠i} F_j, and the
 * expected loss of choosing it, E[max_j θ_j] − E[θ_i] with E[max] = L + ∫_L^U (1 − Π_j F_j).
 * Composite Simpson on the pieces between the posteriors' ±14 sd ends (deterministic).
 */
export function chanceToWin(posteriors: Posterior[], stepsPerPiece = 2000): { chanceToWin: number[]; expectedLoss: number[] } {
  const cuts = [...new Set(posteriors.flatMap((p) => [p.lo, p.hi]))].sort((a, b) => a - b);
  const k = posteriors.length;
  const win = new Array<number>(k).fill(0);
  let emax = cuts[0]!;
  const F = new Array<number>(k);
  for (let c = 0; c + 1 < cuts.length; c++) {
    const a = cuts[c]!;
    const b = cuts[c + 1]!;
    const h = (b - a) / stepsPerPiece;
    for (let s = 0; s <= stepsPerPiece; s++) {
      const x = a + s * h;
      const wgt = (s === 0 || s === stepsPerPiece ? 1 : s % 2 === 1 ? 4 : 2) * (h / 3);
      let prodAll = 1;
      for (let j = 0; j < k; j++) { F[j] = posteriors[j]!.cdf(x); prodAll *= F[j]!; }
      emax += wgt * (1 - prodAll);
      for (let i = 0; i < k; i++) {
        const f = posteriors[i]!.pdf(x);
        if (f === 0) continue;
        let prod = 1;
        for (let j = 0; j < k; j++) if (j !== i) prod *= F[j]!;
        win[i]! += wgt * f * prod;
      }
    }
  }
  return { chanceToWin: win.map((w) => Math.min(1, Math.max(0, w))), expectedLoss: posteriors.map((p) => Math.max(0, emax - p.mean)) };
}

// ---- the analysis ---------------------------------------------------------------------------

/**
 * Analyse an experiment from per-variant sums: every variant against the first (lifts, CI of the
 * relative lift, p-value), Bayesian chance to win and expected loss, and the SRM p-value. With
 * preSum / preSumSquares / crossSum on every variant, lifts, CI and p-values are CUPED-adjusted.
 */
export function analyzeExperiment(input: ExperimentSummary, options: { alpha?: number } = {}): ExperimentResult {
  validateSummary(input);
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) fail('alpha', `must be in (0, 1), got ${alpha}`);
  const vs = input.variants;
  const prop = input.metric === 'proportion';
  const rawMeans = vs.map((v) => v.sum / v.n);
  const useCuped = vs[0]!.preSum !== undefined;
  const adj = useCuped ? cuped(vs) : null;
  const means = adj ? adj.means : rawMeans;
  const vars = adj ? adj.variances : vs.map((v, i) => (prop ? rawMeans[i]! * (1 - rawMeans[i]!) : sampleVar(v.n, v.sum, v.sumSquares)));
  const c = vs[0]!;
  const posteriors = vs.map((v, i) => (prop && !adj ? betaPosterior(v.sum, v.n) : normalPosterior(means[i]!, Math.sqrt(vars[i]! / v.n))));
  const bayes = chanceToWin(posteriors);
  const srm = srmTest(vs.map((v) => v.n), vs.map((v) => v.weight ?? 1));
  return {
    variants: vs.map((v, i) => {
      if (i === 0) return { name: v.name, mean: rawMeans[0]!, absoluteLift: null, relativeLift: null, ci: null, pValue: null, chanceToWin: bayes.chanceToWin[0]!, expectedLoss: bayes.expectedLoss[0]! };
      const rel = relativeLiftCi(means[i]!, vars[i]!, v.n, means[0]!, vars[0]!, c.n, alpha);
      const pValue = prop && !adj
        ? twoProportionZTest(v.sum, v.n, c.sum, c.n).pValue
        : welchTTest(means[i]!, vars[i]!, v.n, means[0]!, vars[0]!, c.n).pValue;
      // A control mean of zero has no relative lift.
      const hasRel = means[0] !== 0 && Number.isFinite(rel.lift);
      return {
        name: v.name, mean: rawMeans[i]!, absoluteLift: means[i]! - means[0]!, relativeLift: hasRel ? rel.lift : null, ci: hasRel ? rel.ci : null, pValue,
        chanceToWin: bayes.chanceToWin[i]!, expectedLoss: bayes.expectedLoss[i]!,
      };
    }),
    srmPValue: srm.pValue,
  };
}

// ---- sample size ----------------------------------------------------------------------------

/**
 * Units per variant (first group; the other has `ratio` times as many) for a two-sided test at
 * `alpha` with `power`, solving the power equation of statsmodels NormalIndPower exactly:
 * power = Φ(d√ñ − z) + Φ(−d√ñ − z), Ñ = 1/(1/n + 1/(ratio·n)), z = Φ⁻¹(1 − α/2). The effect size d
 * is Cohen's h = |2 asin √p₂ − 2 asin √p₁| for a proportion, |Δ| / sd for a mean.
 */
export function sampleSize(opts: { metric: MetricKind; baseline: number; mde: number; relative?: boolean; sd?: number; alpha?: number; power?: number; ratio?: number }): { perVariant: number; exact: number; effectSize: number } {
  const alpha = opts.alpha ?? 0.05;
  const power = opts.power ?? 0.8;
  const ratio = opts.ratio ?? 1;
  if (!(alpha > 0 && alpha < 1)) fail('alpha', 'must be in (0, 1)');
  if (!(power > alpha && power < 1)) fail('power', 'must be in (alpha, 1)');
  if (!(ratio > 0)) fail('ratio', 'must be > 0');
  const delta = opts.relative ? opts.baseline * opts.mde : opts.mde;
  if (!(delta !== 0 && Number.isFinite(delta))) fail('mde', 'must be a non-zero effect');
  let d: number;
  if (opts.metric === 'proportion') {
    const p1 = opts.baseline;
    const p2 = p1 + delta;
    if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1)) fail('baseline', 'baseline and baseline + mde must be proportions in (0, 1)');
    d = Math.abs(2 * Math.asin(Math.sqrt(p2)) - 2 * Math.asin(Math.sqrt(p1)));
  } else {
    if (!(opts.sd !== undefined && opts.sd > 0)) fail('sd', 'a mean metric needs its standard deviation sd > 0');
    d = Math.abs(delta) / opts.sd!;
  }
  const z = normalQuantile(1 - alpha / 2);
  const powerAt = (n: number) => { const e = d * Math.sqrt(1 / (1 / n + 1 / (ratio * n))); return normalCdf(e - z) + normalCdf(-e - z); };
  let lo = 1e-9;
  let hi = 2;
  while (powerAt(hi) < power) hi *= 2;
  for (let i = 0; i < 300 && hi - lo > 1e-10 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (powerAt(mid) < power) lo = mid; else hi = mid;
  }
  const exact = (lo + hi) / 2;
  return { perVariant: Math.ceil(exact - 1e-9), exact, effectSize: d };
}
