/**
 * BFGS quasi-Newton minimiser with an Armijo backtracking line search (Nocedal & Wright,
 * "Numerical Optimization", 2nd ed., algorithm 6.1 and §3.1), for smooth objectives whose
 * gradient we can compute exactly: far fewer passes over the data than Nelder–Mead.
 */

export interface BfgsOptions {
  maxIterations?: number;
  /** Largest step in any coordinate; keeps the first (unscaled) steps from overshooting. */
  maxStep?: number;
  /** Converged when every |gradient| is below gtol × (1 + |value|)... */
  gtol?: number;
  /** ...or no step can lower the value and every coordinate moved less than xtol. */
  xtol?: number;
}

export interface BfgsResult {
  x: number[];
  value: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

export type ValueAndGradient = (x: readonly number[]) => { value: number; gradient: number[] };

export function bfgs(fg: ValueAndGradient, x0: readonly number[], options: BfgsOptions = {}): BfgsResult {
  const { maxIterations = 500, maxStep = 1, gtol = 1e-10, xtol = 1e-10 } = options;
  const n = x0.length;
  const dot = (u: readonly number[], v: readonly number[]) => u.reduce((s, ui, i) => s + ui * v[i]!, 0);
  const identity = (): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let evaluations = 1;
  let x = [...x0];
  let cur = fg(x);
  if (!Number.isFinite(cur.value)) throw new RangeError('bfgs: the objective is not finite at the starting point');
  let H = identity();
  let scaled = false;
  for (let it = 0; it < maxIterations; it++) {
    const g = cur.gradient;
    if (Math.max(...g.map(Math.abs)) <= gtol * (1 + Math.abs(cur.value))) return { x, value: cur.value, iterations: it, evaluations, converged: true };
    let d = H.map((row) => -dot(row, g));
    // A non-descent direction means H has drifted; fall back to steepest descent.
    if (dot(d, g) >= 0) { H = identity(); scaled = false; d = g.map((v) => -v); }
    const longest = Math.max(...d.map(Math.abs));
    if (longest > maxStep) d = d.map((v) => (v * maxStep) / longest);
    const slope = dot(d, g);
    let t = 1;
    let next: ReturnType<ValueAndGradient> | null = null;
    for (let k = 0; k < 60; k++, t /= 2) {
      const trial = fg(x.map((xi, i) => xi + t * d[i]!));
      evaluations++;
      if (Number.isFinite(trial.value) && trial.value <= cur.value + 1e-4 * t * slope) { next = trial; break; }
    }
    if (!next) {
      // No decrease at machine precision: we are at the minimum if the step had shrunk to nothing.
      return { x, value: cur.value, iterations: it, evaluations, converged: t * longest <= xtol };
    }
    const s = d.map((v) => t * v);
    const y = next.gradient.map((v, i) => v - g[i]!);
    x = x.map((xi, i) => xi + s[i]!);
    cur = next;
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      // Scale the initial identity to the curvature seen so far (Nocedal & Wright eq. 6.20).
      if (!scaled) { const gamma = sy / dot(y, y); H = H.map((row) => row.map((v) => v * gamma)); scaled = true; }
      const rho = 1 / sy;
      const Hy = H.map((row) => dot(row, y));
      const yHy = dot(y, Hy);
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded for a symmetric H.
      H = H.map((row, i) => row.map((v, j) => v - rho * (s[i]! * Hy[j]! + Hy[i]! * s[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!));
    }
    if (Math.max(...s.map(Math.abs)) <= xtol) return { x, value: cur.value, iterations: it + 1, evaluations, converged: true };
  }
  return { x, value: cur.value, iterations: maxIterations, evaluations, converged: false };
}
