import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { forEachDriver } from '../test-support/db.js';
import { importFile } from './index.js';

const FILE = path.resolve(fileURLToPath(import.meta.url), '../../../../../../shared/data/cdnow/CDNOW_master.txt');

forEachDriver('cdnow import', (t) => {
  it('gives the published counts and totals of the master log', async () => {
    const summary = await importFile(t(), 'cdnow', FILE);
    expect({ ...summary, durationMs: 0, orderLines: 0 }).toEqual({
      source: 'cdnow', rowsRead: 69_659, rowsRejected: 0, orders: 69_659, orderLines: 0, refunds: 0,
      customers: 23_570, skus: 1, skipped: {}, durationMs: 0,
      // Alert rules are evaluated for the log's last 7 days (there are none to fire here).
      alerts: { days: ['1998-06-24', '1998-06-25', '1998-06-26', '1998-06-27', '1998-06-28', '1998-06-29', '1998-06-30'], opened: 0 },
    });
    // Figures from shared/data/README.md: Σ dollar_value 2,500,315.63 and 167,881 CDs.
    const [totals] = await queryRows(t().database.db, sql`select
      (select sum(items_amount) from orders) as amount, (select sum(payable_amount) from orders) as payable,
      (select sum(quantity) from order_lines) as cds, (select sum(quantity::int8 * unit_price) from order_lines) as lines_amount,
      (select count(distinct customer_id) from orders) as customers, (select sum(amount) from payments) as paid,
      (select count(*) from orders where to_char(placed_at at time zone 'Asia/Shanghai', 'HH24:MI') <> '12:00') as not_noon`);
    expect(totals).toEqual({ amount: 250_031_563, payable: 250_031_563, cds: 167_881, lines_amount: 250_031_563, customers: 23_570, paid: 250_031_563, not_noon: 0 });
    // First row: customer 00001 bought 1 CD for $11.77 on 1997-01-01, noon in the store zone.
    const [first] = await queryRows(t().database.db, sql`select o.external_id, to_char(o.placed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as placed_at_utc, o.status, l.quantity, l.unit_price
      from orders o join order_lines l on l.order_id = o.id where o.external_id = '00001-19970101-1'`);
    expect(first).toEqual({ external_id: '00001-19970101-1', placed_at_utc: '1997-01-01 04:00', status: 'completed', quantity: 1, unit_price: 1177 });
  }, 120_000);

  it('adds nothing on a re-import', async () => {
    const summary = await importFile(t(), 'cdnow', FILE);
    expect(summary).toMatchObject({ orders: 0, orderLines: 0, customers: 0, skus: 0 });
  }, 120_000);
});
