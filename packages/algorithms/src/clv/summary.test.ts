import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCustomerSummary, type Transaction } from './summary.js';

const DATA = new URL('../../../../../shared/data/cdnow/', import.meta.url);
const EPOCH = Date.UTC(1997, 0, 1);
const dayIndex = (yyyymmdd: string) =>
  (Date.UTC(+yyyymmdd.slice(0, 4), +yyyymmdd.slice(4, 6) - 1, +yyyymmdd.slice(6, 8)) - EPOCH) / 86_400_000;

describe('buildCustomerSummary on the CDNOW 1/10 sample', () => {
  // CDNOW_sample.txt: master_id, sample_id, date, cds, dollars; calibration = weeks 1–39 from
  // 1997-01-01, i.e. day indexes 0..272 (the README in /work/shared/data, section 1).
  const log: Transaction[] = readFileSync(new URL('CDNOW_sample.txt', DATA), 'utf8').trim().split(/\r?\n/).map((l) => {
    const [id, , date, , dollars] = l.trim().split(/\s+/);
    return { customerId: id!, day: dayIndex(date!), amount: Number(dollars) };
  });
  const s = buildCustomerSummary(log, { calibrationEndDay: 272, holdoutEndDay: dayIndex('19980630') });

  it('reproduces 2,357 customers and 2,457 repeat transactions', () => {
    expect(s.customerIds.length).toBe(2357);
    expect(s.x.reduce((a, b) => a + b, 0)).toBe(2457);
  });

  it('matches the published summary with spend row by row', () => {
    const published = readFileSync(new URL('cdnow_customers_summary_with_transactions.csv', DATA), 'utf8')
      .trim().split(/\r?\n/).slice(1).map((l) => l.split(',').map(Number));
    expect(published.length).toBe(s.x.length);
    // Both are in order of customer id; the published file rounds to two decimals (half-way
    // cases such as 22.345 may round either way), hence the tolerance of half a cent plus ε.
    const off = published.filter(([, x, tx, T, zbar], i) => s.x[i] !== x
      || Math.abs(s.tx[i]! - tx!) > 0.0051 || Math.abs(s.T[i]! - T!) > 0.0051 || Math.abs(s.zbar[i]! - zbar!) > 0.0051);
    expect(off).toEqual([]);
  });
});

describe('buildCustomerSummary rules', () => {
  it('merges same-day purchases, skips the first purchase and counts the holdout apart', () => {
    const s = buildCustomerSummary([
      { customerId: 'a', day: 0, amount: 10 },
      { customerId: 'a', day: 7, amount: 5 },
      { customerId: 'a', day: 7, amount: 15 },
      { customerId: 'a', day: 21, amount: 40 },
      { customerId: 'b', day: 14, amount: 8 },
      { customerId: 'a', day: 30, amount: 99 },
      { customerId: 'c', day: 29, amount: 1 },
    ], { calibrationEndDay: 28, holdoutEndDay: 35 });
    expect({ ...s, x: [...s.x], tx: [...s.tx], T: [...s.T], zbar: [...s.zbar], firstAmount: [...s.firstAmount], holdoutPurchases: [...s.holdoutPurchases] }).toEqual({
      customerIds: ['a', 'b'],
      x: [2, 0], tx: [3, 0], T: [4, 2], zbar: [30, 0], firstAmount: [10, 8], holdoutPurchases: [1, 0],
    });
  });

  it('rejects bad input naming the field', () => {
    expect(() => buildCustomerSummary([{ customerId: 'a', day: 1.5, amount: 1 }], { calibrationEndDay: 10 })).toThrow(/transactions\[0\]\.day must be an integer/);
    expect(() => buildCustomerSummary([{ customerId: 'a', day: 1, amount: NaN }], { calibrationEndDay: 10 })).toThrow(/transactions\[0\]\.amount/);
    expect(() => buildCustomerSummary([], { calibrationEndDay: 10, unitDays: 0 })).toThrow(/unitDays must be/);
    expect(() => buildCustomerSummary([], { calibrationEndDay: 10, holdoutEndDay: 5 })).toThrow(/holdoutEndDay \(5\) must not be before/);
  });
});
