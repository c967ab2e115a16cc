// Supplier diversification as a replenishment setting (maxSupplierShare → planPurchase's maxShare),
// on the hand-checkable fixture (policy-fixture.ts).
import { expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { demandForecastStep } from '../forecasting/index.js';
import { inventoryPolicyStep } from './inventory-policy.pipeline.js';
import { AS_OF, seedPolicyFixture } from './policy-fixture.js';
import { listProposals } from './proposal.service.js';
import { proposalsStep } from './proposals.pipeline.js';
import { getReplenishmentSettings, saveReplenishmentSettings } from './settings.service.js';

forEachDriver('supplier diversification setting', (t) => {
  it('caps the first supplier at the configured share of the need and buys the rest from the next', async () => {
    const { db } = t().database;
    await seedPolicyFixture(db);
    expect((await getReplenishmentSettings(db)).maxSupplierShare).toBe(1);
    const run = async () => {
      await runPipeline(t().database, [demandForecastStep, inventoryPolicyStep, proposalsStep], { asOf: AS_OF });
      return (await listProposals(db, { asOf: AS_OF, status: 'proposed' })).filter((p) => p.kind === 'purchase')
        .map((p) => [p.skuCode, p.supplierName, p.quantity, p.unitCost]);
    };
    // By hand (inventory-policy.pipeline.test.ts): P1-A central needs 60 − 45 = 15 and runs out in 5 days, so supplier 甲
    // (lead 5 days, ¥6.00) is first; without diversification it gets all 15.
    expect(await run()).toEqual([['P1-A', '供应商甲', 15, 600]]);
    // At most 50% per supplier: 甲 gets ⌊15 × 0.5⌋ = 7, the last resort 乙 (¥5.50) the remaining 8.
    expect((await saveReplenishmentSettings(db, { maxSupplierShare: 0.5 })).maxSupplierShare).toBe(0.5);
    const rows = (await run()).sort((a, b) => Number(a[2]) - Number(b[2]));
    expect(rows).toEqual([['P1-A', '供应商甲', 7, 600], ['P1-A', '供应商乙', 8, 550]]);
  });
});
