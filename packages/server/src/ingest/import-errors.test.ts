import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows, type Tx } from '../db/client.js';
import { forEachDriver } from '../test-support/db.js';
import { importFile } from './index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-import-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const GOOD = [
  '536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536366,22633,"HAND WARMER, UNION JACK",6,2010-12-01 08:28:00,1.85,,United Kingdom',
  'C536379,85123A,WHITE HANGING HEART,-1,2010-12-02 09:41:00,2.55,17850,United Kingdom',
];
const BAD = [
  '536367,71053,WHITE METAL LANTERN,abc,2010-12-01 08:34:00,3.39,13047,United Kingdom',
  '536368,22960,JAM MAKING SET,6,2011-13-45 10:00,4.25,13047,United Kingdom',
];

const counts = async (db: Tx) => (await queryRows(db, sql`select (select count(*) from orders) as orders,
  (select count(*) from order_lines) as lines, (select count(*) from refunds) as refunds, (select count(*) from customers) as customers,
  (select count(*) from skus) as skus, (select count(*) from payments) as payments`))[0];

const rejection = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a rejection'); }, (e: { code: string; details: { errors: string[] } }) => ({ code: e.code, errors: e.details.errors }));

forEachDriver('import: bad input', (t) => {
  it('rejects a file with bad rows, reporting every one with its line, and commits nothing', async () => {
    const { db } = t().database;
    await importFile(t(), 'online-retail', file('good.csv', [HEADER, ...GOOD].join('\n')));
    const before = await counts(db);
    const bad = file('orders.csv', [HEADER, GOOD[0], BAD[0], 'C999,X,,1,2010-12-01 08:00:00,1.00,,UK', BAD[1], ''].join('\r\n'));
    expect(await rejection(importFile(t(), 'online-retail', bad))).toEqual({
      code: 'import_rejected',
      errors: ["orders.csv:3: Quantity: not an integer ('abc')", "orders.csv:5: InvoiceDate: not a date ('2011-13-45 10:00')"],
    });
    expect(await counts(db)).toEqual(before);
  });

  it('reports a missing column once, on the header line', async () => {
    const { db } = t().database;
    const before = await counts(db);
    const noPrice = file('noprice.csv', ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,CustomerID,Country', '1,A,x,1,2010-12-01 08:00:00,,UK'].join('\n'));
    expect(await rejection(importFile(t(), 'online-retail', noPrice))).toEqual({
      code: 'import_rejected', errors: ["noprice.csv:1: header: missing column 'UnitPrice'"],
    });
    expect(await counts(db)).toEqual(before);
  });

  it('with skipBadRows commits the good rows and writes the bad ones to the rejects file', async () => {
    const { db } = t().database;
    const before = await counts(db);
    const rejectsPath = path.join(dir, `rejects-${t().database.driver}.csv`);
    const mixed = file('mixed.csv', [HEADER, BAD[0], '536400,85123A,WHITE HANGING HEART,2,2010-12-03 10:00:00,2.55,17850,United Kingdom', BAD[1]].join('\n'));
    const summary = await importFile(t(), 'online-retail', mixed, { skipBadRows: true, rejectsPath });
    expect({ ...summary, durationMs: 0 }).toEqual({
      source: 'online-retail', rowsRead: 3, rowsRejected: 2, orders: 1, orderLines: 1, refunds: 0, customers: 0, skus: 0,
      skipped: { bad_debt_adjustment: 0, non_positive_quantity: 0 }, rejectsPath, durationMs: 0, alerts: { days: ['2010-12-03'], opened: 0 },
    });
    expect(fs.readFileSync(rejectsPath, 'utf8')).toBe([
      `line,reason,${HEADER}`,
      `2,Quantity: not an integer ('abc'),${BAD[0]}`,
      `4,InvoiceDate: not a date ('2011-13-45 10:00'),${BAD[1]}`,
      '',
    ].join('\n'));
    expect(await counts(db)).toEqual({ ...before, orders: before!.orders as number + 1, lines: before!.lines as number + 1, payments: before!.payments as number + 1 });
  });
});
