import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ExperimentResultsDto } from '@zhanggui/contracts';
import { queryRows } from '../../server/src/db/client.js';
import { SYSTEM_ACTOR } from '../../server/src/modules/identity/index.js';
import { createExperiment, logExposure } from '../../server/src/modules/experiments/index.js';
import { SHOTS, startConsole, type ConsoleHarness } from './harness.js';
import { PromotionsPage } from './pages/promotions.page.js';

/** The fields of GET /api/pricing/incrementality/:code this test reads. */
interface IncrementalityReportDto { causal: boolean; label: { zh: string; en: string }; roiTarget: number; attributedRoi?: number | null }

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

  it('shows the new promotion\'s results as the API reports them: no holdout, so labelled not causal', async () => {
    const promos = new PromotionsPage(page);
    // Still on /promotions; the panel's default window is the last 30 days up to tomorrow (browser date 2026-04-01).
    const shown = await promos.openResults('mj199');
    const api = (await (await page.request.get(`${base}/api/pricing/incrementality/mj199?from=2026-03-02&to=2026-04-02`)).json()) as IncrementalityReportDto;
    expect(api.causal).toBe(false);
    expect(shown).toEqual({ label: api.label.zh, roi: api.attributedRoi == null ? '—' : api.attributedRoi.toFixed(2), causal: 'false' });
    expect(await page.getByTestId('results-target').textContent()).toBe(api.roiTarget.toFixed(2));
    expect(api.roiTarget).toBe(1.8); // the handbook's ROI target
  });

  it('creates a coupon batch in the editor: per-field errors first, then it is listed and has results', async () => {
    const promos = new PromotionsPage(page);
    // Still on /promotions. No code, a discount over the threshold, a date without a time and 0 per customer are refused field by field.
    await promos.createCouponBatch({ code: '', name: '满100减10券', threshold: '100', amount: '150', validFrom: '2026-04-01', validTo: '2026-04-30 23:59', perCustomer: '0', total: '500' });
    expect(await promos.couponError('code').textContent()).toBe('必填');
    expect(await promos.couponError('amount').textContent()).toBe('优惠金额不能超过门槛');
    expect(await promos.couponError('validFrom').textContent()).toBe('格式为 YYYY-MM-DD HH:mm');
    expect(await promos.couponError('perCustomer').textContent()).toBe('每人限领须为 1–20 的整数');
    expect(await promos.couponError('name').count()).toBe(0);
    await promos.createCouponBatch({ code: 'c100', amount: '10', validFrom: '2026-04-01 00:00', perCustomer: '2' });
    expect(await page.getByTestId('coupon-created').textContent()).toBe(' 已创建：满100减10券');
    expect(await promos.couponRow('c100').getByTestId('coupon-rule').textContent()).toBe('满¥100.00减¥10.00');
    // The API stored what the form said (amounts in fen).
    const b = (await (await page.request.get(`${base}/api/pricing/coupon-batches/c100`)).json()) as { maxPerCustomer: number; definition: unknown };
    expect(b).toMatchObject({ maxPerCustomer: 2, definition: { id: 'c100', scope: 'order', threshold: 10000, amount: 1000, validFrom: '2026-04-01 00:00', validTo: '2026-04-30 23:59', perCustomerLimit: 2, totalQuantity: 500 } });
    // Its results are offered next to the promotion's: not issued to anyone yet, so not causal.
    const shown = await promos.openResults('c100');
    const api = (await (await page.request.get(`${base}/api/pricing/incrementality/c100?from=2026-03-02&to=2026-04-02`)).json()) as IncrementalityReportDto;
    expect(shown.label).toBe(api.label.zh);
    expect(shown.causal).toBe('false');
    // The same code again is the code field's error (409 from the API).
    await promos.createCouponBatch({ code: 'c100' });
    expect(await promos.couponError('code').textContent()).toBe('这个编号已被使用');
  });

  it('previews a draft coupon stacked on the active promotion, as the API quotes the same cart', async () => {
    const promos = new PromotionsPage(page);
    // Still on /promotions; mj199 (满199减20) is active. Draft coupon 满100减15, valid all April (browser clock 2026-04-01 10:00).
    await promos.fillCoupon({ code: 'c15', name: '满100减15券', threshold: '100', amount: '15', validFrom: '2026-04-01 00:00', validTo: '2026-04-30 23:59' });
    await promos.setCouponCartLine(0, 'A', '120', '2');
    await promos.setCouponCartLine(1, 'B', '69.90', '1');
    // By hand: ¥309.90 − ¥20 (满199减20, stage 2) = ¥289.90 ≥ ¥100 → −¥15 (stage 3) = ¥274.90.
    const shown = await promos.couponPreview('¥274.90');
    expect(shown.coupon).toBe('¥15.00');
    expect(shown.stacking).toEqual(['② 订单活动: 满199减20 −¥20.00', '③ 优惠券: 满100减15券 −¥15.00']);
    // The API's quote for the same rules and cart at the same moment.
    const active = (await (await page.request.get(`${base}/api/pricing/promotions`)).json()) as { status: string; definition: unknown }[];
    const res = await page.request.post(`${base}/api/pricing/preview`, { data: {
      rules: { promotions: active.filter((p) => p.status === 'active').map((p) => p.definition), coupons: [{ id: 'c15', name: '满100减15券', scope: 'order', amount: 1500, threshold: 10000, validFrom: '2026-04-01 00:00', validTo: '2026-04-30 23:59' }] },
      cart: { at: shown.at, coupons: ['c15'], lines: [{ sku: 'A', quantity: 2, listPrice: 12000 }, { sku: 'B', quantity: 1, listPrice: 6990 }] },
    } });
    const api = (await res.json()) as { payable: number; couponDiscount: number };
    expect({ payable: api.payable, couponDiscount: api.couponDiscount }).toEqual({ payable: 27490, couponDiscount: 1500 });
    expect(shown.payable).toBe(`¥${(api.payable / 100).toFixed(2)}`);
    expect(shown.coupon).toBe(`¥${(api.couponDiscount / 100).toFixed(2)}`);
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

  it('sets up an experiment in the form: per-field errors first, then it is in the results list', async () => {
    const promos = new PromotionsPage(page);
    // Still on /experiments. A bad code, a duplicate variant name and a zero weight are refused field by field.
    await promos.createExperiment('Price Test', '价格测试', 'price', [['control', '1'], ['control', '1'], ['low', '0']]);
    expect(await promos.fieldError('code').textContent()).toBe('只能用小写字母、数字、_ 和 -（最多 64 个字符）');
    expect(await promos.fieldError('variant-name-1').textContent()).toBe('分组名称不能重复');
    expect(await promos.fieldError('variant-weight-2').textContent()).toBe('权重须大于 0 且不超过 1000');
    expect(await promos.fieldError('name').count()).toBe(0);
    // The form kept the three variants; fix the fields and start it.
    await page.getByTestId('exp-code').fill('price_test');
    await page.getByTestId('exp-variant-name-1').fill('minus5');
    await page.getByTestId('exp-variant-weight-2').fill('2');
    await page.getByTestId('exp-variant-name-2').fill('minus10');
    await page.getByTestId('exp-create').click();
    expect(await page.getByTestId('exp-created').textContent()).toBe(' 已开始：价格测试');
    expect(await promos.experimentOptions().allTextContents()).toEqual(['包邮横幅 (banner)', '价格测试 (price_test)']);
    expect(await page.getByTestId('exp-select').inputValue()).toBe('price_test');
    // The API stored what the form said (weights 1:1:2, the first variant the control).
    const x = (await (await page.request.get(`${base}/api/experiments/price_test`)).json()) as { kind: string; status: string; variants: unknown };
    expect(x).toMatchObject({ kind: 'price', status: 'running', variants: [{ name: 'control', weight: 1 }, { name: 'minus5', weight: 1 }, { name: 'minus10', weight: 2 }] });
    // The same code again is the code field's error (409 from the API).
    await promos.createExperiment('price_test', '再来一次', 'page', [['a', '1'], ['b', '1']]);
    expect(await promos.fieldError('code').textContent()).toBe('这个编号已被使用');
  });
});
