import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ExperimentResultsDto } from '@zhanggui/contracts';
import { queryRows } from '../../server/src/db/client.js';
import { SYSTEM_ACTOR } from '../../server/src/modules/identity/index.js';
import { createExperiment, logExposure } from '../../server/src/modules/experiments/index.js';
import { SHOTS, startConsole, type ConsoleHarness } from './harness.js';
import { PromotionsPage } from './pages/promotions.page.js';

/**
 * Promotions and experiments against a simulated store (60 days to 2026-03-31; the browser's
 * clock is 2026-04-01 10:00 in Shanghai): create a 满减 promotion with a live quote preview, and
 * read an experiment's result.
 */
describe('promotions and experiments in a browser', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    harness = await startConsole({
      prepare: async (db) => {
        // An experiment on 200 simulated customers, exposed on 2026-03-01: their March orders are the outcome.
        const d = db.database.db;
        await createExperiment(d, SYSTEM_ACTOR, { code: 'banner', name: '包邮横幅', kind: 'page', variants: [{ name: 'control', weight: 1 }, { name: 'banner', weight: 1 }] }, new Date('2026-03-01T00:00:00+08:00'));
        const customers = await queryRows<{ id: number }>(d, sql`select id from customers order by id limit 200`);
        for (const c of customers) await logExposure(d, 'banner', `c${c.id}`, Number(c.id), new Date('2026-03-01T00:00:00+08:00'));
      },
    });
    ({ page, base } = harness);
    await harness.signInAsOwner();
  });
  afterAll(async () => { await harness?.close(); });

  it('creates a 满减 promotion after previewing a cart', async () => {
    const promos = new PromotionsPage(page);
    await promos.open(base);
    await promos.fillThreshold('mj199', '满199减20', [['199', '20']]);
    await promos.setCartLine(0, 'A', '120', '2');
    await promos.setCartLine(1, 'B', '69.90', '1');
    // ¥240 + ¥69.90 = ¥309.90 ≥ ¥199 → −¥20 → ¥289.90 (the only active promotion is the draft).
    expect(await promos.waitForPayable('¥289.90')).toBe('¥289.90');
    expect(await promos.discounts().first().textContent()).toContain('达到满¥199档，减¥20');
    await page.screenshot({ path: `${SHOTS}-promotions.png`, fullPage: true });
    expect(await promos.save()).toBe(' 已保存：满199减20');
    await promos.listRow('mj199').waitFor();
    // No schedule: it runs every day, so today's calendar cell shows it next to the holidays.
    expect(await promos.day('2026-04-01').getByTestId('promo-chip').textContent()).toBe('满199减20');
    const res = await page.request.get(`${base}/api/pricing/promotions`);
    expect((await res.json()).map((p: { code: string }) => p.code)).toEqual(['mj199']);
  });

  it('shows an experiment\'s result as the API computes it', async () => {
    const promos = new PromotionsPage(page);
    await promos.openExperiments(base);
    const api = (await (await page.request.get(`${base}/api/experiments/banner/results?metric=conversion`)).json()) as ExperimentResultsDto;
    const b = api.result.variants[1]!;
    expect(await promos.experimentCell('banner', 'exp-p')).toBe(b.pValue!.toFixed(4));
    expect(await promos.experimentCell('control', 'exp-mean')).toBe(api.result.variants[0]!.mean.toFixed(4));
    expect(await promos.experimentCell('banner', 'exp-win')).toBe(new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(b.chanceToWin));
    expect(api.summary.variants.reduce((s, v) => s + v.n, 0)).toBe(200);
    await page.screenshot({ path: `${SHOTS}-experiments.png`, fullPage: true });
  });
});
