import { describe, expect, it } from 'vitest';
import { betaInc, chiSquareSf, gammaQ, normalCdf, normalQuantile, studentTSf } from './distributions.js';
import {
  analyzeExperiment, benjaminiHochberg, betaPosterior, chanceToWin, cuped, holm, msprt, normalPosterior, relativeLiftCi, sampleSize, srmTest,
  twoProportionZTest, welchTTest, type VariantSummary,
} from './stats.js';

// Every reference number below was computed with SciPy 1.10.1 / statsmodels 0.13.5 (Debian 12,
// /usr/bin/python3); the exact call is in the comment beside it. Where no library function exists
// (delta method, mSPRT, CUPED) the formula was evaluated in NumPy, as written in the comment.

const close = (actual: number, expected: number, rel = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-300, Math.abs(expected)) + 1e-15);

describe('distributions', () => {
  it('match scipy', () => {
    close(normalCdf(-3.5), 0.00023262907903552502, 1e-12); // stats.norm.cdf(-3.5)
    close(normalCdf(1.2), 0.8849303297782918, 1e-13); // stats.norm.cdf(1.2)
    close(normalQuantile(0.975), 1.959963984540054, 1e-13); // stats.norm.ppf(0.975)
    close(normalQuantile(1e-10), -6.361340902404056, 1e-12); // stats.norm.ppf(1e-10)
    close(normalQuantile(0.3), -0.5244005127080409, 1e-12); // stats.norm.ppf(0.3)
    close(studentTSf(2.1, 7.5), 0.03561853572903902, 1e-11); // stats.t.sf(2.1, 7.5)
    close(studentTSf(-1.3, 30), 0.8982495207309416, 1e-12); // stats.t.sf(-1.3, 30)
    close(studentTSf(2.1, 2.5), 0.0722512223774219, 1e-11); // stats.t.sf(2.1, 2.5)
    close(chiSquareSf(7.3, 3), 0.06292623645904312, 1e-11); // stats.chi2.sf(7.3, 3)
    close(chiSquareSf(0.01, 1), 0.920344325445942, 1e-12); // stats.chi2.sf(0.01, 1)
    close(betaInc(2.5, 7, 0.3), 0.6412224629717214, 1e-11); // stats.beta.cdf(0.3, 2.5, 7)
    close(betaInc(1001, 9001, 0.101), 0.6234798560014281, 1e-9); // stats.beta.cdf(0.101, 1001, 9001)
    close(gammaQ(0.5, 40), 3.744097384202887e-19, 1e-10); // special.gammaincc(0.5, 40)
  });
});

