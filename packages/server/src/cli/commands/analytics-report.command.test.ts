import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createGoal } from '../../modules/analytics/index.js';
import { openPlatform } from '../../platform.js';
import { runZhanggui } from '../../test-support/cli.js';

// Two tmall orders on 2 and 3 January 2024 (100.00 and 50.00, c1 and c2) in an embedded data directory.
const CSV = `order_id,placed_at,channel,device,customer_id,sku,quantity,unit_price,paid_at
O1,2024-01-02 10:00,tmall,mobile,c1,A,1,100.00,2024-01-02 10:01
O2,2024-01-03 10:00,tmall,desktop,c2,B,1,50.00,2024-01-03 10:01
`;

describe('zhanggui report overview | funnel | channels | cohorts | goals', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-reports-'));
  const { DATABASE_URL: serverUrl } = process.env;
  const zg = (...args: string[]) => runZhanggui('--data-dir', path.join(dir, 'data'), ...args);
  beforeAll(async () => {
    delete process.env.DATABASE_URL;
    fs.writeFileSync(path.join(dir, 'orders.csv'), CSV);
    const imported = await zg('import', 'orders-csv', path.join(dir, 'orders.csv'));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('alerts: rules evaluated for 2 days 2024-01-02 … 2024-01-03; 0 opened');
  }, 60_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (serverUrl !== undefined) process.env.DATABASE_URL = serverUrl;
  });

  it('prints the overview as CSV rows of metric, current and previous', async () => {
    const res = await zg('report', 'overview', '--from', '2024-01-01', '--to', '2024-01-08', '--format', 'csv');
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toBe('metric,current,previous');
    expect(lines).toContain('gmv,15000,0');
    expect(lines).toContain('buyers,2,0');
    expect(lines).toContain('aov,7500,');
  });

  it('prints the funnel, channels and cohorts as tables and JSON', async () => {
    const funnel = await zg('report', 'funnel', '--from', '2024-01-01', '--to', '2024-01-08', '--by', 'channel', '--format', 'json');
    expect(JSON.parse(funnel.stdout)).toMatchObject({ range: { from: '2024-01-01', to: '2024-01-08' }, groups: [] }); // no traffic imported
    const channels = await zg('report', 'channels', '--from', '2024-01-01', '--to', '2024-01-08', '--format', 'table');
    expect(channels.stdout).toMatch(/^channel\s+name\s+spend/);
    expect(channels.stdout).toMatch(/attribution: last_non_direct_touch, 7 days; ROI target 1\.8/);
    const cohorts = await zg('report', 'cohorts', '--from', '2024-01-01', '--to', '2024-02-01', '--format', 'json');
    expect(cohorts.stdout).toBe(`${JSON.stringify({ cohorts: [{ cohort: '2024-01', size: 2, retention: [1] }] })}\n`);
    const bad = await zg('report', 'funnel', '--from', '2024-01-01', '--to', '2024-01-08', '--by', 'city');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--by: expected none, channel, device, got 'city'/);
  });

  it('prints goals with their status', async () => {
    const res = await zg('report', 'goals', '--as-of', '2024-01-05', '--format', 'json');
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ goals: [] });
    // A goal on the mobile device: O1 (100.00) is January's only mobile order; 5 of 31 days → 10000 × 31 / 5 = 62000 ≥ 50000.
    const p = await openPlatform(loadConfig({ dataDir: path.join(dir, 'data') }));
    try {
      await createGoal(p.database.db, { name: '手机 GMV', metric: 'gmv', device: 'mobile', startsOn: '2024-01-01', endsOn: '2024-02-01', target: 50_000, owner: '王' });
    } finally {
      await p.close();
    }
    const csv = await zg('report', 'goals', '--as-of', '2024-01-05', '--format', 'csv');
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.trim().split('\n')).toEqual([
      'id,name,metric,channel,device,period,target,actual,projected,progress,status,owner',
      '1,手机 GMV,gmv,,mobile,2024-01-01…2024-02-01,50000,10000,62000,0.2,on_track,王',
    ]);
  });
});
