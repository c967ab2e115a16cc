import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSolution, solutionCost } from './solution-check.js';
import { parseSolomon } from './solomon-parse.js';
import { parseCvrplibSolution as parseSol } from './sol-parse.js';
import { parseVrplib } from './vrplib-parse.js';

const readData = (p: string) => readFileSync(new URL(`../../../../../shared/data/${p}`, import.meta.url), 'utf8');

function readCsv(p: string): Record<string, string>[] {
  const [head, ...rows] = readData(p).trim().split(/\r?\n/);
  const cols = head!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').slice(0, cols.length).map((v, i) => [cols[i]!, v])));
}

describe('cost of the shipped solutions (recomputed, not read)', () => {
  it('A-n32-k5 = 784, P-n16-k8 = 450 under rounded Euclidean distances', () => {
    for (const [set, name, cost] of [['A', 'A-n32-k5', 784], ['P', 'P-n16-k8', 450]] as const) {
      const inst = parseVrplib(readData(`cvrplib/${set}/${name}.vrp`));
      const sol = parseSol(readData(`cvrplib/solutions/${name}.sol`));
      expect(checkSolution(inst, sol.routes)).toEqual([]);
      expect(solutionCost(inst, sol.routes)).toBe(cost);
    }
  });

  it('every CVRPLIB .sol matches bks.csv verified_solution_cost and is feasible', () => {
    const rows = readCsv('cvrplib/bks.csv').filter((r) => r.verified_solution_cost !== '');
    expect(rows.length).toBe(48);
    for (const r of rows) {
      const inst = parseVrplib(readData(`cvrplib/${r.set}/${r.instance}.vrp`));
      const sol = parseSol(readData(`cvrplib/solutions/${r.instance}.sol`));
      expect(checkSolution(inst, sol.routes), r.instance).toEqual([]);
      expect(solutionCost(inst, sol.routes), r.instance).toBe(Number(r.verified_solution_cost));
    }
  });

  it('Solomon C101 = 827.3 with one-decimal truncation; all 56 .sol files match and are feasible', () => {
    const c101 = parseSolomon(readData('solomon/instances/C101.txt'));
    const sol = parseSol(readData('solomon/solutions/C101.sol'));
    expect(Math.round(solutionCost(c101, sol.routes) * 10) / 10).toBe(827.3);
    const rows = readCsv('solomon/bks.csv');
    expect(rows.length).toBe(56);
    for (const r of rows) {
      const inst = parseSolomon(readData(`solomon/instances/${r.instance}.txt`));
      const s = parseSol(readData(`solomon/solutions/${r.instance}.sol`));
      expect(checkSolution(inst, s.routes), r.instance).toEqual([]);
      expect(Math.round(solutionCost(inst, s.routes) * 10) / 10, r.instance).toBe(Number(r.cvrplib_sol_cost));
    }
  });
});

describe('checkSolution', () => {
  const inst = parseVrplib(readData('cvrplib/P/P-n16-k8.vrp'));
  const sol = parseSol(readData('cvrplib/solutions/P-n16-k8.sol'));

  it('reports a missing customer, a duplicate and an overloaded route', () => {
    const broken = sol.routes.map((r) => r.slice());
    const moved = broken[0]!.pop()!;
    expect(checkSolution(inst, broken)).toEqual([`customer ${moved} is not visited`]);
    broken[1]!.push(broken[2]![0]!);
    const problems = checkSolution(inst, broken);
    expect(problems).toContain(`customer ${broken[2]![0]} is visited more than once`);
    expect(checkSolution(inst, [Array.from({ length: 15 }, (_, i) => i + 1)])[0]).toMatch(/carries 246 > capacity 35/);
  });

  it('reports a missed time window', () => {
    const c101 = parseSolomon(readData('solomon/instances/C101.txt'));
    const s = parseSol(readData('solomon/solutions/C101.sol'));
    const late = s.routes.map((r) => r.slice().reverse());
    expect(checkSolution(c101, late)).toContain('route 0 misses a time window');
  });
});
