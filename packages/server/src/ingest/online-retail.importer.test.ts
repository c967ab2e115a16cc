import { parse } from 'csv-parse';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { KpiRow } from '@zhanggui/contracts';
import { queryRows, type Tx } from '../db/client.js';
import { kpiReport } from '../modules/analytics/index.js';
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

let expected: Awaited<ReturnType<typeof expectedMonthly>>;
beforeAll(async () => {
  expected = await expectedMonthly();
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
    });
    const report = await kpiReport(db, { from: '2010-12-01', to: '2012-01-01', granularity: 'month' });
    expect(report).toEqual({ currency: 'GBP', rows: expected.kpis });
  }, 180_000);

  it('adds nothing on a re-import', async () => {
    const { db } = t().database;
    const before = await tableCounts(db);
    const summary = await importFile(t(), 'online-retail', FILE);
    expect(summary).toMatchObject({ rowsRead: 541_909, orders: 0, orderLines: 0, refunds: 0, customers: 0, skus: 0 });
    expect(await tableCounts(db)).toEqual(before);
  }, 180_000);
});
