// Lifecycle step on synthetic sales, stage history kept, actions; selection scores of SKUs and of
// candidates entered by hand and by CSV (numbers by hand).
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { forEachDriver } from '../../test-support/db.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { AS_OF, seedPolicyFixture } from '../replenishment/policy-fixture.js';
import { runProductLifecycle } from './lifecycle.pipeline.js';
import { addCandidates, importCandidatesCsv, listCandidates, listSkuLifecycle, saveSelectionWeights } from './selection.service.js';

forEachDriver('product lifecycle and selection', (t) => {
  it('stages SKUs from their weekly sales and keeps the stage history', async () => {
    const { db } = t().database;
    const ids = await seedPolicyFixture(db);
    // P2-A: movements for the last 10 weeks (oldest first) 1,1,1,1,1,1,2,3,4,6 — one sale on each week's last day.
    const weeks = [1, 1, 1, 1, 1, 1, 2, 3, 4, 6];
    for (const [k, units] of weeks.entries()) {
      await db.execute(sql`insert into stock_movements (warehouse_id, sku_id, kind, quantity, occurred_at)
        values (${ids.central}, ${ids.sku2}, 'sale', ${-units}, (${AS_OF}::date - ${7 * (weeks.length - 1 - k)}::int)::timestamp + interval '4 hours')`);
    }
    for (let run = 0; run < 2; run++) await db.transaction((tx) => runProductLifecycle(tx, AS_OF, 'Asia/Shanghai'));
    const board = await listSkuLifecycle(db);
    // P1-A: 70 every week for 52 weeks → change 0 → maturity. P2-A: last 4 weeks (2+3+4+6)/4 = 3.75 vs 1 → +275% → growth.
    expect(board.rows.map((r) => [r.skuCode, r.stage, r.stageLabel, r.ageWeeks, r.velocity, r.change])).toEqual([
      ['P2-A', 'growth', '成长期', 10, 3.75, 2.75],
      ['P1-A', 'maturity', '成熟期', 52, 70, 0],
    ]);
    expect(board.rows[0]!.actions.join()).toContain('评价积累');
    const hist = await queryRows<{ sku_id: number; week_start: string; from_stage: string | null; to_stage: string }>(db, sql`
      select sku_id, week_start, from_stage, to_stage from product_stage_changes order by sku_id, week_start`);
    // P1-A: intro from its first week (2025-03-03 = AS_OF − 363 days), maturity from the 8th week (+ 49 days).
    // P2-A: intro from 2025-12-22 (AS_OF − 69), growth from its 8th week, 2026-02-09 (weekly 1,1,1,1 then 1,1,1,2: +25%).
    expect(hist).toEqual([
      { sku_id: ids.sku1, week_start: '2025-03-03', from_stage: null, to_stage: 'intro' },
      { sku_id: ids.sku1, week_start: '2025-04-21', from_stage: 'intro', to_stage: 'maturity' },
      { sku_id: ids.sku2, week_start: '2025-12-22', from_stage: null, to_stage: 'intro' },
      { sku_id: ids.sku2, week_start: '2026-02-09', from_stage: 'intro', to_stage: 'growth' },
    ]);
    expect(board.rows[0]!.since).toBe('2026-02-09');
    // P1-A's signals: trend 0 → 0.5; margin (1000 − 600)/1000 = 0.4 → 0.667 (lines carry no cost: the SKU's 600 is used);
    // returns 0 → 1; no reliability recorded. (0.25·0.5 + 0.25·0.6667 + 0.15·1) / 0.65 = 67.95
    expect(board.rows[1]!.score).toBeCloseTo((0.25 * 0.5 + 0.25 * (0.4 / 0.6) + 0.15) / 0.65 * 100, 6);
  }, 60_000);

  it('scores candidates entered by hand and by CSV with editable weights, rejecting bad rows', async () => {
    const { db } = t().database;
    await addCandidates(db, SYSTEM_ACTOR, [{ name: '保温杯 500ml', price: 5990, unitCost: 2396, demandTrend: 0.1, returnRate: 0.06, rating: 4.2, supplyReliability: 0.9, competition: 0.5 }], 'manual');
    await importCandidatesCsv(db, SYSTEM_ACTOR, 'name,category,price,unit_cost,demand_trend,return_rate,rating,supply_reliability,competition\n露营灯,户外,89.00,62.30,0.4,,,,0.2\n');
    const bad = importCandidatesCsv(db, SYSTEM_ACTOR, 'name,category,price,unit_cost,demand_trend,return_rate,rating,supply_reliability,competition\n,x,1,1,0,0,3,1,0\nA,x,1.234,1,0,2,3,1,0\n');
    await expect(bad).rejects.toMatchObject({ details: { errors: ['line 2: name: required', "line 3: price: expected yuan like 59.90, got '1.234'", 'line 3: returnRate: expected 0 to 1, got 2'] } });
    const { rows } = await listCandidates(db);
    // 保温杯: margin (5990 − 2396)/5990 = 0.6 → 1.0; trend .6, returns .8, rating .8, reliability .9, competition .5:
    //   .25·.6 + .25·1 + .15·.8 + .15·.8 + .1·.9 + .1·.5 = .78 → 78.0
    // 露营灯: margin 26.70/89 = 0.3 → 0.5; trend 0.4 → 0.9; competition 0.2 → 0.8: (.25·.9 + .25·.5 + .1·.8)/.6 = 71.67
    expect(rows.map((r) => [r.name, r.source, Number(r.score!.toFixed(2))])).toEqual([['保温杯 500ml', 'manual', 78], ['露营灯', 'csv', 71.67]]);
    await saveSelectionWeights(db, SYSTEM_ACTOR, { demandTrend: 1, marginRate: 0, returnRate: 0, rating: 0, supplyReliability: 0, competition: 0 });
    expect((await listCandidates(db)).rows.map((r) => [r.name, Number(r.score!.toFixed(2))])).toEqual([['露营灯', 90], ['保温杯 500ml', 60]]);
    await expect(saveSelectionWeights(db, SYSTEM_ACTOR, { price: 1 } as never)).rejects.toThrow(/unknown weight/);
  });
});
