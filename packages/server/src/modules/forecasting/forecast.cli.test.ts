// `zhanggui forecast series`: the engine from outside, no database — output shape, hand-computed
// intervals, dates, and errors that name file:line and field.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runZhanggui } from '../../test-support/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-forecast-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const zhanggui = runZhanggui;

const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

describe('zhanggui forecast series', () => {
  it('prints series_id,step,forecast,lo_80,hi_80 with hand-computed naive intervals', async () => {
    // y = 10, 12, 11, 13: one-step differences 2, −1, 2 → σ = √(9/3) = √3; naive forecast 13 and
    // se_h = √3·√h; z_0.9 = 1.2815515655 → step 1: 13 ∓ 2.219712, step 2: 13 ∓ √6·1.2815515655 = 13 ∓ 3.139147.
    const input = file('a.csv', 'series_id,t,y\nA,1,10\nA,2,12\nA,3,11\nA,4,13\n');
    const res = await zhanggui('forecast', 'series', '--input', input, '--horizon', '2', '--model', 'naive', '--levels', '80', '--format', 'csv');
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout.trim().split('\n')).toEqual([
      'series_id,step,forecast,lo_80,hi_80',
      'A,1,13,10.780288,15.219712',
      'A,2,13,9.860853,16.139147',
    ]);
  });

  it('reads weekly ISO dates, chooses a model per series and explains it in JSON', async () => {
    const rows = ['series_id,t,y'];
    for (let i = 0; i < 30; i++) rows.push(`trend,${new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10)},${100 + 3 * i}`);
    for (let i = 0; i < 30; i++) rows.push(`spares,${i},${i % 5 === 0 ? 2 : 0}`);
    const input = file('b.csv', `${rows.join('\n')}\n`);
    const res = await zhanggui('forecast', 'series', '--input', input, '--horizon', '4', '--levels', '95,80', '--format', 'json');
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json.levels).toEqual([80, 95]);
    const [trend, spares] = json.series;
    expect(trend).toMatchObject({ series_id: 'trend', observations: 30, demandClass: 'smooth', selectedBy: 'backtest' });
    expect(['holt', 'damped']).toContain(trend.model);
    // the line 100 + 3t continues: t = 30 → 190
    expect(trend.forecasts[0].forecast).toBeCloseTo(190, 0);
    expect(Object.keys(trend.forecasts[0])).toEqual(['step', 'forecast', 'lo_80', 'hi_80', 'lo_95', 'hi_95']);
    // ADI 30/6 = 5, all sizes 2 → intermittent
    expect(spares).toMatchObject({ demandClass: 'intermittent' });
    expect(['croston', 'sba', 'tsb', 'adida', 'ses']).toContain(spares.model);
    expect(spares.forecasts[0].lo_95).toBeGreaterThanOrEqual(0);
  });

  it('names file, line and field for every bad row and prints nothing', async () => {
    const input = file('bad.csv', 'series_id,t,y\nA,1,10\nA,2,x\nA,4,3\nB,2026-02-30,1\nC,2026-01-01,1\nC,2026-01-03,2\nA,5,1\nD,1\n');
    const res = await zhanggui('forecast', 'series', '--input', input, '--horizon', '3');
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(`${input}: 6 problems, nothing forecast`);
    expect(res.stderr).toContain(`${input}:3: y: not a number: 'x'`);
    expect(res.stderr).toContain(`${input}:4: t: expected 3 after 2 in series 'A' (rows in order, no gaps), got 4`);
    expect(res.stderr).toContain(`${input}:5: t: expected an integer index or an ISO date YYYY-MM-DD, got '2026-02-30'`);
    expect(res.stderr).toContain(`${input}:7: t: dates of series 'C' must be 1 day (daily) or 7 days (weekly) apart, got 2 days`);
    expect(res.stderr).toContain(`${input}:8: series_id: rows of series 'A' are not together`);
    expect(res.stderr).toContain(`${input}:9: expected 3 fields (series_id,t,y), got 2`);
  });

  it('rejects a wrong header, an unknown model, bad levels and a model the data cannot take', async () => {
    const bad = await zhanggui('forecast', 'series', '--input', file('h.csv', 'id,t,y\nA,1,1\n'), '--horizon', '3');
    expect(bad.stderr).toContain("h.csv:1: header: expected 'series_id,t,y', got 'id,t,y'");
    const ok = file('ok.csv', 'series_id,t,y\nA,1,1\nA,2,-2\nA,3,3\n');
    expect((await zhanggui('forecast', 'series', '--input', ok, '--horizon', '3', '--model', 'arima')).stderr).toMatch(/--model: expected auto or one of naive/);
    expect((await zhanggui('forecast', 'series', '--input', ok, '--horizon', '3', '--levels', '80,100')).stderr).toMatch(/--levels: expected integers from 1 to 99/);
    const neg = await zhanggui('forecast', 'series', '--input', ok, '--horizon', '3', '--model', 'croston');
    expect(neg.code).toBe(1);
    expect(neg.stderr).toContain("ok.csv:2: series 'A': croston: y[1] must be >= 0 for demand data, got -2");
    const missing = await zhanggui('forecast', 'series', '--input', path.join(dir, 'nope.csv'), '--horizon', '3');
    expect(missing.stderr).toMatch(/--input: cannot read .*nope\.csv: ENOENT/);
  });
});
