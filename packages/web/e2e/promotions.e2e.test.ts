import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { CouponBatchDto, CouponBatchListDto, ExperimentDto, ExperimentResultsDto, ReferralDto, ReferralProgrammeDto, ReferralSummaryDto } from '@zhanggui/contracts';
import { queryRows } from '../../server/src/db/client.js';
import { SYSTEM_ACTOR } from '../../server/src/modules/identity/index.js';
import { createExperiment, logExposure } from '../../server/src/modules/experiments/index.js';
import { recordReferral, referralRewardsStep } from '../../server/src/modules/pricing/index.js';
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
        // 老带新: two inviters, eight invitees who paid an order by 20 March, signed up on 2025-12-01
        // (before any simulated order); the fourth shares its inviter's device (blocked). Settled as of 2026-03-31.
        const invitees = await queryRows<{ id: number }>(d, sql`select c.id from customers c
          where exists (select 1 from orders o where o.customer_id = c.id and o.paid_at < '2026-03-20T00:00:00+08:00') order by c.id desc limit 8`);
        for (const [i, c] of invitees.entries()) {
          const inviterId = Number(customers[i % 2]!.id);
          await recordReferral(d, SYSTEM_ACTOR, {
            inviterId, inviteeId: Number(c.id), inviterDevice: `dev-inviter-${i % 2}`, inviteeDevice: i === 3 ? 'dev-inviter-1' : `dev-${c.id}`,
            reward: i % 2 === 0 ? { kind: 'points', points: 500 } : { kind: 'points', points: 200 }, referredAt: '2025-12-01T00:00:00+08:00',
          }, new Date('2025-12-01T00:00:00+08:00'));
        }
        await d.transaction((tx) => referralRewardsStep.run({ tx, database: db.database, asOf: '2026-03-31', timeZone: 'Asia/Shanghai', progress: () => {} }));
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

  const zhNumber = (n: number) => new Intl.NumberFormat('zh-CN').format(n);

  it('creates a percent category coupon in the editor, previews it as the API does, and lists it with its tracking after a reload', async () => {
    const promos = new PromotionsPage(page);
    await promos.open(base);
    // 茶叶 10% off (9折), at most ¥15, on the category tea, over ¥100; mj199 (满199减20) is active.
    await promos.setCouponKind('percent', 'item');
    await promos.fillCoupon({ code: 'tea10', name: '茶叶9折券', threshold: '100', percentOff: '10', maxDiscount: '15', categories: 'tea', validFrom: '2026-04-01 00:00', validTo: '2026-04-30 23:59', perCustomer: '1', total: '100' });
    await promos.setCouponCartLine(0, 'A', '120', '2');
    await promos.setCouponCartCategory(0, 'tea');
    await promos.setCouponCartLine(1, 'B', '69.90', '1');
    // By hand: ¥309.90 − ¥20 (stage 2) = ¥289.90; the tea line's 10% (about ¥22) is capped at ¥15 → ¥274.90.
    const shown = await promos.couponPreview('¥274.90');
    expect(shown.coupon).toBe('¥15.00');
    const active = (await (await page.request.get(`${base}/api/pricing/promotions`)).json()) as { status: string; definition: unknown }[];
    const coupon = { id: 'tea10', name: '茶叶9折券', scope: 'item', percentOff: 10, maxDiscount: 1500, threshold: 10000, targeting: { categories: ['tea'] }, validFrom: '2026-04-01 00:00', validTo: '2026-04-30 23:59' };
    const api = (await (await page.request.post(`${base}/api/pricing/preview`, { data: {
      rules: { promotions: active.filter((p) => p.status === 'active').map((p) => p.definition), coupons: [coupon] },
      cart: { at: shown.at, coupons: ['tea10'], lines: [{ sku: 'A', category: 'tea', quantity: 2, listPrice: 12000 }, { sku: 'B', quantity: 1, listPrice: 6990 }] },
    } })).json()) as { payable: number; couponDiscount: number };
    expect(api).toMatchObject({ payable: 27490, couponDiscount: 1500 });

    await page.getByTestId('coupon-create').click();
    expect(await page.getByTestId('coupon-created').textContent()).toBe(' 已创建：茶叶9折券');
    const stored = (await (await page.request.get(`${base}/api/pricing/coupon-batches/tea10`)).json()) as CouponBatchDto;
    expect(stored.definition).toEqual({ ...coupon, perCustomerLimit: 1, totalQuantity: 100 });
    // Issue it to three customers through the API, then reload: the list (from the API, not the page's memory) has it.
    const ids = (await queryRows<{ id: number }>(harness.db.database.db, sql`select id from customers order by id limit 3`)).map((r) => Number(r.id));
    expect((await (await page.request.post(`${base}/api/pricing/coupon-batches/tea10/issue`, { data: { customerIds: ids } })).json())).toEqual({ issued: 3, heldOut: 0, skipped: 0 });
    await page.reload();
    const row = await promos.couponRowCells('tea10');
    const list = (await (await page.request.get(`${base}/api/pricing/coupon-batches?limit=20&offset=0`)).json()) as CouponBatchListDto;
    const item = list.items.find((b) => b.code === 'tea10')!;
    expect(item).toMatchObject({ issued: 3, redeemed: 0, expired: 0, heldOut: 0, remaining: 97 });
    expect(row).toEqual({
      rule: '满¥100.00打9折，最多减¥15.00', target: '指定商品（商品券）（类目 tea）',
      issued: zhNumber(item.issued), redeemed: zhNumber(item.redeemed), expired: zhNumber(item.expired), heldout: zhNumber(item.heldOut), remaining: zhNumber(item.remaining!), rate: '0.0%',
    });
    // Every batch is listed, the earlier c100 too, newest first.
    expect(await page.locator('[data-testid=coupon-list] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))).toEqual(list.items.map((b) => b.code));
    expect(list.items[0]!.code).toBe('tea10');
    expect(await page.getByTestId('coupon-list-range').textContent()).toBe(`第 1–${list.items.length} 个，共 ${list.total} 个`);
  });

  it('shows the referral programme with the API\'s figures, saves its settings and filters the referrals', async () => {
    const promos = new PromotionsPage(page);
    await promos.openReferrals(base);
    const api = (await (await page.request.get(`${base}/api/pricing/referrals/summary`)).json()) as ReferralSummaryDto;
    // Prepared: 8 referrals by 2 inviters, one blocked (same device as its inviter), the rest settled as of 2026-03-31.
    expect(api).toMatchObject({ referrals: 8, inviters: 2 });
    expect(api.blocked).toBe(1);
    expect(api.byReason.same_device_as_inviter).toBe(1);
    expect(api.pending + api.rewarded + api.rejected).toBe(8);
    expect(api.rewarded).toBeGreaterThan(0);
    const shown = await promos.referralFigures(['ref-total', 'ref-inviters', 'ref-pending', 'ref-awaiting', 'ref-rewarded', 'ref-blocked', 'ref-refunded', 'ref-points-granted', 'ref-coupons-granted', 'ref-points-pending', 'ref-coupons-pending']);
    expect(shown).toEqual({
      'ref-total': zhNumber(api.referrals), 'ref-inviters': zhNumber(api.inviters), 'ref-pending': zhNumber(api.pending), 'ref-awaiting': zhNumber(api.awaitingWindow),
      'ref-rewarded': zhNumber(api.rewarded), 'ref-blocked': zhNumber(api.blocked), 'ref-refunded': zhNumber(api.refundedOrCancelled),
      'ref-points-granted': zhNumber(api.pointsGranted), 'ref-coupons-granted': zhNumber(api.couponsGranted), 'ref-points-pending': zhNumber(api.pointsPending), 'ref-coupons-pending': zhNumber(api.couponsPending),
    });
    expect(await page.locator('[data-testid=ref-reasons] tr[data-reason=same_device_as_inviter] td').allTextContents()).toEqual(['与邀请人同一设备', '1']);
    await page.screenshot({ path: `${SHOTS}-referrals.png`, fullPage: true });

    // Settings: not set up yet; a bad window is the field's error, then points 300 with a 5-day window.
    await page.getByTestId('ref-not-configured').waitFor();
    await page.getByTestId('ref-points').fill('300');
    await page.getByTestId('ref-window').fill('400');
    await page.getByTestId('ref-save').click();
    expect(await page.getByTestId('ref-err-windowDays').textContent()).toBe('请输入 0–365 的整数');
    await page.getByTestId('ref-window').fill('5');
    await page.getByTestId('ref-save').click();
    await page.getByTestId('ref-saved').waitFor();
    expect(await page.getByTestId('ref-rule').textContent()).toBe('被邀请人首单付款后 5 天内未退款，邀请人获得奖励；同设备或同手机号的邀请不发奖励。');
    const programme = (await (await page.request.get(`${base}/api/pricing/referral-programme`)).json()) as ReferralProgrammeDto;
    expect(programme).toMatchObject({ configured: true, enabled: true, reward: { kind: 'points', points: 300 }, windowDays: 5 });

    // The list, filtered to 不发奖励: the API's rejected referrals, with their reasons.
    await page.getByTestId('ref-status-filter').selectOption('rejected');
    const rejected = (await (await page.request.get(`${base}/api/pricing/referrals?status=rejected`)).json()) as ReferralDto[];
    await page.locator('[data-testid=ref-list] tbody tr[data-status=rejected]').first().waitFor();
    expect(await page.locator('[data-testid=ref-list] tbody tr').count()).toBe(rejected.length);
    expect(rejected.length).toBe(api.rejected);
  });

  it('sets up an experiment with its unit, primary metric and window, and reads its result on that metric', async () => {
    const promos = new PromotionsPage(page);
    await promos.openExperiments(base);
    // Sessions cannot have a repurchase metric: the field's error, nothing posted.
    await page.getByTestId('exp-unit').selectOption('session');
    await page.getByTestId('exp-primary-metric').selectOption('repurchase');
    await promos.createExperiment('rev_test', '满减门槛测试', 'promotion', [['control', '1'], ['higher', '1']]);
    expect(await promos.fieldError('primaryMetric').textContent()).toBe('按会话分流时不能用复购率（一个会话最多一笔订单）');
    // Customers, revenue per visitor, March (store time; the browser is in Shanghai).
    await page.getByTestId('exp-unit').selectOption('customer');
    await page.getByTestId('exp-primary-metric').selectOption('revenue');
    await page.getByTestId('exp-start').fill('2026-03-01T00:00');
    await page.getByTestId('exp-end').fill('2026-03-31T00:00');
    await page.getByTestId('exp-create').click();
    expect(await page.getByTestId('exp-created').textContent()).toBe(' 已开始：满减门槛测试');
    const x = (await (await page.request.get(`${base}/api/experiments/rev_test`)).json()) as ExperimentDto;
    expect(x).toMatchObject({ unit: 'customer', primaryMetric: 'revenue', startedAt: '2026-02-28T16:00:00.000Z', endsAt: '2026-03-30T16:00:00.000Z', kind: 'promotion' });
    // 200 customers exposed on 2 March (inside the window): their March orders up to the 31st are the outcome.
    const d = harness.db.database.db;
    const customers = await queryRows<{ id: number }>(d, sql`select id from customers order by id limit 200`);
    for (const c of customers) await logExposure(d, 'rev_test', `c${c.id}`, Number(c.id), new Date('2026-03-02T00:00:00+08:00'));
    await promos.openExperiments(base);
    await page.getByTestId('exp-select').selectOption('rev_test');
    await page.locator('[data-testid=exp-info][data-metric=revenue]').waitFor();
    const api = (await (await page.request.get(`${base}/api/experiments/rev_test/results`)).json()) as ExperimentResultsDto;
    expect({ metric: api.metric, primary: api.primary, unit: api.unit }).toEqual({ metric: 'revenue', primary: true, unit: 'customer' });
    expect(api.summary.variants.reduce((s, v) => s + v.n, 0)).toBe(200);
    expect(api.summary.variants.reduce((s, v) => s + v.sum, 0)).toBeGreaterThan(0);
    expect(await page.getByTestId('exp-metric').inputValue()).toBe('revenue');
    expect(await page.getByTestId('exp-info').getAttribute('data-unit')).toBe('customer');
    expect(await promos.experimentCell('control', 'exp-mean')).toBe(api.result.variants[0]!.mean.toFixed(4));
    expect(await promos.experimentCell('higher', 'exp-p')).toBe(api.result.variants[1]!.pValue!.toFixed(4));
  });
});
