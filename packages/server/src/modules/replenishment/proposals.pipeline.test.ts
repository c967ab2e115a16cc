// Proposals on the hand-checkable fixture: a transfer from the central warehouse before buying, a
// purchase shaped by MOQ and a price break, approval into a purchase order, receipt into stock.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { demandForecastStep } from '../forecasting/index.js';
import { inventoryPolicyStep } from './inventory-policy.pipeline.js';
import { AS_OF, seedPolicyFixture } from './policy-fixture.js';
import { approveProposal, listProposals, receivePurchaseOrder, rejectProposal } from './proposal.service.js';
import { proposalsStep, runProposals } from './proposals.pipeline.js';

const steps = [demandForecastStep, inventoryPolicyStep, proposalsStep];

forEachDriver('replenishment proposals', (t) => {
  it('transfers before buying, applies MOQ and price break, and approval → purchase order → receipt updates stock', async () => {
    const { db } = t().database;
    const ids = await seedPolicyFixture(db);
    // P1-A also sells 2 a day from the regional warehouse, which holds 5; the central one holds 200.
    await db.execute(sql`insert into stock_movements (warehouse_id, sku_id, kind, quantity, occurred_at)
      select ${ids.regional}, ${ids.sku1}, 'sale', -2, (${AS_OF}::date - g)::timestamp + interval '4 hours' from generate_series(0, 363) g`);
    await db.execute(sql`update stock_levels set on_hand = case when warehouse_id = ${ids.regional} then 5 else 200 end where sku_id = ${ids.sku1}`);
    // P2-A: none on hand; bought from supplier B only: MOQ 20 at ¥3.00, ¥2.50 from 24 units.
    await db.execute(sql`update stock_levels set on_hand = 0 where sku_id = ${ids.sku2}`);
    await db.execute(sql`insert into sku_suppliers (sku_id, supplier_id, unit_cost, lead_time_days, min_order_qty, is_primary) values (${ids.sku2}, ${ids.supB}, 300, 9, 20, true)`);
    await db.execute(sql`insert into supplier_terms (sku_id, supplier_id, pack_size, price_breaks) values (${ids.sku2}, ${ids.supB}, 1, '[{"minQty":24,"unitCost":250}]'::jsonb)`);

    const res = await runPipeline(t().database, steps, { asOf: AS_OF });
    expect(res.map((r) => [r.step, r.status])).toEqual([['demand-forecast', 'succeeded'], ['inventory-policy', 'succeeded'], ['replenishment-proposals', 'succeeded']]);
    const proposed = await listProposals(db, { asOf: AS_OF, status: 'proposed' });
    // By hand:
    // P1-A regional: d = 2, L = 5, σ = 0 → ROP 10, S = 2 × 6 = 12; 5 ≤ 10 → need 7. Central: 200 available, ROP 50 →
    //   150 above it → transfer all 7, nothing to buy. Central itself: 200 > 50 → nothing.
    // P2-A central: d = 1/7, L = 9 → ROP ⌈9/7⌉ = 2, S = ⌈10/7⌉ = 2; need ⌈10/7 − 0⌉ = 2 → MOQ 20 at ¥3.00 = ¥60.00;
    //   24 at ¥2.50 = ¥60.00 is no dearer → 24 units, ¥60.00.
    expect(proposed.map((p) => [p.skuCode, p.warehouseCode, p.kind, p.fromWarehouseCode, p.supplierName, p.quantity, p.unitCost, p.amount, p.expectedArrival])).toEqual([
      ['P2-A', 'T-CDC', 'purchase', null, '供应商乙', 24, 250, 6000, '2026-03-10'],
      ['P1-A', 'T-RDC', 'transfer', 'T-CDC', null, 7, null, null, null],
    ]);
    const [buy, move] = proposed;
    expect(buy!.reason).toContain('available 0 + on order 0 ≤ reorder point 2');
    expect(buy!.reason).toContain('MOQ 20');
    expect(buy!.reason).toContain('price break: 24 at ¥2.50 costs ¥60.00 ≤ 20 at ¥3.00 = ¥60.00');
    expect(move!.reason).toContain('central T-CDC holds 200, 150 above its reorder point 50: transfer 7 before buying');

    const now = new Date('2026-03-02T02:00:00Z');
    await approveProposal(db, SYSTEM_ACTOR, move!.id, {}, now);
    const approved = await approveProposal(db, SYSTEM_ACTOR, buy!.id, { quantity: 30 }, now);
    expect(approved).toMatchObject({ status: 'approved', quantity: 30, amount: 7500 });
    await expect(rejectProposal(db, SYSTEM_ACTOR, buy!.id, 'too late', now)).rejects.toThrow(/already approved/);
    const stock = () => queryRows<{ sku_id: number; warehouse_id: number; on_hand: number }>(db, sql`select sku_id, warehouse_id, on_hand from stock_levels order by 1, 2`);
    expect(await stock()).toEqual([
      { sku_id: ids.sku1, warehouse_id: ids.central, on_hand: 193 }, { sku_id: ids.sku1, warehouse_id: ids.regional, on_hand: 12 }, { sku_id: ids.sku2, warehouse_id: ids.central, on_hand: 0 },
    ]);
    const po = await receivePurchaseOrder(db, SYSTEM_ACTOR, approved.purchaseOrderId!, undefined, now);
    expect(po).toMatchObject({ status: 'received', supplierName: '供应商乙', totalAmount: 7500, lines: [{ skuCode: 'P2-A', quantity: 30, receivedQuantity: 30, unitCost: 250 }] });
    expect((await stock())[2]).toEqual({ sku_id: ids.sku2, warehouse_id: ids.central, on_hand: 30 });
    await expect(receivePurchaseOrder(db, SYSTEM_ACTOR, po.id, undefined, now)).rejects.toThrow(/is received/);

    // A re-run for the same date keeps the decisions and proposes nothing already covered by them.
    await db.transaction((tx) => runProposals(tx, AS_OF));
    expect((await listProposals(db, { asOf: AS_OF })).map((p) => [p.skuCode, p.status])).toEqual([['P2-A', 'approved'], ['P1-A', 'approved']]);
  }, 60_000);
});