describe('frequentist tests', () => {
  it('two-proportion z-test (pooled)', () => {
    const r = twoProportionZTest(1100, 10100, 1000, 10000);
    close(r.z, 2.0650660711849533, 1e-12); // statsmodels proportions_ztest([1100, 1000], [10100, 10000])
    close(r.pValue, 0.0389167491743038, 1e-10);
  });
  it('Welch t-test', () => {
    const r = welchTTest(53, 85 ** 2, 5100, 50, 80 ** 2, 5000);
    close(r.t, 1.8268699040920053, 1e-12); // stats.ttest_ind_from_stats(53, 85, 5100, 50, 80, 5000, equal_var=False)
    close(r.pValue, 0.0677488848919945, 1e-9);
  });
  it('delta-method CI of the relative lift', () => {
    // NumPy: v = s1**2/(n1*m2**2) + m1**2*s2**2/(n2*m2**4); lift ± stats.norm.ppf(0.975)*sqrt(v)
    const m = relativeLiftCi(53, 85 ** 2, 5100, 50, 80 ** 2, 5000);
    close(m.lift, 0.06, 1e-12);
    close(m.ci[0], -0.006232570447606348, 1e-9);
    close(m.ci[1], 0.12623257044760644, 1e-11);
    const p1 = 1100 / 10100;
    const p2 = 0.1;
    const p = relativeLiftCi(p1, p1 * (1 - p1), 10100, p2, p2 * (1 - p2), 10000, 0.1);
    close(p.ci[0], 0.01502789828009607, 1e-9); // same formula with stats.norm.ppf(0.95)
    close(p.ci[1], 0.16318992350208186, 1e-10);
  });
  it('sample-ratio mismatch (chi-square)', () => {
    close(srmTest([10000, 10100]).pValue, 0.4805951793536507, 1e-11); // stats.chisquare([10000, 10100])
    close(srmTest([10000, 10100, 9700]).pValue, 0.01274755096017599, 1e-10); // stats.chisquare([10000, 10100, 9700])
    close(srmTest([20000, 10100, 9900], [2, 1, 1]).pValue, 0.36787944117144245, 1e-11); // stats.chisquare([20000,10100,9900], f_exp=[20000,10000,10000])
  });
  it('Holm and Benjamini–Hochberg', () => {
    const p = [0.01, 0.04, 0.03, 0.005, 0.2];
    // multipletests(p, method='holm')[1]
    holm(p).forEach((v, i) => close(v, [0.04, 0.09, 0.09, 0.025, 0.2][i]!, 1e-12));
    // multipletests(p, method='fdr_bh')[1]
    benjaminiHochberg(p).forEach((v, i) => close(v, [0.025, 0.05, 0.05, 0.025, 0.2][i]!, 1e-12));
  });
  it('mixture SPRT (always-valid p-value)', () => {
    // NumPy: V = 85**2/5100 + 80**2/5000; L = sqrt(V/(V+25))*exp(25*9/(2*V*(V+25))); p = min(1, 1/L)
    const r = msprt(3, 85 ** 2 / 5100 + 80 ** 2 / 5000, 5);
    close(r.lambda, 1.407203757471294, 1e-12);
    close(r.pValue, 0.7106291428591495, 1e-12);
    // The always-valid p-value is more conservative than the fixed-horizon one (0.0677 above).
    expect(r.pValue).toBeGreaterThan(0.0677);
  });
  it('sample size', () => {
    // NormalIndPower().solve_power(effect_size=proportion_effectsize(0.11, 0.10), alpha=0.05, power=0.8, ratio=1)
    const p = sampleSize({ metric: 'proportion', baseline: 0.1, mde: 0.1, relative: true });
    close(p.exact, 14744.104836925611, 1e-8);
    close(p.effectSize, 0.03262940076737697, 1e-12);
    expect(p.perVariant).toBe(14745);
    // NormalIndPower().solve_power(effect_size=2/80, alpha=0.05, power=0.9, ratio=2)
    close(sampleSize({ metric: 'mean', baseline: 50, sd: 80, mde: 2, power: 0.9, ratio: 2 }).exact, 25217.806583280846, 1e-8);
  });
});

describe('Bayesian chance to win and expected loss', () => {
  it('beta-binomial, two variants', () => {
    const r = chanceToWin([betaPosterior(1000, 10000), betaPosterior(1100, 10100)]);
    // integrate.quad(lambda x: beta.pdf(x,1101,9001)*beta.cdf(x,1001,9001), 0.05, 0.2, points=[mA, mB])
    close(r.chanceToWin[1]!, 0.9805310533207648, 1e-8);
    close(r.chanceToWin[0]!, 1 - 0.9805310533207648, 1e-6);
    // loss of B = E[max(A−B, 0)]: quad(lambda y: beta.pdf(y,aB,bB)*(mA*beta.sf(y,aA+1,bA) - y*beta.sf(y,aA,bA)), …)
    close(r.expectedLoss[1]!, 3.075505024946028e-05, 1e-6);
    close(r.expectedLoss[0]!, 0.008939090191773937, 1e-8); // the same with A and B swapped
  });
  it('beta-binomial, three variants: probability of being best', () => {
    const r = chanceToWin([betaPosterior(1000, 10000), betaPosterior(1100, 10100), betaPosterior(1080, 10000)]);
    // quad(lambda x: beta.pdf(x,1101,9001)*beta.cdf(x,1001,9001)*beta.cdf(x,1081,8921), …) and the same for C
    close(r.chanceToWin[1]!, 0.5796405997617081, 1e-8);
    close(r.chanceToWin[2]!, 0.4156923157580737, 1e-8);
    close(r.chanceToWin.reduce((s, x) => s + x, 0), 1, 1e-8);
  });
  it('normal model for revenue', () => {
    const r = chanceToWin([normalPosterior(50, 80 / Math.sqrt(5000)), normalPosterior(53, 85 / Math.sqrt(5100))]);
    close(r.chanceToWin[1]!, 0.9661403338525, 1e-9); // stats.norm.sf(0, loc=3, scale=sqrt(80²/5000 + 85²/5100))
    // E[X⁺] for X = A − B ~ N(−3, sd): mx*norm.cdf(mx/sd) + sd*norm.pdf(mx/sd)
    close(r.expectedLoss[1]!, 0.021903340797876647, 1e-8);
    close(r.expectedLoss[0]!, 3.0219033407978766, 1e-10);
  });
});

