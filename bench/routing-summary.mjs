// The routing bench's averages, shared by routing.bench.mjs and routing-merge.mjs.

// P-n55-k8's listed optimum (588) uses exactly 8 routes; with at most 8, 576 (7 routes) is reachable.
export const FLEET_CAVEAT = new Set(['P-n55-k8']);

export const NOTE = 'gap = (cost - bks) / bks; CVRPLIB rounded Euclidean vs bks.csv `bks`; Solomon distance-only, truncated to one decimal, vs `cvrplib_sol_cost`. '
  + 'CVRP fleet = k in the name (at most). Averages are over feasible results only (infeasible ones are listed); averageGapPct also leaves out P-n55-k8 (its optimum uses exactly 8 routes, 7 do better), averageGapPctAll keeps it.';

const mean = (xs) => (xs.length ? +(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3) : null);

/** Per budget: instances, average gap (feasible only, with and without the fleet caveat), optima matched, infeasible. */
export function summarise(rows, label) {
  const budgets = [...new Set(rows.map((r) => r.seconds))].sort((a, b) => a - b);
  return budgets.map((seconds) => {
    const at = rows.filter((r) => r.seconds === seconds);
    const comparable = at.filter((r) => r.feasible && !FLEET_CAVEAT.has(r.instance));
    return { set: label, seconds, instances: at.length, averageGapPct: mean(comparable.map((r) => r.gapPct)),
      averageGapPctAll: mean(at.filter((r) => r.feasible).map((r) => r.gapPct)), optimaMatched: at.filter((r) => r.feasible && r.gapPct <= 0).length,
      infeasible: at.filter((r) => !r.feasible).map((r) => r.instance) };
  });
}
