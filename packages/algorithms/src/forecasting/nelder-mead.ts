// Nelder–Mead simplex minimisation (Nelder & Mead 1965, the standard coefficients 1, 2, ½, ½)
// used to fit smoothing parameters; bounds are enforced by the objective returning Infinity.

export interface NelderMeadOptions {
  /** Initial simplex step per coordinate; parameters of very different scale need their own. */
  step: readonly number[];
  maxEvaluations?: number;
  /** Stop when the spread of objective values across the simplex falls below this (relative). */
  tolerance?: number;
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
}

export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], opts: NelderMeadOptions): NelderMeadResult {
  const d = x0.length;
  const maxEval = opts.maxEvaluations ?? 200 * d;
  const tol = opts.tolerance ?? 1e-10;
  let evaluations = 0;
  const evalf = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  const pts: number[][] = [[...x0]];
  for (let i = 0; i < d; i++) {
    const p = [...x0];
    p[i]! += opts.step[i]!;
    pts.push(p);
  }
  const vals = pts.map(evalf);
  const blend = (a: number[], b: number[], t: number) => a.map((v, i) => v + t * (b[i]! - v));
  while (evaluations < maxEval) {
    const order = vals.map((_, i) => i).sort((a, b) => vals[a]! - vals[b]!);
    const sortedPts = order.map((i) => pts[i]!);
    const sortedVals = order.map((i) => vals[i]!);
    pts.splice(0, pts.length, ...sortedPts);
    vals.splice(0, vals.length, ...sortedVals);
    const best = vals[0]!;
    const worst = vals[d]!;
    if (Number.isFinite(worst) && Math.abs(worst - best) <= tol * (Math.abs(best) + tol)) break;
    const centroid = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j]! += pts[i]![j]! / d;
    const reflected = blend(centroid, pts[d]!, -1);
    const fr = evalf(reflected);
    if (fr < best) {
      const expanded = blend(centroid, pts[d]!, -2);
      const fe = evalf(expanded);
      if (fe < fr) [pts[d], vals[d]] = [expanded, fe];
      else [pts[d], vals[d]] = [reflected, fr];
    } else if (fr < vals[d - 1]!) {
      [pts[d], vals[d]] = [reflected, fr];
    } else {
      // Contract towards the better of the worst point and its reflection.
      const outside = fr < worst;
      const contracted = blend(centroid, outside ? reflected : pts[d]!, 0.5);
      const fc = evalf(contracted);
      if (fc < (outside ? fr : worst)) {
        [pts[d], vals[d]] = [contracted, fc];
      } else {
        for (let i = 1; i <= d; i++) {
          pts[i] = blend(pts[0]!, pts[i]!, 0.5);
          vals[i] = evalf(pts[i]!);
        }
      }
    }
  }
  let bi = 0;
  for (let i = 1; i <= d; i++) if (vals[i]! < vals[bi]!) bi = i;
  return { x: pts[bi]!, value: vals[bi]!, evaluations };
}
