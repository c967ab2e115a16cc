import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runZhanggui } from '../../test-support/cli.js';

const data = (p: string) => new URL(`../../../../../../shared/data/${p}`, import.meta.url).pathname;

const zhanggui = runZhanggui;

/**
 * An independent checker written from the file formats alone (not the solver's parser or
 * checker): every customer exactly once, capacity, Solomon time windows, and the cost recomputed
 * under the benchmark's distance convention.
 */
function checkVrplib(text: string, routes: number[][]): { cost: number; problems: string[] } {
  const section = (name: string) => text.split(name)[1]!.split(/\n[A-Z_]+/)[0]!.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const coords = new Map(section('NODE_COORD_SECTION').map(([k, x, y]) => [k!, [x!, y!] as const]));
  const demand = new Map(section('DEMAND_SECTION').map(([k, d]) => [k!, d!]));
  const capacity = Number(/CAPACITY\s*:\s*(\d+)/.exec(text)![1]);
  const d = (a: number, b: number) => Math.round(Math.hypot(coords.get(a)![0] - coords.get(b)![0], coords.get(a)![1] - coords.get(b)![1]));
  const problems: string[] = [];
  const seen = new Set<number>();
  let cost = 0;
  for (const r of routes) {
    let load = 0;
    [1, ...r, 1].forEach((n, i, all) => { if (i > 0) cost += d(all[i - 1]!, n); });
    for (const c of r) {
      if (c === 1 || !coords.has(c) || seen.has(c)) problems.push(`bad or repeated node ${c}`);
      seen.add(c);
      load += demand.get(c)!;
    }
    if (load > capacity) problems.push(`load ${load} > ${capacity}`);
  }
  if (seen.size !== coords.size - 1) problems.push(`${seen.size} of ${coords.size - 1} customers visited`);
  return { cost, problems };
}

function checkSolomon(text: string, routes: number[][]): { cost: number; problems: string[] } {
  const rows = text.split('\n').filter((l) => /^\s*\d+(\s+[\d.]+){6}\s*$/.test(l)).map((l) => l.trim().split(/\s+/).map(Number));
  const capacity = Number(text.split('CAPACITY')[1]!.trim().split(/\s+/)[1]);
  const node = new Map(rows.map((r) => [r[0]!, { x: r[1]!, y: r[2]!, q: r[3]!, ready: r[4]!, due: r[5]!, service: r[6]! }]));
  const d = (a: number, b: number) => Math.hypot(node.get(a)!.x - node.get(b)!.x, node.get(a)!.y - node.get(b)!.y);
  const problems: string[] = [];
  const seen = new Set<number>();
  let cost = 0;
  for (const r of routes) {
    let t = 0;
    let load = 0;
    let prev = 0;
    for (const c of [...r, 0]) {
      const n = node.get(c)!;
      cost += d(prev, c);
      t = Math.max(t + node.get(prev)!.service + d(prev, c), n.ready);
      if (t > n.due + 1e-9) problems.push(`node ${c} served at ${t} after ${n.due}`);
      if (c !== 0) {
        if (seen.has(c)) problems.push(`node ${c} repeated`);
        seen.add(c);
        load += n.q;
      }
      prev = c;
    }
    if (load > capacity) problems.push(`load ${load} > ${capacity}`);
  }
  if (seen.size !== node.size - 1) problems.push(`${seen.size} of ${node.size - 1} customers visited`);
  return { cost, problems };
}

describe('zhanggui route solve', () => {
  it('solves a CVRPLIB instance: routes in file numbering, cost as the independent checker recomputes it', async () => {
    const file = data('cvrplib/A/A-n32-k5.vrp');
    const res = await zhanggui('route', 'solve', '--vrplib', file, '--iterations', '10000', '--seed', '7', '--format', 'json');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { cost: number; routes: number[][]; feasible: boolean; vehicles: number };
    const check = checkVrplib(fs.readFileSync(file, 'utf8'), out.routes);
    expect(check.problems).toEqual([]);
    expect(out.cost).toBe(check.cost);
    // 784 is the proven optimum (CVRPLIB, bks.csv); 10,000 iterations with seed 7 reach it (1% slack).
    expect(out.cost).toBeGreaterThanOrEqual(784);
    expect(out.cost).toBeLessThanOrEqual(784 * 1.01);
    expect(out.routes.flat()).not.toContain(1);
  });

  it('is deterministic for a seed and an iteration count', async () => {
    const file = data('cvrplib/P/P-n16-k8.vrp');
    const a = await zhanggui('route', 'solve', '--vrplib', file, '--iterations', '400', '--seed', '11');
    const b = await zhanggui('route', 'solve', '--vrplib', file, '--iterations', '400', '--seed', '11');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('solves a Solomon instance with exact distances to two decimals, distance or vehicles first', async () => {
    const file = data('solomon/instances/C101.txt');
    const text = fs.readFileSync(file, 'utf8');
    for (const objective of ['distance', 'vehicles-first']) {
      const res = await zhanggui('route', 'solve', '--solomon', file, '--iterations', '300', '--seed', '3', '--objective', objective);
      expect(res.code).toBe(0);
      const out = JSON.parse(res.stdout) as { cost: number; routes: number[][]; vehicles: number };
      const check = checkSolomon(text, out.routes);
      expect(check.problems).toEqual([]);
      expect(out.cost).toBe(Math.round(check.cost * 100) / 100);
      // Literature best for C101 (bks.csv, hierarchical): 10 vehicles, 828.94.
      expect(out.vehicles).toBeGreaterThanOrEqual(10);
      expect(out.cost).toBeGreaterThanOrEqual(828.93);
    }
  });

  it('rejects a call without exactly one instance file', async () => {
    const res = await zhanggui('route', 'solve', '--iterations', '10');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/exactly one of --vrplib FILE or --solomon FILE/);
  });
});
