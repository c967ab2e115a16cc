/**
 * Special functions for the BTYD models: log-gamma by the Lanczos approximation (g = 7, n = 9,
 * the coefficients published by Godfrey and used in Numerical Recipes 3rd ed. §6.1) and the
 * Gauss hypergeometric function 2F1 by its power series (Abramowitz & Stegun 15.1.1).
 */

const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531,
  -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6,
  1.5056327351493116e-7,
] as const;
const LOG_SQRT_2PI = 0.9189385332046728;

/** ln Γ(x) for x > 0 (relative error about 1e-15); reflection keeps x < 0.5 accurate. */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`logGamma: x must be a finite number > 0, got ${x}`);
  if (x < 0.5) {
    // Γ(x)Γ(1−x) = π / sin(πx); the series is least accurate near 0, the reflection is exact.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) sum += LANCZOS_COEFFICIENTS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

export interface Hyp2f1Options {
  /** Stop when a term is below this share of the running sum. */
  relativeTolerance?: number;
  maxTerms?: number;
}

/**
 * A bound on |ratio| of every term after term n of the 2F1 series: past the parameters
 * (n + 1 > −a, −b, −c) each factor of the ratio (a+m)(b+m) z / ((c+m)(m+1)) paired as
 * (a+m)/(c+m) · (b+m)/(m+1), or as (b+m)/(c+m) · (a+m)/(m+1), is monotone in m and tends to 1,
 * so neither exceeds the larger of its value at m = n + 1 and 1; the better pairing gives the
 * bound. Infinity before that point (a small term may be followed by growing ones, e.g. a ≈ 0
 * with b large).
 */
function tailRatioBound(a: number, b: number, c: number, z: number, n: number): number {
  const m = n + 1;
  if (!(m > -a && m > -b && m > -c)) return Infinity;
  const f = (num: number, den: number) => Math.max(Math.abs(num / den), 1);
  return Math.abs(z) * Math.min(f(a + m, c + m) * f(b + m, m + 1), f(b + m, c + m) * f(a + m, m + 1));
}

/**
 * About how many terms the 2F1 series needs before its terms shrink geometrically (a power of
 * two; Infinity past 2^30). Lets a caller choose between equal forms of one function, e.g.
 * either side of Euler's transformation, the one whose series is short.
 */
export function hyp2f1SeriesLength(a: number, b: number, c: number, z: number): number {
  for (let n = 1; n <= 2 ** 30; n *= 2) if (tailRatioBound(a, b, c, z, n) <= (1 + Math.abs(z)) / 2) return n;
  return Infinity;
}

/**
 * 2F1(a, b; c; z) for |z| < 1 by summing the series term by term. The ratio of consecutive
 * terms is (a+n)(b+n) z / ((c+n)(n+1)). We stop once the ratios of all later terms are bounded
 * below one (see tailRatioBound) and the geometric bound on the tail is negligible; and we throw
 * rather than return a truncated sum when that does not happen within maxTerms.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  const tol = options.relativeTolerance ?? 1e-15;
  const maxTerms = options.maxTerms ?? 200_000;
  if (![a, b, c, z].every(Number.isFinite)) throw new RangeError('hyp2f1: a, b, c and z must be finite');
  if (!(Math.abs(z) < 1)) throw new RangeError(`hyp2f1: the series needs |z| < 1, got z = ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1: c must not be 0 or a negative integer, got ${c}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    // A zero term means a or b is a non-positive integer: the series is a polynomial and ends.
    if (term === 0) return sum;
    const q = tailRatioBound(a, b, c, z, n);
    if (q < 1 && (Math.abs(term) * q) / (1 - q) <= tol * Math.abs(sum)) return sum;
  }
  throw new RangeError(`hyp2f1: series did not converge in ${maxTerms} terms (a=${a}, b=${b}, c=${c}, z=${z})`);
}

/**
 * Digamma ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x lifts x to ≥ 10,
 * where the asymptotic series (Abramowitz & Stegun 6.3.18) to x^−10 is good to ~2e-14.
 */
export function digamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`digamma: x must be a finite number > 0, got ${x}`);
  let shift = 0;
  while (x < 10) { shift -= 1 / x; x += 1; }
  const inv2 = 1 / (x * x);
  const tail = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
  return shift + Math.log(x) - 0.5 / x - tail;
}
