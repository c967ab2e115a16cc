import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiReport, Overview } from '@zhanggui/contracts';
import { createUser, SYSTEM_ACTOR } from '../../server/src/modules/identity/index.js';
import { OWNER_PASSWORD as PASSWORD, SHOTS, startConsole, type ConsoleHarness } from './harness.js';
import { LoginPage } from './pages/login.page.js';
import { OverviewPage, type KpiKey } from './pages/overview.page.js';

/**
 * The overview against a simulated store (60 days to 2026-03-31). The browser's clock is pinned to
 * the morning after the last simulated day, so the default range ("last 30 days") is
 * 2026-03-02 … 2026-03-31.
 */
describe('console in a browser', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let base: string;
  let analystPassword: string;

  beforeAll(async () => {
    harness = await startConsole({
      prepare: async (db) => {
        // No password given: the analyst gets a one-time password and must replace it at first sign-in.
        analystPassword = (await createUser(db.database.db, SYSTEM_ACTOR, { username: 'analyst', role: 'analyst' })).oneTimePassword!;
      },
    });
    ({ page, base } = harness);
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** What the API says for a range, as the overview must show it in a language. */
  async function expectedCards(from: string, to: string, tag: string): Promise<Record<KpiKey, string>> {
    const res = await page.request.get(`${base}/api/analytics/kpis?from=${from}&to=${to}&granularity=total`);
    expect(res.status()).toBe(200);
    const report = (await res.json()) as KpiReport;
    expect(report.rows).toHaveLength(1);
    const r = report.rows[0]!;
    const money = (v: number | null) => new Intl.NumberFormat(tag, { style: 'currency', currency: report.currency }).format(v! / 100);
    const count = (v: number) => new Intl.NumberFormat(tag).format(v);
    const pct = (v: number | null) => new Intl.NumberFormat(tag, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v!);
    return {
      gmv: money(r.gmv), paidAmount: money(r.paidAmount), netSales: money(r.netSales), orders: count(r.orders), buyers: count(r.buyers),
      aov: money(r.aov), arppu: money(r.arppu), repurchaseRate: pct(r.repurchaseRate), refunds: money(r.refunds),
    };
  }

  async function shownCards(overview: OverviewPage): Promise<Record<KpiKey, string>> {
    const keys: KpiKey[] = ['gmv', 'paidAmount', 'netSales', 'orders', 'buyers', 'aov', 'arppu', 'repurchaseRate', 'refunds'];
    return Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await overview.kpiValue(k)]))) as Record<KpiKey, string>;
  }

  it('refuses a wrong password with the error, then signs in', async () => {
    const login = new LoginPage(page, base);
    await login.open();
    await page.screenshot({ path: `${SHOTS}-login.png` });
    await login.signIn('owner', 'not-the-password');
    expect(await login.errorText()).toBe('用户名或密码错误');
    await login.signIn('owner', PASSWORD);
    const overview = new OverviewPage(page);
    await overview.waitForKpis();
    expect(await overview.heading().textContent()).toBe('经营概况');
    expect(new URL(page.url()).pathname).toBe('/overview');
  });

  it('shows the API figures of the default range, formatted, and the trend chart', async () => {
    const overview = new OverviewPage(page);
    expect(await shownCards(overview)).toEqual(await expectedCards('2026-03-02', '2026-04-01', 'zh-CN'));
    expect(await overview.rangeSummary().textContent()).toContain('2026年3月2日');
    const canvas = overview.chartCanvas();
    await canvas.waitFor();
    expect((await canvas.boundingBox())!.width).toBeGreaterThan(400);
    await page.screenshot({ path: `${SHOTS}-overview-1280.png`, fullPage: true });
  });

  it('draws every card sparkline from the daily figures of the API', async () => {
    const overview = new OverviewPage(page);
    await overview.waitForMore();
    const daily = (await (await page.request.get(`${base}/api/analytics/kpis?from=2026-03-02&to=2026-04-01&granularity=day`)).json()) as KpiReport;
    const o = (await (await page.request.get(`${base}/api/analytics/overview?from=2026-03-02&to=2026-04-01&compare=previous`)).json()) as Overview;
    expect(daily.rows).toHaveLength(30);
    expect(o.daily.map((d) => d.day)).toEqual(daily.rows.map((r) => r.period));
    const cards: KpiKey[] = ['gmv', 'paidAmount', 'netSales', 'orders', 'buyers', 'aov', 'arppu', 'repurchaseRate', 'refunds'];
    for (const k of cards) expect(await overview.kpiSparkline(k), k).toEqual(daily.rows.map((r) => r[k] ?? 0));
    const more = ['conversionRate', 'refundRate', 'grossMargin', 'roi', 'visitors', 'spend'] as const;
    for (const k of more) expect(await overview.moreSparkline(k), k).toEqual(o.daily.map((d) => d[k] ?? 0));
    // The daily series are the same figures as the KPI report's days, and they vary (a flat line would hide a mix-up).
    expect(o.daily.map((d) => d.gmv)).toEqual(daily.rows.map((r) => r.gmv));
    expect(o.daily.map((d) => d.buyers)).toEqual(daily.rows.map((r) => r.buyers));
    expect(new Set(o.daily.map((d) => d.conversionRate)).size).toBeGreaterThan(5);
  });

  it('follows a change of range and of granularity', async () => {
    const overview = new OverviewPage(page);
    await overview.choosePreset('last7');
    expect(await shownCards(overview)).toEqual(await expectedCards('2026-03-25', '2026-04-01', 'zh-CN'));
    await overview.chooseGranularity('week');
    await overview.chartCanvas().waitFor();

    // Across two months the overview reads the range as one total row: distinct buyers, ARPPU and repurchase are exact too.
    await overview.chooseCustom('2026-02-20', '2026-03-10');
    const byMonth = (await (await page.request.get(`${base}/api/analytics/kpis?from=2026-02-20&to=2026-03-11&granularity=month`)).json()) as KpiReport;
    expect(byMonth.rows).toHaveLength(2);
    const cards = await expectedCards('2026-02-20', '2026-03-11', 'zh-CN');
    expect(await shownCards(overview)).toEqual(cards);
    expect(cards.gmv).toBe(new Intl.NumberFormat('zh-CN', { style: 'currency', currency: byMonth.currency }).format(byMonth.rows.reduce((s, r) => s + r.gmv, 0) / 100));
    await overview.choosePreset('last7');
  });

  it('switches to English and remembers it', async () => {
    const overview = new OverviewPage(page);
    await overview.switchLanguage();
    expect(await overview.heading().textContent()).toBe('Overview');
    expect(await overview.kpiLabel('arppu')).toBe('ARPPU');
    expect(await shownCards(overview)).toEqual(await expectedCards('2026-03-25', '2026-04-01', 'en-US'));
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.reload();
    await overview.waitForKpis();
    expect(await overview.heading().textContent()).toBe('Overview');
    await overview.chartCanvas().waitFor();
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${SHOTS}-overview-en.png`, fullPage: true });
  });

  it('shows the navigation at 1280 px and folds it at 800 px', async () => {
    const overview = new OverviewPage(page);
    expect(await overview.nav().isVisible()).toBe(true);
    expect(await overview.menuButton().isVisible()).toBe(false);
    await page.setViewportSize({ width: 800, height: 1000 });
    expect(await overview.nav().isVisible()).toBe(false);
    await page.screenshot({ path: `${SHOTS}-overview-800.png`, fullPage: true });
    await overview.menuButton().click();
    expect(await overview.navLink('Overview').isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}-overview-800-nav.png` });
    await overview.navLink('Overview').click();
    expect(await overview.nav().isVisible()).toBe(false);
  });

  it('signs out', async () => {
    await new OverviewPage(page).logout();
    const res = await page.request.get(`${base}/api/auth/me`);
    expect(res.status()).toBe(401);
  });

  it('makes a user with a one-time password replace it before the console opens', async () => {
    const login = new LoginPage(page, base);
    await login.signIn('analyst', analystPassword);
    await login.changePassword(analystPassword, 'a-brand-new-secret', 'a-different-secret');
    expect(await login.errorText()).toBe('The new passwords do not match');
    await login.changePassword(analystPassword, 'a-brand-new-secret', 'a-brand-new-secret');
    const overview = new OverviewPage(page);
    await overview.waitForKpis();
    expect(await page.getByTestId('current-user').textContent()).toBe('analyst');
  });
});
