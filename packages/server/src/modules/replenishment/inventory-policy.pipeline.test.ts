// The demand-forecast and inventory-policy steps on the hand-checkable fixture (policy-fixture.ts);
// the formulas themselves are checked by hand in packages/algorithms/src/inventory/policy.test.ts.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { demandForecastStep } from '../forecasting/index.js';
import { inventoryPolicyStep } from './inventory-policy.pipeline.js';
import { AS_OF, seedPolicyFixture } from './policy-fixture.js';

forEachDriver('demand-forecast and inventory-policy steps', (t) => {
  it('forecasts weekly demand and derives the policy, the same on a re-run', async () => {
    const { db } = t().database;
    const ids = await seedPolicyFixture(db);
    for (let run = 0; run < 2; run++) {
      const res = await runPipeline(t().database, [demandForecastStep, inventoryPolicyStep], { asOf: AS_OF });
      expect(res.map((r) => [r.step, r.status, r.rows])).toEqual([['demand-forecast', 'succeeded', 2], ['inventory-policy', 'succeeded', 3]]);
    }
    const fc = await queryRows<Record<string, unknown>>(db, sql`
      select sku_id, warehouse_id, period_days, history_periods, demand_class, selected_by, round(mean_daily::numeric, 6) as mean_daily,
        (select count(*) from demand_forecast_points p where p.forecast_id = f.id) as points, backtest_wape is not null as has_wape
      from demand_forecasts f where as_of = ${AS_OF} order by sku_id`);
    // P1-A: 70 a week from the central warehouse's movements → 10 a day; P2-A: 1 a week from orders (no warehouse) → 1/7.
    expect(fc).toEqual([
      { sku_id: ids.sku1, warehouse_id: ids.central, period_days: 7, history_periods: 52, demand_class: 'smooth', selected_by: 'backtest', mean_daily: 10, points: 8, has_wape: true },
      { sku_id: ids.sku2, warehouse_id: null, period_days: 7, history_periods: 52, demand_class: 'smooth', selected_by: 'backtest', mean_daily: 0.142857, points: 8, has_wape: true },
    ]);
    const [p1] = await queryRows<{ period_start: string; mean: number }>(db, sql`
      select p.period_start, p.mean from demand_forecast_points p join demand_forecasts f on f.id = p.forecast_id where f.sku_id = ${ids.sku1} and p.step = 1`);
    expect(p1!.period_start).toBe('2026-03-02');
    expect(p1!.mean).toBeCloseTo(70, 6);

    const pol = await queryRows<Record<string, unknown>>(db, sql`
      select sku_id, warehouse_id, abc, xyz, service_level, safety_stock, reorder_point, order_up_to, eoq, available, days_of_cover, stockout_date, reorder_now, suggested_quantity
      from inventory_policies where as_of = ${AS_OF} order by sku_id, warehouse_id`);
    // By hand. GMV shares: P1-A 364 × ¥100 = ¥36,400 (A), P2-A 52 × ¥5 = ¥260 (before-share 0.993 → C).
    // Both steady (weekly CV 0 → X): AX 98%, CX 93%. σ = 0, so safety stock 0.
    // P1-A central: lead 5 days (primary supplier) → ROP 10 × 5 = 50, S = 10 × (5 + 1) = 60; 45 ≤ 50 → order 60 − 45 = 15;
    //   cover 45 / 10 = 4.5 days; 45 lasts 4 full days → short on day 5 = 2026-03-06.
    // P1-A regional: no sales recorded there → no demand, nothing to do.
    // P2-A central: the SKU-level forecast; no supplier → 7 days lead: ROP ⌈7/7⌉ = 1, S ⌈8/7⌉ = 2; 3 > 1 → no order; cover 3 × 7 = 21 days,
    //   so day 22 after the as-of date (2026-03-23) is the first short one.
    expect(pol).toEqual([
      { sku_id: ids.sku1, warehouse_id: ids.central, abc: 'A', xyz: 'X', service_level: 0.98, safety_stock: 0, reorder_point: 50, order_up_to: 60, eoq: null, available: 45, days_of_cover: 4.5, stockout_date: '2026-03-06', reorder_now: true, suggested_quantity: 15 },
      { sku_id: ids.sku1, warehouse_id: ids.regional, abc: 'A', xyz: 'X', service_level: 0.98, safety_stock: 0, reorder_point: 0, order_up_to: 0, eoq: null, available: 100, days_of_cover: null, stockout_date: null, reorder_now: false, suggested_quantity: 0 },
      { sku_id: ids.sku2, warehouse_id: ids.central, abc: 'C', xyz: 'X', service_level: 0.93, safety_stock: 0, reorder_point: 1, order_up_to: 2, eoq: null, available: 3, days_of_cover: expect.closeTo(21, 6), stockout_date: '2026-03-23', reorder_now: false, suggested_quantity: 0 },
    ]);
  }, 60_000);
});
