import fs from 'node:fs';
import type { Command } from 'commander';
import { parseSolomon, parseVrplib, solveRouting, solveVehiclesFirst, type RoutingInstance } from '@zhanggui/algorithms';

interface SolveOpts {
  vrplib?: string;
  solomon?: string;
  timeLimit?: number;
  seed: number;
  iterations?: number;
  objective: string;
  vehicles?: number;
  format: string;
}

const positive = (flag: string, integer: boolean) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new Error(`${flag}: expected a positive ${integer ? 'integer' : 'number'}, got '${v}'`);
  return n;
};

/**
 * The JSON the benchmark community checks: cost under the file's convention and the routes as
 * the file numbers its nodes (VRPLIB: node k of the file is solver node k-1; Solomon: CUST NO).
 */
export function routeSolveOutput(kind: 'vrplib' | 'solomon', inst: RoutingInstance, routes: number[][], cost: number, feasible: boolean, iterations: number) {
  const used = routes.filter((r) => r.length > 0);
  const fileRoutes = used.map((r) => r.map((c) => (kind === 'vrplib' ? c + 1 : c)));
  return {
    instance: inst.name,
    cost: kind === 'solomon' ? Math.round(cost * 100) / 100 : cost,
    vehicles: used.length,
    feasible,
    iterations,
    routes: fileRoutes,
  };
}

export function registerRouteCommands(program: Command): void {
  const route = program.command('route').description('Route optimisation (docs/logistics.md)');
  route.command('solve')
    .description('Solve a CVRPLIB (VRPLIB) or Solomon VRPTW instance and print the cost and routes')
    .option('--vrplib <file>', 'a CVRPLIB .vrp file (EUC_2D, rounded Euclidean distances)')
    .option('--solomon <file>', 'a Solomon VRPTW .txt file (exact Euclidean distances, cost to two decimals)')
    .option('--time-limit <seconds>', 'wall-clock budget (default 10 unless --iterations is given)', positive('--time-limit', false))
    .option('--seed <n>', 'random seed', positive('--seed', true), 1)
    .option('--iterations <n>', 'ruin-and-recreate iterations; with a seed and no time limit the result is deterministic', positive('--iterations', true))
    .option('--vehicles <n>', 'at most this many routes (VRPLIB: e.g. the k in the name; Solomon: the file\'s fleet)', positive('--vehicles', true))
    .option('--objective <o>', 'distance | vehicles-first (fewest routes, then distance; Solomon literature convention)', 'distance')
    .option('--format <format>', 'json', 'json')
    .action((opts: SolveOpts) => {
      if (!!opts.vrplib === !!opts.solomon) throw new Error('give exactly one of --vrplib FILE or --solomon FILE');
      if (opts.format !== 'json') throw new Error(`--format: only json is supported, got '${opts.format}'`);
      if (opts.objective !== 'distance' && opts.objective !== 'vehicles-first') throw new Error(`--objective: expected distance or vehicles-first, got '${opts.objective}'`);
      const kind = opts.vrplib ? 'vrplib' : 'solomon';
      const text = fs.readFileSync((opts.vrplib ?? opts.solomon)!, 'utf8');
      const parsed = kind === 'vrplib' ? parseVrplib(text) : parseSolomon(text, 'exact');
      const inst = opts.vehicles !== undefined ? { ...parsed, maxVehicles: opts.vehicles } : parsed;
      const timeLimit = opts.timeLimit ?? (opts.iterations === undefined ? 10 : undefined);
      const solve = opts.objective === 'vehicles-first' ? solveVehiclesFirst : solveRouting;
      const result = solve(inst, {
        seed: opts.seed,
        ...(opts.iterations !== undefined ? { maxIterations: opts.iterations } : {}),
        ...(timeLimit !== undefined ? { timeLimitMs: timeLimit * 1000, now: () => performance.now() } : {}),
      });
      const out = routeSolveOutput(kind, inst, result.routes, result.cost, result.feasible, result.iterations);
      // One route per line keeps the output readable and still plain JSON.
      const head = JSON.stringify({ ...out, objective: opts.objective, routes: undefined }, null, 2).slice(0, -2);
      process.stdout.write(`${head},\n  "routes": [\n${out.routes.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]\n}\n`);
      if (!result.feasible) process.exitCode = 2;
    });
}
