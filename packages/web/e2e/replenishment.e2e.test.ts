import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../server/src/pipeline/runner.js';
import { demandForecastStep } from '../../server/src/modules/forecasting/index.js';
import { inventoryPolicyStep, proposalsStep } from '../../server/src/modules/replenishment/index.js';
import { AS_OF, seedPolicyFixture } from '../../server/src/modules/replenishment/policy-fixture.js';
import { SHOTS, startConsole, type ConsoleHarness } from './harness.js';
import { ReplenishmentPages } from './pages/replenishment.page.js';

/**
 * The replenishment worklist and forecast explorer on the simulated store plus the hand-checkable
 * fixture (server/src/modules/replenishment/policy-fixture.ts): P1-A sells 70 a week from 测试中心仓,
 * holds 45 against a reorder point of 50, so 供应商甲 is proposed 15 units (docs/inventory.md).
 */
describe('replenishment and forecasts in a browser', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    harness = await startConsole({
      prepare: async (db) => {
        await seedPolicyFixture(db.database.db);
        await runPipeline(db.database, [demandForecastStep, inventoryPolicyStep, proposalsStep], { asOf: AS_OF });
      },
    });
    ({ page, base } = harness);
  });
  afterAll(async () => { await harness?.close(); });

  it('approves a proposal with an edited quantity, receives its purchase order, and reads a forecast', async () => {
    await harness.signInAsOwner();
    const ui = new ReplenishmentPages(page);
    await ui.openWorklist(base);
    const row = ui.proposal('P1-A').first();
    expect(await row.getByTestId('proposal-qty').inputValue()).toBe('15');
    expect(await row.textContent()).toContain('供应商甲');
    expect(await row.textContent()).toContain('reorder point 50');
    await ui.approve('P1-A', 24);
    const approved = page.locator('[data-testid="proposal-row"][data-sku="P1-A"][data-status="approved"]').first();
    expect(await approved.getByTestId('proposal-status').textContent()).toBe('已批准');
    // 24 × ¥6.00
    expect(await approved.textContent()).toContain('¥144.00');
    await ui.receiveFirstOpenPo();
    const stock = await (await page.request.get(`${base}/api/stock-levels?sku=P1-A`)).json();
    expect(stock.items.map((s: { warehouseCode: string; onHand: number }) => [s.warehouseCode, s.onHand])).toEqual([['T-CDC', 69], ['T-RDC', 100]]);
    await page.screenshot({ path: `${SHOTS}-replenishment.png` });

    await ui.openForecast(base, 'P1-A');
    expect(await ui.forecastModel().textContent()).toMatch(/^所选模型：\w+（.+），依据：backtest$/);
    expect(await ui.forecastAccuracy().textContent()).toContain('WAPE');
    // The store-wide line shows the API's pooled figures, two decimals as the page formats them.
    const acc = await (await page.request.get(`${base}/api/forecasts/accuracy`)).json();
    const f2 = (v: number | null) => (v === null ? '—' : v.toFixed(2));
    expect(await page.getByTestId('forecast-overall').textContent())
      .toBe(`全店回测精度（${acc.backtested} 个序列）：平均 sMAPE ${f2(acc.smape)} · 平均 MASE ${f2(acc.mase)} · WAPE ${f2(acc.wape)} · 偏差 ${f2(acc.bias)}`);
    expect(await ui.forecastPoints().count()).toBe(8);
    // 70 a week: the first week's forecast, from 2026-03-02
    expect(await ui.forecastPoints().first().textContent()).toContain('2026-03-0270.0');
    // Holiday lifts from the flat 70-a-week history: the 女王节 week (2025-03-08) sold as usual → lift 1 (docs/forecasting.md).
    expect(await page.getByTestId('forecast-lifts').textContent()).toContain('女王节 ×1.00 (n=1)');

    expect(await ui.forecastChart().count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}-forecast.png` });

    // The inventory KPI table (overall + per SKU, biggest COGS first); P1-A's figures by hand in docs/inventory.md: COGS 300 × ¥6.00, fill 100%.
    await page.goto(`${base}/inventory-health`);
    await page.getByTestId('kpi-overall').waitFor();
    expect(await page.getByTestId('kpi-overall').textContent()).toMatch(/%/);
    expect(await page.getByTestId('kpi-sku').count()).toBeGreaterThan(0);
    const health = await (await page.request.get(`${base}/api/inventory-health`)).json();
    expect(health.kpis.skus.find((k: { skuCode: string }) => k.skuCode === 'P1-A')).toMatchObject({ cogs: 180_000, fillRate: 1, unitsShipped: 300 });
  });
});
