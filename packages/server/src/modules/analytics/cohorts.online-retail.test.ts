import { parse } from 'csv-parse';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZhanggui } from '../../test-support/cli.js';

const FILE = path.resolve(fileURLToPath(import.meta.url), '../../../../../../../shared/data/online_retail/online_retail.csv.gz');

/**
 * Monthly cohorts computed straight from the CSV with metrics.md's definitions, independently of
 * the importer and the database: a customer's cohort is the month of their first invoice that is
 * an order (number not starting with "C" or "A", at least one line with Quantity > 0);
 * retention(k) is the share of the cohort with such an invoice in the k-th month after it.
 * InvoiceDate is the store's local time, so its first 7 characters are the business month.
 */
async function direct(to: string): Promise<{ cohorts: { cohort: string; size: number; retention: number[] }[] }> {
  const invoices = new Map<string, { customer: string; at: string; sale: boolean }>();
  const rows = fs.createReadStream(FILE).pipe(zlib.createGunzip()).pipe(parse({ columns: true }));
  for await (const r of rows as AsyncIterable<Record<string, string>>) {
    const inv = r.InvoiceNo!;
    if (inv.startsWith('C') || inv.startsWith('A') || !r.CustomerID) continue;
    const e = invoices.get(inv) ?? { customer: r.CustomerID, at: r.InvoiceDate!, sale: false };
    if (r.InvoiceDate! < e.at) e.at = r.InvoiceDate!;
    if (Number(r.Quantity) > 0) e.sale = true;
    invoices.set(inv, e);
  }
  const months = new Map<string, Set<string>>();
  for (const e of invoices.values()) {
    if (!e.sale || e.at.slice(0, 10) >= to) continue;
    (months.get(e.customer) ?? months.set(e.customer, new Set()).get(e.customer)!).add(e.at.slice(0, 7));
  }
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const last = index(new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 7));
  const cohorts = new Map<string, number[]>();
  for (const set of months.values()) {
    const first = [...set].sort()[0]!;
    const counts = cohorts.get(first) ?? cohorts.set(first, new Array<number>(last - index(first) + 1).fill(0)).get(first)!;
    for (const m of set) counts[index(m) - index(first)]!++;
  }
  return { cohorts: [...cohorts.keys()].sort().map((cohort) => {
    const counts = cohorts.get(cohort)!;
    return { cohort, size: counts[0]!, retention: counts.map((n) => n / counts[0]!) };
  }) };
}

const RANGE = ['--from', '2010-12-01', '--to', '2012-01-01'];

// The command of the issue, on the shared file, through the CLI end to end (import, then report).
describe('zhanggui report cohorts on Online Retail', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-cohorts-'));
  const serverUrl = process.env.DATABASE_URL;
  let expected: Awaited<ReturnType<typeof direct>>;
  let pgName: string | undefined;

  beforeAll(async () => {
    delete process.env.DATABASE_URL;
    expected = await direct('2012-01-01');
    if (serverUrl) {
      pgName = `zg_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${pgName}`);
      await admin.end();
    }
  }, 120_000);
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (serverUrl !== undefined) process.env.DATABASE_URL = serverUrl;
    if (pgName) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${pgName} with (force)`);
      await admin.end();
    }
  });

  const targets: [string, () => string[]][] = [['pglite', () => ['--data-dir', dataDir]]];
  if (serverUrl) targets.push(['postgres', () => ['--data-dir', `${dataDir}-pg`, '--database-url', Object.assign(new URL(serverUrl), { pathname: `/${pgName}` }).toString()]]);

  for (const [driver, where] of targets) {
    it(`prints exactly the documented JSON, equal to a direct computation from the CSV [${driver}]`, async () => {
      // The file's times are London local time: business months are London months (metrics.md).
      const store = await runZhanggui(...where(), 'store', 'set', '--currency', 'GBP', '--timezone', 'Europe/London');
      expect(store.code, store.stderr).toBe(0);
      const imported = await runZhanggui(...where(), 'import', 'online-retail', FILE);
      expect(imported.code, imported.stderr).toBe(0);
      const res = await runZhanggui(...where(), 'report', 'cohorts', ...RANGE, '--format', 'json');
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toBe(`${JSON.stringify(expected)}\n`);
      const json = JSON.parse(res.stdout) as typeof expected;
      // Spot figures: the first cohort (December 2010) and its first-month retention, from the direct computation.
      expect(json.cohorts[0]).toMatchObject({ cohort: '2010-12', size: expected.cohorts[0]!.size, retention: expect.arrayContaining([1]) });
      expect(json.cohorts).toHaveLength(13);
      expect(json.cohorts[0]!.retention).toHaveLength(13);
      expect(json.cohorts.at(-1)!.retention).toEqual([1]);
      const sizes = json.cohorts.reduce((s, c) => s + c.size, 0);
      expect(sizes).toBe(4339); // customers with at least one order in the file (the importer test's customer count includes returns-only ones)
    }, 240_000);
  }
});
