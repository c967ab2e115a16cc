import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZhanggui } from '../test-support/cli.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-cli-'));
// These tests are about the embedded database and its data directory: a DATABASE_URL in the
// environment (CI sets one for the driver suites) would send the CLI to the server instead.
const { DATABASE_URL: serverUrl, ...embeddedEnv } = process.env;

/** The CLI in this process against the test's data directory. */
const zhanggui = (...args: string[]) => runZhanggui('--data-dir', dataDir, ...args);

describe('zhanggui CLI', () => {
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (serverUrl !== undefined) process.env.DATABASE_URL = serverUrl;
  });
  beforeAll(() => {
    delete process.env.DATABASE_URL;
  });

  beforeAll(async () => {
    const sim = await zhanggui('simulate', '--days', '40', '--customers', '300', '--seed', '5', '--end-date', '2026-02-28');
    expect(sim).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Simulated 40 days to 2026-02-28: [\d,]+ rows/) });
  });

  it('prints the KPI report as the documented JSON', async () => {
    const res = await zhanggui('report', 'kpis', '--from', '2026-01-01', '--to', '2026-03-01', '--granularity', 'month', '--format', 'json');
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json.currency).toBe('CNY');
    expect(json.rows.map((r: { period: string }) => r.period)).toEqual(['2026-01', '2026-02']);
    expect(Object.keys(json.rows[0])).toEqual(['period', 'orders', 'gmv', 'paidAmount', 'refunds', 'netSales', 'buyers', 'newBuyers', 'repurchaseRate', 'aov', 'arppu']);
    expect(json.rows[1].orders).toBeGreaterThan(0);
    const csv = await zhanggui('report', 'kpis', '--from', '2026-02-01', '--to', '2026-02-03', '--granularity', 'day', '--format', 'csv');
    expect(csv.stdout.split('\n')[0]).toBe('period,orders,gmv,paidAmount,refunds,netSales,buyers,newBuyers,repurchaseRate,aov,arppu');
    expect(csv.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('runs the pipeline for a date and records the run', async () => {
    const run = await zhanggui('pipeline', 'run', '--as-of', '2026-02-28');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/kpi-daily\s+succeeded/);
    const runs = await zhanggui('pipeline', 'runs', '--format', 'json');
    // Newest first; other steps ran after kpi-daily in the same run.
    expect(JSON.parse(runs.stdout).find((r: { step: string }) => r.step === 'kpi-daily')).toMatchObject({ step: 'kpi-daily', asOf: '2026-02-28', status: 'succeeded' });
  });

  it('rejects a bad file with every bad row and the exit code, and changes nothing', async () => {
    const file = path.join(dataDir, 'bad.csv');
    fs.writeFileSync(file, 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n'
      + '900001,X1,ok,1,2011-01-01 10:00:00,1.50,1,UK\n900002,X1,bad,abc,2011-01-01 10:00:00,1.50,1,UK\n900003,X1,bad,1,2011-02-30 10:00:00,1.50,1,UK\n');
    const before = await zhanggui('report', 'kpis', '--from', '2011-01-01', '--to', '2011-02-01', '--format', 'json');
    const res = await zhanggui('import', 'online-retail', file);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('bad.csv:3: Quantity: not an integer');
    expect(res.stderr).toMatch(/bad\.csv:4: InvoiceDate: not a date/);
    expect((await zhanggui('report', 'kpis', '--from', '2011-01-01', '--to', '2011-02-01', '--format', 'json')).stdout).toBe(before.stdout);
  });

  it('says what is wrong with a flag', async () => {
    expect((await zhanggui('report', 'kpis', '--from', '2026-13-01', '--to', '2026-02-01')).stderr).toMatch(/--from: expected a date YYYY-MM-DD, got '2026-13-01'/);
    expect((await zhanggui('pipeline', 'run', '--step', 'nope')).stderr).toMatch(/no step named nope/);
    expect((await zhanggui('import', 'excel', 'x.xlsx')).stderr).toMatch(/source: expected one of orders-csv, online-retail, cdnow/);
  });

  it('adds a user and refuses a duplicate', async () => {
    const add = await zhanggui('user', 'add', 'xiaoli', '--role', 'analyst');
    expect(add.stdout).toMatch(/Added xiaoli \(analyst\)\.\nOne-time password: \S{10,}/);
    expect((await zhanggui('user', 'add', 'xiaoli', '--role', 'analyst')).code).toBe(1);
    expect((await zhanggui('user', 'add', 'x2', '--role', 'boss')).stderr).toMatch(/--role: expected one of owner, operator/);
  });

  it('refuses a second process on a data directory in use, naming the holder', async () => {
    const server = spawn(process.execPath, [MAIN, '--data-dir', dataDir, 'serve', '--port', '0'], { env: embeddedEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (d: Buffer) => d.toString().includes('serving on') && resolve());
        server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const second = spawn(process.execPath, [MAIN, '--data-dir', dataDir, 'db', 'migrate'], { env: embeddedEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      second.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise((r) => second.on('exit', r));
      expect(code).toBe(1);
      expect(stderr).toContain(`is in use by process ${server.pid}`);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.on('exit', r));
    }
    // The server released the directory on a clean stop.
    expect((await zhanggui('db', 'migrate')).stdout).toMatch(/Migrations applied \(pglite\)/);
  });
});
