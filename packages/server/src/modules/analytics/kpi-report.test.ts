import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { importFile } from '../../ingest/index.js';
import { forEachDriver } from '../../test-support/db.js';
import { kpiReport } from './index.js';

// Store zone Asia/Shanghai (the default), CNY. Hand-checkable orders:
//  O1 01-01 10:00 c1 tmall   2×100.00 + 1×50.00, order discount 25.00, paid  → GMV 25000, paid 22500
//  O2 01-01 23:30+08 c1 tmall 1×100.00, paid                                  → GMV 10000
//  O3 01-02 09:00 anonymous tmall 3×50.00, paid                               → GMV 15000
//  O4 01-02 12:00 c2 tmall   cancelled before payment                         → not an order
//  O5 01-08 00:30 c2 douyin  1×50.00, paid; 20.00 refunded 02-01             → GMV 5000, refund 2000 in Feb
//  O6 01-31 23:59:59 c3 tmall 1×100.00, paid                                  → January
//  O7 2024-01-31T16:30Z c1 douyin 2×50.00, paid                               → 02-01 00:30 in Shanghai: February
const CSV = `order_id,placed_at,channel,device,customer_id,sku,quantity,unit_price,discount,paid_at,cancelled_at,refund_amount,refunded_at
O1,2024-01-01 10:00,tmall,mobile,c1,A,2,100.00,25.00,2024-01-01 10:05,,,
O1,2024-01-01 10:00,tmall,mobile,c1,B,1,50.00,25.00,2024-01-01 10:05,,,
O2,2024-01-01T23:30:00+08:00,tmall,desktop,c1,A,1,100,,2024-01-01T23:31:00+08:00,,,
O3,2024-01-02 09:00,tmall,,,B,3,50,,2024-01-02 09:01,,,
O4,2024-01-02 12:00,tmall,mobile,c2,A,1,100,,,2024-01-02 13:00,,
O5,2024-01-08 00:30,douyin,mobile,c2,B,1,50,,2024-01-08 00:31,,20.00,2024-02-01 10:00
O6,2024-01-31 23:59:59,tmall,mobile,c3,A,1,100,,2024-01-31 23:59:59,,,
O7,2024-01-31T16:30:00Z,douyin,mobile,c1,B,2,50,,2024-01-31T16:31:00Z,,,
`;

const row = (period: string, orders: number, gmv: number, paidAmount: number, refunds: number, buyers: number, newBuyers: number, repeat: number) => ({
  period, orders, gmv, paidAmount, refunds, netSales: paidAmount - refunds, buyers, newBuyers,
  repurchaseRate: buyers ? repeat / buyers : null, aov: orders ? Math.round(gmv / orders) : null, arppu: buyers ? Math.round(gmv / buyers) : null,
});

forEachDriver('kpiReport', (t) => {
  beforeAll(async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zg-kpi-')), 'orders.csv');
    fs.writeFileSync(file, CSV);
    await importFile(t(), 'orders-csv', file);
  });

  it('by month: cancelled-before-payment and anonymous orders, discount, refund in a later month, zone boundary', async () => {
    expect(await kpiReport(t().database.db, { from: '2024-01-01', to: '2024-03-01', granularity: 'month' })).toEqual({
      currency: 'CNY',
      rows: [row('2024-01', 5, 65000, 62500, 0, 3, 3, 1), row('2024-02', 1, 10000, 10000, 2000, 1, 0, 0)],
    });
    expect(row('2024-01', 5, 65000, 62500, 0, 3, 3, 1)).toMatchObject({ aov: 13000, arppu: 21667, netSales: 62500 });
  });

  it('by day, with an empty day listed and nulls where a divisor is zero', async () => {
    expect((await kpiReport(t().database.db, { from: '2024-01-01', to: '2024-01-04', granularity: 'day' })).rows).toEqual([
      row('2024-01-01', 2, 35000, 32500, 0, 1, 1, 1),
      { period: '2024-01-02', orders: 1, gmv: 15000, paidAmount: 15000, refunds: 0, netSales: 15000, buyers: 0, newBuyers: 0, repurchaseRate: null, aov: 15000, arppu: null },
      { period: '2024-01-03', orders: 0, gmv: 0, paidAmount: 0, refunds: 0, netSales: 0, buyers: 0, newBuyers: 0, repurchaseRate: null, aov: null, arppu: null },
    ]);
  });

  it('by ISO week: a buyer whose only earlier order was cancelled before payment is new', async () => {
    expect((await kpiReport(t().database.db, { from: '2024-01-01', to: '2024-01-15', granularity: 'week' })).rows).toEqual([
      row('2024-01-01', 3, 50000, 47500, 0, 1, 1, 1),
      row('2024-01-08', 1, 5000, 5000, 0, 1, 1, 0),
    ]);
  });

  it('by channel: refunds follow the order channel; first-ever order counts across channels', async () => {
    expect((await kpiReport(t().database.db, { from: '2024-01-01', to: '2024-03-01', granularity: 'month', channel: 'douyin' })).rows).toEqual([
      row('2024-01', 1, 5000, 5000, 0, 1, 1, 0),
      row('2024-02', 1, 10000, 10000, 2000, 1, 0, 0),
    ]);
  });

  it('as one total row: buyers, ARPPU and repurchase over two months are distinct over the whole range', async () => {
    // O1, O2, O3, O5, O6, O7; buyers c1 (O1, O2, O7), c2 (O5), c3 (O6); only c1 has ≥ 2 orders; refund 2000 in February.
    expect((await kpiReport(t().database.db, { from: '2024-01-01', to: '2024-03-01', granularity: 'total' })).rows).toEqual([
      row('2024-01-01', 6, 75000, 72500, 2000, 3, 3, 1),
    ]);
    // Summing the monthly rows would count c1 twice (3 + 1 buyers): the total row does not.
    expect(row('2024-01-01', 6, 75000, 72500, 2000, 3, 3, 1)).toMatchObject({ arppu: 25000, repurchaseRate: 1 / 3 });
  });

  it('refuses an unknown channel and an empty range', async () => {
    const db = t().database.db;
    await expect(kpiReport(db, { from: '2024-01-01', to: '2024-02-01', granularity: 'day', channel: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(kpiReport(db, { from: '2024-02-01', to: '2024-02-01', granularity: 'day' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
