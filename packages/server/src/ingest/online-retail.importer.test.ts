import { parse } from 'csv-parse';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { KpiRow } from '@zhanggui/contracts';
import { queryRows, type Tx } from '../db/client.js';
import { cohortReport, kpiReport } from '../modules/analytics/index.js';
import { SYSTEM_ACTOR } from '../modules/identity/index.js';
import { updateStoreSettings } from '../modules/store/index.js';
import { forEachDriver } from '../test-support/db.js';
import { importFile } from './index.js';

const FILE = path.resolve(fileURLToPath(import.meta.url), '../../../../../../shared/data/online_retail/online_retail.csv.gz');

/**
 * The monthly KPIs computed straight from the CSV with metrics.md's definitions and the
 * documented mapping ("A" bad-debt invoices are not sales; prices rounded to pence; InvoiceDate
 * is London time, so its month is the business month), independently of the importer.
 */
async function expectedMonthly() {
  const invoices = new Map<string, { at: string; customer: string; gmv: number; sale: boolean; refund: number }>();
  let nonPositive = 0;
  const stockCodes = new Set<string>();
  const rows = fs.createReadStream(FILE).pipe(zlib.createGunzip()).pipe(parse({ columns: true }));
  for await (const r of rows as AsyncIterable<Record<string, string>>) {
    const inv = r.InvoiceNo!;
    if (inv.startsWith('A')) continue;
    stockCodes.add(r.StockCode!);
    const q = Number(r.Quantity);
    const price = Math.round(Number(r.UnitPrice) * 100);
    const e = invoices.get(inv) ?? { at: r.InvoiceDate!, customer: r.CustomerID!, gmv: 0, sale: false, refund: 0 };
    if (r.InvoiceDate! < e.at) e.at = r.InvoiceDate!;
    if (inv.startsWith('C')) e.refund += Math.abs(q * price);
    else if (q > 0) Object.assign(e, { gmv: e.gmv + q * price, sale: true });
    else nonPositive++;
    invoices.set(inv, e);
  }
  const months = new Map<string, { orders: number; gmv: number; refunds: number; buyers: Map<string, number> }>();
  const month = (m: string) => months.get(m) ?? months.set(m, { orders: 0, gmv: 0, refunds: 0, buyers: new Map() }).get(m)!;
  const firstMonth = new Map<string, string>();
  let orders = 0;
  let refunds = 0;
  for (const [inv, e] of invoices) {
    const m = month(e.at.slice(0, 7));
    if (inv.startsWith('C')) {
      m.refunds += e.refund;
      refunds++;
    } else if (e.sale) {
      orders++;
      m.orders++;
      m.gmv += e.gmv;
      if (e.customer) {
        m.buyers.set(e.customer, (m.buyers.get(e.customer) ?? 0) + 1);
        if (!(firstMonth.get(e.customer)! <= e.at.slice(0, 7))) firstMonth.set(e.customer, e.at.slice(0, 7));
      }
    }
  }
  const kpis: KpiRow[] = [...months.keys()].sort().map((period) => {
    const m = months.get(period)!;
    const buyers = m.buyers.size;
    return {
      period, orders: m.orders, gmv: m.gmv, paidAmount: m.gmv, refunds: m.refunds, netSales: m.gmv - m.refunds,
      buyers, newBuyers: [...m.buyers.keys()].filter((c) => firstMonth.get(c) === period).length,
      repurchaseRate: buyers ? [...m.buyers.values()].filter((n) => n >= 2).length / buyers : null,
      aov: m.orders ? Math.round(m.gmv / m.orders) : null, arppu: buyers ? Math.round(m.gmv / buyers) : null,
    };
  });
  return { kpis, orders, refunds, nonPositive, skus: stockCodes.size, customers: new Set([...invoices.values()].map((e) => e.customer).filter(Boolean)).size };
}

const tableCounts = async (db: Tx) => (await queryRows(db, sql`select
  (select count(*) from orders) as orders, (select count(*) from order_lines) as lines, (select count(*) from payments) as payments,
  (select count(*) from refunds) as refunds, (select count(*) from refund_lines) as refund_lines,
  (select count(*) from customers) as customers, (select count(*) from skus) as skus`))[0];

/**
 * Monthly cohorts computed straight from the CSV with metrics.md's definitions, independently of
 * the importer and the database: a customer's cohort is the month of their first invoice that is
 * an order (number not starting with "C" or "A", at least one line with Quantity > 0);
 * retention(k) is the share of the cohort with such an invoice in the k-th month after it.
 * InvoiceDate is the store's local time, so its first 7 characters are the business month.
 */
async function directCohorts(to: string): Promise<{ cohorts: { cohort: string; size: number; retention: number[] }[] }> {
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

let expected: Awaited<ReturnType<typeof expectedMonthly>>;
let expectedCohorts: Awaited<ReturnType<typeof directCohorts>>;
beforeAll(async () => {
  [expected, expectedCohorts] = await Promise.all([expectedMonthly(), directCohorts('2012-01-01')]);
}, 120_000);

forEachDriver('online-retail import', (t) => {
  it('gives the monthly KPIs a direct computation from the CSV gives', async () => {
    const { db } = t().database;
    await updateStoreSettings(db, SYSTEM_ACTOR, { currency: 'GBP', timeZone: 'Europe/London' });
    const summary = await importFile(t(), 'online-retail', FILE);
    console.info(`online-retail import [${t().database.driver}]: ${summary.durationMs} ms`);
    expect({ ...summary, durationMs: 0 }).toEqual({
      source: 'online-retail', rowsRead: 541_909, rowsRejected: 0, orders: expected.orders, orderLines: expect.any(Number),
      refunds: expected.refunds, customers: expected.customers, skus: expected.skus, durationMs: 0,
      skipped: { bad_debt_adjustment: 3, non_positive_quantity: expected.nonPositive },
      // Alert rules are evaluated for the file's last 7 trading days (there are none to fire here).
      alerts: { days: ['2011-12-02', '2011-12-04', '2011-12-05', '2011-12-06', '2011-12-07', '2011-12-08', '2011-12-09'], opened: 0 },
    });
    const report = await kpiReport(db, { from: '2010-12-01', to: '2012-01-01', granularity: 'month' });
    expect(report).toEqual({ currency: 'GBP', rows: expected.kpis });
  }, 180_000);

  it('gives the monthly cohorts a direct computation from the CSV gives', async () => {
    // `zhanggui report cohorts --format json` prints this object as it is (its output format is
    // pinned on a fixture in analytics-report.command.test.ts).
    const cohorts = await cohortReport(t().database.db, { from: '2010-12-01', to: '2012-01-01' });
    expect(JSON.stringify(cohorts)).toBe(JSON.stringify(expectedCohorts));
    expect(cohorts.cohorts).toHaveLength(13);
    expect(cohorts.cohorts[0]!.retention).toHaveLength(13);
    expect(cohorts.cohorts.at(-1)!.retention).toEqual([1]);
    // Customers with at least one order in the file (the import's customer count also has returns-only ones).
    expect(cohorts.cohorts.reduce((s, c) => s + c.size, 0)).toBe(4339);
  });

  it('adds nothing on a re-import', async () => {
    const { db } = t().database;
    const before = await tableCounts(db);
    const summary = await importFile(t(), 'online-retail', FILE);
    expect(summary).toMatchObject({ rowsRead: 541_909, orders: 0, orderLines: 0, refunds: 0, customers: 0, skus: 0 });
    expect(await tableCounts(db)).toEqual(before);
  }, 180_000);
});
