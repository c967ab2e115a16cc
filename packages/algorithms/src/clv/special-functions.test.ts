import { describe, expect, it } from 'vitest';
import { bfgs } from './bfgs.js';
import { digamma, hyp2f1, hyp2f1SeriesLength, logGamma } from './special-functions.js';

describe('logGamma', () => {
  // Exact values: Γ(n) = (n−1)!, Γ(½) = √π, Γ(3/2) = √π/2; ln Γ(0.1) and ln Γ(100) = ln(99!) as
  // printed by Python's math.lgamma (C library, within an ulp or two).
  it.each([
    [1, 0],
    [2, 0],
    [5, Math.log(24)],
    [0.5, 0.5 * Math.log(Math.PI)],
    [1.5, Math.log(Math.sqrt(Math.PI) / 2)],
    [0.1, 2.2527126517342055],
    [100, 359.1342053695754],
  ])('ln Γ(%d) = %d', (x, expected) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
  });

  it('satisfies ln Γ(x+1) = ln Γ(x) + ln x across small and large x', () => {
    for (const x of [1e-8, 0.01, 0.3, 0.7, 3.3, 17.25, 1234.5, 1e6]) {
      expect(logGamma(x + 1)).toBeCloseTo(logGamma(x) + Math.log(x), 9);
    }
  });

  it('rejects x <= 0', () => {
    expect(() => logGamma(0)).toThrow(/x must be a finite number > 0/);
  });
});

describe('digamma', () => {
  // ψ(1) = −γ (Euler–Mascheroni), ψ(½) = −γ − 2 ln 2, ψ(n+1) = ψ(n) + 1/n (A&S 6.3.2–6.3.5).
  const EULER = 0.5772156649015329;
  it.each([
    [1, -EULER],
    [0.5, -EULER - 2 * Math.LN2],
    [4, -EULER + 1 + 1 / 2 + 1 / 3],
    [10, -EULER + [1, 2, 3, 4, 5, 6, 7, 8, 9].reduce((s, k) => s + 1 / k, 0)],
  ])('ψ(%d) = %d', (x, expected) => {
    expect(digamma(x)).toBeCloseTo(expected, 13);
  });
  it('is the derivative of logGamma', () => {
    for (const x of [0.05, 0.7, 3.3, 40, 2000]) {
      const h = 1e-5 * x;
      expect(digamma(x)).toBeCloseTo((logGamma(x + h) - logGamma(x - h)) / (2 * h), 6);
    }
  });
});

describe('hyp2f1', () => {
  it.each([
    ['2F1(1,1;2;z) = −ln(1−z)/z', 1, 1, 2, 0.5, 2 * Math.log(2)],
    ['2F1(1,1;2;z) near 1', 1, 1, 2, 0.99, -Math.log(0.01) / 0.99],
    ['2F1(a,b;b;z) = (1−z)^−a', 0.7, 3.2, 3.2, 0.8, Math.pow(0.2, -0.7)],
    ['2F1(½,½;3/2;z²) = asin(z)/z', 0.5, 0.5, 1.5, 0.36, Math.asin(0.6) / 0.6],
    ['2F1(½,1;3/2;−z²) = atan(z)/z', 0.5, 1, 1.5, -0.25, Math.atan(0.5) / 0.5],
    ['polynomial: 2F1(−2,b;c;z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))', -2, 3, 4, 0.5, 1 - (2 * 3 * 0.5) / 4 + (3 * 4 * 0.25) / 20],
  ])('%s', (_name, a, b, c, z, expected) => {
    expect(hyp2f1(a, b, c, z)).toBeCloseTo(expected, 12);
  });

  it('does not stop at a tiny early term that later terms outgrow', () => {
    // a ≈ 0, b large: term 1 is ~1e-15 but the terms after it grow ~1e13-fold. Reference by
    // exact rational summation of 400 terms (Python fractions).
    expect(hyp2f1(1e-16, 50, 1, 0.5)).toBeCloseTo(1.002347808048725, 12);
  });

  it('stops on a sound tail bound when the parameters are huge', () => {
    // 2F1(a, b; a; z) = (1 − z)^−b exactly, for any a: here the ratios fall below one from the
    // first term on although a, b and c are in the millions (the BG/NBD's NBD limit).
    expect(hyp2f1(4.8e6, 0.5, 4.8e6, 0.87)).toBeCloseTo(Math.pow(0.13, -0.5), 12);
    expect(hyp2f1SeriesLength(4.8e6, 0.5, 4.8e6, 0.87)).toBe(1);
    expect(hyp2f1SeriesLength(1e-16, 50, 1, 0.5)).toBeGreaterThan(50);
  });

  it('refuses |z| >= 1 and reports non-convergence instead of returning a partial sum', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/\|z\| < 1/);
    expect(() => hyp2f1(1, 1, 2, 0.999999, { maxTerms: 100 })).toThrow(/did not converge in 100 terms/);
  });
});

describe('bfgs', () => {
  it('finds the minimum of the Rosenbrock function from its exact gradient', () => {
    const res = bfgs((v) => {
      const [x, y] = [v[0]!, v[1]!];
      return { value: 100 * (y - x * x) ** 2 + (1 - x) ** 2, gradient: [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)] };
    }, [-1.2, 1]);
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(1, 6);
  });
});
