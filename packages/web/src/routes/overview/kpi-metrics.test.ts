import type { KpiRow } from '@zhanggui/contracts';
import { describe, expect, it } from 'vitest';
import { changeOf, totalsOf } from './kpi-metrics';

const row = (period: string, r: Partial<KpiRow>): KpiRow => ({
  period, orders: 0, gmv: 0, paidAmount: 0, refunds: 0, netSales: 0, buyers: 0, newBuyers: 0,
  repurchaseRate: null, aov: null, arppu: null, ...r,
});

describe('KPI totals', () => {
  it('takes a single row as the range itself', () => {
    const r = row('2026-03', { orders: 4, gmv: 1000, paidAmount: 900, refunds: 100, netSales: 800, buyers: 3, repurchaseRate: 1 / 3, aov: 250, arppu: 333 });
    expect(totalsOf([r])).toEqual({ gmv: 1000, paidAmount: 900, netSales: 800, orders: 4, buyers: 3, aov: 250, arppu: 333, repurchaseRate: 1 / 3, refunds: 100 });
  });

  it('sums what adds up over several rows and leaves distinct counts unknown', () => {
    const rows = [
      row('2026-02', { orders: 2, gmv: 301, paidAmount: 300, refunds: 0, netSales: 300, buyers: 2 }),
      row('2026-03', { orders: 1, gmv: 200, paidAmount: 150, refunds: 50, netSales: 100, buyers: 1 }),
    ];
    // AOV 501 / 3 = 167 (166.67 rounded half-up, as the server rounds).
    expect(totalsOf(rows)).toEqual({ gmv: 501, paidAmount: 450, netSales: 400, orders: 3, refunds: 50, aov: 167, buyers: null, arppu: null, repurchaseRate: null });
    expect(totalsOf([]).aov).toBeNull();
  });

  it('states changes relative for amounts and as a difference for rates', () => {
    expect(changeOf('money', 150, 100)).toBe(0.5);
    expect(changeOf('count', 5, 0)).toBeNull();
    expect(changeOf('rate', 0.25, 0.2)).toBeCloseTo(0.05, 12);
    expect(changeOf('money', null, 100)).toBeNull();
  });
});
