import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { forEachDriver } from '../test-support/db.js';
import { importFile } from './index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-orders-csv-'));
const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
// A 天猫-style export: Chinese headers, a BOM, the discount given on the order's first row only.
const MAPPING = write('mapping.json', JSON.stringify({ columns: {
  order_id: '订单号', placed_at: '下单时间', channel: '渠道', customer_id: '买家', customer_region: '省份',
  sku: '商品编码', sku_name: '商品名称', quantity: '数量', unit_price: '单价', discount: '订单优惠', paid_at: '付款时间',
} }));
const EXPORT = `\uFEFF订单号,下单时间,渠道,买家,省份,商品编码,商品名称,数量,单价,订单优惠,付款时间
T1,2024-06-18 00:05:00,tmall,u1,浙江,SKU-1,保温杯,1,99.00,10.00,2024-06-18 00:06:00
T1,2024-06-18 00:05:00,tmall,u1,浙江,SKU-2,杯套,1,99.00,,2024-06-18 00:06:00
T1,2024-06-18 00:05:00,tmall,u1,浙江,SKU-3,杯刷,1,99.00,,2024-06-18 00:06:00
T2,2024-06-18T08:00:00+08:00,tmall,,,SKU-1,,2,99.00,,
`;

forEachDriver('orders-csv import', (t) => {
  it('maps columns, prorates the order discount exactly and reads local times in the store zone', async () => {
    const summary = await importFile(t(), 'orders-csv', write('export.csv', EXPORT), { mapping: MAPPING });
    expect(summary).toMatchObject({ rowsRead: 4, rowsRejected: 0, orders: 2, orderLines: 4, customers: 1, skus: 3, refunds: 0 });
    const db = t().database.db;
    const orders = await queryRows(db, sql`select external_id, status, items_amount, discount_amount, payable_amount, ship_region,
      to_char(placed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as placed_utc, customer_id is null as anonymous
      from orders where source = 'orders-csv' order by external_id`);
    expect(orders).toEqual([
      { external_id: 'T1', status: 'paid', items_amount: 29700, discount_amount: 1000, payable_amount: 28700, ship_region: '浙江', placed_utc: '2024-06-17 16:05', anonymous: false },
      { external_id: 'T2', status: 'pending_payment', items_amount: 19800, discount_amount: 0, payable_amount: 19800, ship_region: null, placed_utc: '2024-06-18 00:00', anonymous: true },
    ]);
    const lines = await queryRows(db, sql`select l.line_no, s.code, s.name, l.order_discount from order_lines l join orders o on o.id = l.order_id
      join skus s on s.id = l.sku_id where o.external_id = 'T1' order by l.line_no`);
    expect(lines).toEqual([
      { line_no: 1, code: 'SKU-1', name: '保温杯', order_discount: 334 },
      { line_no: 2, code: 'SKU-2', name: '杯套', order_discount: 333 },
      { line_no: 3, code: 'SKU-3', name: '杯刷', order_discount: 333 },
    ]);
    expect(await queryRows(db, sql`select amount from payments p join orders o on o.id = p.order_id where o.external_id = 'T1'`)).toEqual([{ amount: 28700 }]);
  });

  it('rejects rows of one order that disagree, and with skipBadRows leaves out the whole order', async () => {
    const csv = write('conflict.csv', `order_id,placed_at,channel,sku,quantity,unit_price,paid_at,refund_amount,refunded_at
K1,2024-07-01 10:00,jd,SKU-1,1,10.00,2024-07-01 10:01,,
K1,2024-07-01 11:00,jd,SKU-2,1,10.00,,,
K2,2024-07-02 10:00,jd,SKU-1,1,10.00,2024-07-02 10:01,5.00,2024-07-03 10:00
K3,2024-07-02 10:00,jd,SKU-1,0,10.001,,,
`);
    await expect(importFile(t(), 'orders-csv', csv)).rejects.toMatchObject({
      code: 'import_rejected',
      details: { errors: ["conflict.csv:5: quantity: must be at least 1 ('0')", "conflict.csv:5: unit_price: more than 2 decimal places ('10.001')"] },
    });
    const rejectsPath = path.join(dir, `conflict-${t().database.driver}.rejects.csv`);
    const summary = await importFile(t(), 'orders-csv', csv, { skipBadRows: true, rejectsPath });
    expect(summary).toMatchObject({ rowsRead: 4, rowsRejected: 3, orders: 1, orderLines: 1, refunds: 1 });
    expect(fs.readFileSync(rejectsPath, 'utf8').split('\n').map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'line,reason',
      "5,quantity: must be at least 1 ('0'); unit_price: more than 2 decimal places ('10.001')",
      "2,order_id: order 'K1' is rejected with its line 3",
      "3,placed_at: '2024-07-01 11:00:00' differs from '2024-07-01 10:00:00' given earlier for order 'K1'",
      '',
    ]);
    const [refund] = await queryRows(t().database.db, sql`select r.amount, o.external_id from refunds r join orders o on o.id = r.order_id where r.source = 'orders-csv'`);
    expect(refund).toEqual({ amount: 500, external_id: 'K2' });
  });
});