describe('analyzeExperiment', () => {
  it('analyses a conversion experiment against the first variant', () => {
    const res = analyzeExperiment({ metric: 'proportion', variants: [
      { name: 'control', n: 10000, sum: 1000, sumSquares: 1000 },
      { name: 'B', n: 10100, sum: 1100, sumSquares: 1100 },
    ] });
    expect(res.variants[0]).toMatchObject({ name: 'control', mean: 0.1, absoluteLift: null, relativeLift: null, ci: null, pValue: null });
    const b = res.variants[1]!;
    close(b.absoluteLift!, 1100 / 10100 - 0.1, 1e-12);
    close(b.relativeLift!, 0.08910891089108897, 1e-12);
    close(b.ci![0], 0.0008359398031349413, 1e-7); // delta method, stats.norm.ppf(0.975)
    close(b.ci![1], 0.17738188197904298, 1e-10);
    close(b.pValue!, 0.0389167491743038, 1e-10); // proportions_ztest
    close(b.chanceToWin, 0.9805310533207648, 1e-8);
    close(res.srmPValue, 0.4805951793536507, 1e-11); // stats.chisquare([10000, 10100])
  });
  it('uses CUPED when the pre-period sums are given', () => {
    // Synthetic data: numpy default_rng(7), x ~ Gamma(2, 25), y = 0.8x + N(10 + effect, 20), n = 2000 / 2100.
    const vs: VariantSummary[] = [
      { name: 'A', n: 2000, sum: 97212.87849020859, sumSquares: 7101398.29268615, preSum: 96556.87500488077, preSumSquares: 7173335.523878545, crossSum: 6677029.086810688 },
      { name: 'B', n: 2100, sum: 108555.0465544145, sumSquares: 8202402.26451816, preSum: 104690.28226736275, preSumSquares: 7799430.113052687, crossSum: 7517967.593661539 },
    ];
    const c = cuped(vs);
    close(c.theta, 0.8032024919405154, 1e-9); // Σ within-variant cov / Σ within-variant var of x
    close(c.means[0]!, 49.254009208591405, 1e-10); // y − θ(x − x̄), averaged
    close(c.means[1]!, 51.07614601306679, 1e-10);
    const res = analyzeExperiment({ metric: 'mean', variants: vs });
    // stats.ttest_ind(adj_B, adj_A, equal_var=False) on the adjusted values (θ treated as known)
    close(res.variants[1]!.pValue!, 0.004003852276088541, 1e-6);
    const raw = analyzeExperiment({ metric: 'mean', variants: vs.map(({ name, n, sum, sumSquares }) => ({ name, n, sum, sumSquares })) });
    close(raw.variants[1]!.pValue!, 0.004551631949833874, 1e-9); // stats.ttest_ind(y_B, y_A, equal_var=False)
  });
  it('takes alpha and names bad input', () => {
    const vs = [{ name: 'a', n: 100, sum: 10, sumSquares: 10 }, { name: 'b', n: 100, sum: 20, sumSquares: 20 }];
    const w95 = analyzeExperiment({ metric: 'proportion', variants: vs }).variants[1]!.ci!;
    const w80 = analyzeExperiment({ metric: 'proportion', variants: vs }, { alpha: 0.2 }).variants[1]!.ci!;
    expect(w80[1] - w80[0]).toBeLessThan(w95[1] - w95[0]);
    expect(() => analyzeExperiment({ metric: 'proportion', variants: [vs[0]!] })).toThrow('variants: must be an array of at least 2 variants');
    expect(() => analyzeExperiment({ metric: 'proportion', variants: [vs[0]!, { ...vs[1]!, sum: 200 }] })).toThrow('variants[1].sum');
    expect(() => analyzeExperiment({ metric: 'mean', variants: [vs[0]!, { ...vs[1]!, preSum: 3 }] })).toThrow('variants[0].preSum: CUPED needs');
  });
});

describe('analyzeExperiment edge cases', () => {
  it('has no relative lift over a control mean of zero', () => {
    const r = analyzeExperiment({ metric: 'proportion', variants: [{ name: 'a', n: 50, sum: 0, sumSquares: 0 }, { name: 'b', n: 50, sum: 0, sumSquares: 0 }] });
    expect(r.variants[1]).toMatchObject({ absoluteLift: 0, relativeLift: null, ci: null, pValue: 1 });
    expect(r.variants[1]!.chanceToWin).toBeCloseTo(0.5, 6); // two identical Beta(1, 51) posteriors
  });
});
