import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSolomon } from './solomon-parse.js';
import { parseVrplib } from './vrplib-parse.js';

const readData = (p: string) => readFileSync(new URL(`../../../../../shared/data/${p}`, import.meta.url), 'utf8');

describe('parseVrplib', () => {
  it('reads A-n32-k5: dimension, capacity, demands and rounded Euclidean distances', () => {
    const inst = parseVrplib(readData('cvrplib/A/A-n32-k5.vrp'));
    expect(inst.name).toBe('A-n32-k5');
    expect(inst.size).toBe(32);
    expect(inst.capacity).toBe(100);
    expect(Array.from(inst.demand.slice(0, 6))).toEqual([0, 19, 21, 6, 19, 7]);
    expect(inst.demand.reduce((a, b) => a + b, 0)).toBe(410);
    expect([inst.x[0], inst.y[0], inst.x[1], inst.y[1]]).toEqual([82, 76, 96, 44]);
    // Node 1 (82,76) to node 2 (96,44): sqrt(14² + 32²) = 34.93 → 35.
    expect(inst.distance[1]).toBe(35);
    expect(inst.timeWindows).toBeUndefined();
  });

  it('rejects non-Euclidean edge weights', () => {
    expect(() => parseVrplib('NAME : x\nDIMENSION : 2\nCAPACITY : 1\nEDGE_WEIGHT_TYPE : EXPLICIT\n')).toThrow(/EUC_2D/);
  });
});

describe('parseSolomon', () => {
  it('reads C101: fleet, capacity, windows and service times', () => {
    const inst = parseSolomon(readData('solomon/instances/C101.txt'));
    expect(inst.name).toBe('C101');
    expect(inst.size).toBe(101);
    expect(inst.capacity).toBe(200);
    expect(inst.maxVehicles).toBe(25);
    const tw = inst.timeWindows!;
    expect([inst.x[1], inst.y[1], inst.demand[1], tw.ready[1], tw.due[1], tw.service[1]]).toEqual([45, 68, 10, 912, 967, 90]);
    expect([tw.ready[0], tw.due[0], tw.service[0]]).toEqual([0, 1236, 0]);
    expect([inst.demand[100], tw.ready[100], tw.due[100]]).toEqual([20, 647, 726]);
    // Depot (40,50) to customer 1 (45,68): sqrt(349) = 18.68 → 18.6 truncated, 18.68… exact.
    expect(inst.distance[1]).toBe(18.6);
    expect(parseSolomon(readData('solomon/instances/C101.txt'), 'exact').distance[1]).toBeCloseTo(Math.sqrt(349), 12);
  });
});
