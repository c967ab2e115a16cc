import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runZhanggui } from '../../test-support/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-exp-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const zhanggui = runZhanggui;
const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
};

describe('zhanggui experiment analyze', () => {
  const input = { metric: 'proportion', variants: [{ name: 'control', n: 10000, sum: 1000, sumSquares: 1000 }, { name: 'B', n: 10100, sum: 1100, sumSquares: 1100 }] };
  it('prints exactly the documented JSON', async () => {
    const res = await zhanggui('experiment', 'analyze', '--input', write('s.json', input), '--format', 'json');
    expect(res.stderr).toBe('');
    const json = JSON.parse(res.stdout);
    expect(Object.keys(json)).toEqual(['variants', 'srmPValue']);
    expect(json.variants.map((v: object) => Object.keys(v))).toEqual([
      ['name', 'mean', 'absoluteLift', 'relativeLift', 'ci', 'pValue', 'chanceToWin', 'expectedLoss'],
      ['name', 'mean', 'absoluteLift', 'relativeLift', 'ci', 'pValue', 'chanceToWin', 'expectedLoss'],
    ]);
    expect(json.variants[0]).toMatchObject({ name: 'control', mean: 0.1, absoluteLift: null, relativeLift: null, ci: null, pValue: null });
    // statsmodels proportions_ztest([1100, 1000], [10100, 10000]) → p = 0.0389167491743038; scipy chisquare([10000, 10100]) → 0.4805951793536507
    expect(json.variants[1].pValue).toBeCloseTo(0.0389167491743038, 12);
    expect(json.srmPValue).toBeCloseTo(0.4805951793536507, 12);
    // Delta-method CI of the relative lift, stats.norm.ppf(0.975): [0.000836, 0.177382]
    expect(json.variants[1].ci[0]).toBeCloseTo(0.0008359398031349413, 9);
  });
  it('takes --alpha', async () => {
    const res = await zhanggui('experiment', 'analyze', '--input', write('s.json', input), '--alpha', '0.1', '--format', 'json');
    // stats.norm.ppf(0.95) with the same delta-method standard error
    expect(JSON.parse(res.stdout).variants[1].ci[0]).toBeCloseTo(0.01502789828009607, 9);
    const bad = await zhanggui('experiment', 'analyze', '--input', write('s.json', input), '--alpha', '2');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("--alpha: expected a number between 0 and 1, got '2'");
  });
  it('names the bad field', async () => {
    const res = await zhanggui('experiment', 'analyze', '--input', write('bad.json', { metric: 'proportion', variants: [{ name: 'a', n: 1, sum: 0, sumSquares: 0 }, input.variants[1]] }));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('variants[0].n:');
  });
});
