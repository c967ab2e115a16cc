// Inventory KPIs (docs/metrics.md) in GET /api/inventory-health and the stockout / overstock alerts
// of the inventory-policy step, on the hand-checkable fixture (policy-fixture.ts).
import { expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { listAlerts } from '../analytics/index.js';
import { demandForecastStep } from '../forecasting/index.js';
import { inventoryHealth } from './health.service.js';
import { inventoryPolicyStep } from './inventory-policy.pipeline.js';
import { AS_OF, seedPolicyFixture } from './policy-fixture.js';

forEachDriver('inventory KPIs and stock alerts', (t) => {
  it('computes turnover, cover, fill rate and stockout days by hand, and opens each alert once', async () => {
    const { db } = t().database;
    const ids = await seedPolicyFixture(db);
    for (let run = 0; run < 2; run++) await runPipeline(t().database, [demandForecastStep, inventoryPolicyStep], { asOf: AS_OF });
    const h = await inventoryHealth(db, AS_OF);
    const k = h.kpis;
    expect(k.periodDays).toBe(30);
    const p1 = k.skus.find((s) => s.skuCode === 'P1-A')!;
    const p2 = k.skus.find((s) => s.skuCode === 'P2-A')!;
    // By hand, window 2026-01-31 … 2026-03-01. P1-A central: 30 days × 10 sold × ¥6 cost = 180,000 fen of COGS.
    // End-of-day on hand: 45 on 03-01, 55 on 02-28, … 45 + 290 = 335 on 01-31 → mean 45 + 10 × 14.5 = 190 units;
    // regional 100 throughout → 290 units × 600 fen = 174,000 fen. Turnover 180,000 / 174,000 = 1.03448.
    expect(p1).toMatchObject({ skuId: ids.sku1, cogs: 180_000, available: 145, meanDaily: 10, unitsOrdered: 300, unitsShipped: 300, fillRate: 1, stockoutDays: 0 });
    expect(p1.avgInventoryValue).toBeCloseTo(174_000, 6);
    expect(p1.turnover).toBeCloseTo(180_000 / 174_000, 9);
    // Days of cover: (45 + 100) available / 10 a day = 14.5.
    expect(p1.daysOfCover).toBeCloseTo(14.5, 9);
    // P2-A: sold through orders only (no warehouse movements): no COGS from stock, fill rate unknown; 3 × 300 fen on hand;
    // ordered 1 a week: the weeks ending 02-01, 02-08, 02-15, 02-22 and 03-01 fall in the window → 5.
    expect(p2).toMatchObject({ cogs: 0, avgInventoryValue: 900, turnover: 0, available: 3, unitsOrdered: 5, unitsShipped: 0, fillRate: null, stockoutDays: 0 });
    expect(p2.daysOfCover).toBeCloseTo(21, 6);
    // Overall: 180,000 / (174,000 + 900); cover 148 / (10 + 1/7); fill rate over SKUs with fulfilment data only (P1-A) = 1.
    expect(k.overall).toMatchObject({ cogs: 180_000, available: 148, unitsOrdered: 300, unitsShipped: 300, fillRate: 1, stockoutDays: 0 });
    expect(k.overall.turnover).toBeCloseTo(180_000 / 174_900, 9);
    expect(k.overall.daysOfCover).toBeCloseTo(148 / (10 + 1 / 7), 9);

    // Alerts: P1-A central runs out 2026-03-06 (5 days → critical), P2-A central on 03-23 (22 days → warning),
    // P1-A regional holds 100 with no forecast demand (slow mover → info). Two runs open them once.
    const alerts = (await listAlerts(db, 'all')).filter((a) => a.source === 'replenishment');
    const summary = alerts.map((a) => [a.severity, a.evidence.sku, a.evidence.warehouse, a.evidence.stockoutDate]).sort();
    expect(summary).toEqual([
      ['critical', 'P1-A', 'T-CDC', '2026-03-06'],
      ['info', 'P1-A', 'T-RDC', null],
      ['warning', 'P2-A', 'T-CDC', '2026-03-23'],
    ]);
    expect(alerts.find((a) => a.severity === 'info')!.title).toContain('Slow mover');
  });
});
