// The HTTP API over the hand-checkable fixture: forecasts, inventory health, proposals
// approve/reject → purchase order → receive, lifecycle and candidates; permissions per role.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { runPipeline } from '../../pipeline/runner.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { queryRows } from '../../db/client.js';
import { demandForecastStep } from '../forecasting/index.js';
import { poolAccuracy, type SeriesAccuracy } from '../forecasting/forecast-query.service.js';
import { productLifecycleStep } from '../selection/index.js';
import { inventoryPolicyStep } from './inventory-policy.pipeline.js';
import { AS_OF, seedPolicyFixture } from './policy-fixture.js';
import { proposalsStep } from './proposals.pipeline.js';

forEachDriver('forecasting, replenishment and products API', (t) => {
  let app: FastifyInstance;
  let operator: Record<string, string>;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    const { db } = t().database;
    const ids = await seedPolicyFixture(db);
    await db.execute(sql`update stock_levels set on_hand = 0 where sku_id = ${ids.sku2}`);
    await db.execute(sql`insert into sku_suppliers (sku_id, supplier_id, unit_cost, lead_time_days, min_order_qty, is_primary) values (${ids.sku2}, ${ids.supB}, 300, 9, 20, true)`);
    await runPipeline(t().database, [demandForecastStep, inventoryPolicyStep, proposalsStep, productLifecycleStep], { asOf: AS_OF });
    app = await buildApp({ platform: t() });
    operator = (await createTestCaller(db, 'operator')).headers;
    analyst = (await createTestCaller(db, 'analyst')).headers;
  });
  afterAll(async () => app?.close());

  it('serves forecasts with history, path and intervals', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/forecasts', headers: analyst });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((f: { skuCode: string; warehouseCode: string | null }) => [f.skuCode, f.warehouseCode])).toEqual([['P1-A', 'T-CDC'], ['P2-A', null]]);
    const one = await app.inject({ method: 'GET', url: `/api/forecasts/${list.json()[0].id}`, headers: analyst });
    const f = one.json();
    expect(f.history).toHaveLength(52);
    expect(f.history[51]).toEqual({ periodStart: '2026-02-23', units: 70 });
    expect(f.points[0]).toMatchObject({ step: 1, periodStart: '2026-03-02' });
    expect(f.points[0].mean).toBeCloseTo(70, 6);
    expect((await app.inject({ method: 'GET', url: '/api/forecasts/999999', headers: analyst })).statusCode).toBe(404);
  });

  it('serves the store-wide backtest accuracy pooled from the stored series', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/forecasts/accuracy', headers: analyst });
    expect(res.statusCode).toBe(200);
    const rows = await queryRows<SeriesAccuracy>(t().database.db, sql`
      select backtest_smape as smape, backtest_mase as mase, backtest_wape as wape, backtest_bias as bias,
        backtest_actual_abs as "actualAbs", backtest_actual_sum as "actualSum" from demand_forecasts where as_of = ${AS_OF}::date`);
    expect(rows).toHaveLength(2);
    // P1-A sells 70 every week: its backtest pairs are 70s (Σ|y| = 70 × pairs) and exact.
    const p1 = rows.find((r) => r.actualAbs !== null && r.wape === 0)!;
    expect(p1.actualAbs! % 70).toBe(0);
    expect(res.json()).toEqual({ asOf: AS_OF, series: 2, ...poolAccuracy(rows) });
  });

  it('shows inventory health: ABC × XYZ matrix and stockout risk', async () => {
    const h = (await app.inject({ method: 'GET', url: '/api/inventory-health', headers: analyst })).json();
    expect(h.asOf).toBe(AS_OF);
    expect(h.matrix).toEqual({ AX: 2, CX: 1 });
    // Only P2-A central is at 0 available with demand forecast on the one policy date: 1 stockout day of 3 rows.
    expect(h.stockoutDays).toEqual({ days: 1, rows: 3, daysCovered: 1 });
    // P1-A central runs out on 2026-03-06, P2-A (0 on hand) the next day.
    expect(h.stockoutRisk.map((r: { skuCode: string; stockoutDate: string }) => [r.skuCode, r.stockoutDate])).toEqual([['P2-A', '2026-03-02'], ['P1-A', '2026-03-06']]);
  });

  it('approves and rejects proposals, receives the purchase order; analysts may only read', async () => {
    const proposals = (await app.inject({ method: 'GET', url: `/api/replenishment/proposals?asOf=${AS_OF}&status=proposed`, headers: analyst })).json();
    expect(proposals.map((p: { skuCode: string; supplierName: string; quantity: number }) => [p.skuCode, p.supplierName, p.quantity])).toEqual([['P1-A', '供应商甲', 15], ['P2-A', '供应商乙', 20]]);
    const [p1, p2] = proposals;
    expect((await app.inject({ method: 'POST', url: `/api/replenishment/proposals/${p1.id}/approve`, headers: analyst, payload: {} })).statusCode).toBe(403);
    const ok = await app.inject({ method: 'POST', url: `/api/replenishment/proposals/${p1.id}/approve`, headers: operator, payload: { quantity: 20 } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', quantity: 20, amount: 12_000, purchaseOrderId: expect.any(Number) });
    expect((await app.inject({ method: 'POST', url: `/api/replenishment/proposals/${p2.id}/reject`, headers: operator, payload: { reason: 'discontinue' } })).statusCode).toBe(204);
    const again = await app.inject({ method: 'POST', url: `/api/replenishment/proposals/${p2.id}/approve`, headers: operator, payload: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict', message: expect.stringContaining('already rejected') });
    const recv = await app.inject({ method: 'POST', url: `/api/purchase-orders/${ok.json().purchaseOrderId}/receive`, headers: operator, payload: {} });
    expect(recv.json()).toMatchObject({ status: 'received', lines: [{ skuCode: 'P1-A', quantity: 20, receivedQuantity: 20 }] });
    const stock = await app.inject({ method: 'GET', url: '/api/stock-levels?sku=P1-A', headers: analyst });
    expect(stock.json().items.map((s: { warehouseCode: string; onHand: number }) => [s.warehouseCode, s.onHand])).toEqual([['T-CDC', 65], ['T-RDC', 100]]);
  });

  it('reads and changes the policy settings, keeping thresholds ordered', async () => {
    const get = await app.inject({ method: 'GET', url: '/api/replenishment/settings', headers: analyst });
    expect(get.json()).toMatchObject({ abcBasis: 'gmv', abcA: 0.8, abcB: 0.95, serviceLevels: { AX: 0.98, CZ: 0.9 }, orderCost: null });
    const put = await app.inject({ method: 'PUT', url: '/api/replenishment/settings', headers: operator, payload: { abcBasis: 'margin', serviceLevels: { AX: 0.99 }, orderCost: 5000 } });
    expect(put.json()).toMatchObject({ abcBasis: 'margin', serviceLevels: { AX: 0.99, AY: 0.97 }, orderCost: 5000 });
    const bad = await app.inject({ method: 'PUT', url: '/api/replenishment/settings', headers: operator, payload: { abcA: 0.97 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('abcA: must be below abcB');
    expect((await app.inject({ method: 'PUT', url: '/api/replenishment/settings', headers: analyst, payload: {} })).statusCode).toBe(403);
  });

  it('serves the lifecycle board and candidates with editable weights', async () => {
    const board = (await app.inject({ method: 'GET', url: '/api/products/lifecycle', headers: analyst })).json();
    expect(board.rows.map((r: { skuCode: string; stage: string }) => [r.skuCode, r.stage])).toEqual([['P1-A', 'maturity'], ['P2-A', 'maturity']]);
    const add = await app.inject({ method: 'POST', url: '/api/products/candidates/import', headers: operator, payload: { csv: 'name,category,price,unit_cost,demand_trend,return_rate,rating,supply_reliability,competition\n露营灯,户外,89.00,62.30,0.4,,,,0.2\n' } });
    expect(add.json()).toEqual({ saved: 1 });
    const bad = await app.inject({ method: 'POST', url: '/api/products/candidates/import', headers: operator, payload: { csv: 'name\nx\n' } });
    expect(bad.statusCode).toBe(400);
    const w = await app.inject({ method: 'PUT', url: '/api/products/selection-weights', headers: operator, payload: { competition: 0 } });
    expect(w.json().competition).toBe(0);
    // 露营灯 without competition: (.25·.9 + .25·.5)/.5 = 70
    expect((await app.inject({ method: 'GET', url: '/api/products/candidates', headers: analyst })).json().rows[0].score).toBeCloseTo(70, 10);
  });
});
