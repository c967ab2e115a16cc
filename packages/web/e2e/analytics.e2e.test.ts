import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRule, ChannelsReport, CohortsReport, Funnel, GoalProgress, ProductsReport } from '@zhanggui/contracts';
import { SHOTS, startConsole, type ConsoleHarness } from './harness.js';
import { AnalyticsPages } from './pages/analytics.page.js';

/**
 * The analytics pages on the harness's simulated store (60 days to 2026-03-31, the browser on
 * 2026-04-01): every number checked is read from the API for the same range and formatted as the
 * console formats it.
 */
describe('analytics pages in a browser', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let base: string;
  let ui: AnalyticsPages;
  const num = (tag: string) => (v: number) => new Intl.NumberFormat(tag).format(v);
  const pct = (tag: string) => (v: number) => new Intl.NumberFormat(tag, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
  const api = async <T>(path: string): Promise<T> => {
    const res = await page.request.get(`${base}/api${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    harness = await startConsole();
    ({ page, base } = harness);
    ui = new AnalyticsPages(page, base);
    await harness.signInAsOwner();
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('shows the funnel of the API, follows the range and the split, highlights the biggest drop', async () => {
    await ui.open('/funnel', 'funnel-page');
    const all = await api<Funnel>('/analytics/funnel?from=2026-03-02&to=2026-04-01&by=none');
    expect(await ui.funnelVisitors('all')).toEqual(all.groups[0]!.steps.map((s) => num('zh-CN')(s.visitors)));
    expect(await ui.biggestDrop('all')).toBe(all.groups[0]!.biggestDrop);
    await page.getByTestId('funnel-chart').waitFor();
    await page.screenshot({ path: `${SHOTS}-funnel.png`, fullPage: true });

    await ui.choosePreset('last7');
    const week = await api<Funnel>('/analytics/funnel?from=2026-03-25&to=2026-04-01&by=none');
    expect(await ui.funnelVisitors('all')).toEqual(week.groups[0]!.steps.map((s) => num('zh-CN')(s.visitors)));
    await ui.splitFunnel('channel');
    const byChannel = await api<Funnel>('/analytics/funnel?from=2026-03-25&to=2026-04-01&by=channel');
    const tmall = byChannel.groups.find((g) => g.key === 'tmall')!;
    expect(await ui.funnelVisitors('tmall')).toEqual(tmall.steps.map((s) => num('zh-CN')(s.visitors)));
  });

  it('shows the cohorts of the API as a heat-map and a table', async () => {
    await ui.open('/customer-analytics', 'customers-page');
    const { cohorts } = await api<CohortsReport>('/analytics/cohorts?from=2025-11-01&to=2026-04-01');
    expect(cohorts.length).toBeGreaterThan(0);
    expect(await ui.cohortRows()).toEqual(cohorts.map((c) => ({ cohort: c.cohort, size: num('zh-CN')(c.size), retention: c.retention.map(pct('zh-CN')) })));
    await page.getByTestId('cohort-heatmap').waitFor();
    await page.screenshot({ path: `${SHOTS}-customers.png`, fullPage: true });
  });

  it('shows channel spend and ROI as the API computes them', async () => {
    await ui.open('/channels', 'channels-page');
    const report = await api<ChannelsReport>('/analytics/channels?from=2026-03-02&to=2026-04-01');
    const money = (v: number) => new Intl.NumberFormat('zh-CN', { style: 'currency', currency: report.currency }).format(v / 100);
    expect(await ui.column('channels-table', 'spend')).toEqual(report.channels.map((c) => money(c.spend)));
    expect(await ui.column('channels-table', 'roi')).toEqual(report.channels.map((c) => (c.roi === null ? '—' : num('zh-CN')(Math.round(c.roi * 100) / 100))));
    expect(await page.getByTestId('recommendations').locator('li').count()).toBe(report.recommendations.length);
    await page.screenshot({ path: `${SHOTS}-channels.png`, fullPage: true });
  });

  it('ranks the SKUs by GMV, then by margin and refund rate, as the API does', async () => {
    await ui.open('/products', 'products-page');
    for (const rankBy of ['gmv', 'margin', 'refundRate'] as const) {
      if (rankBy !== 'gmv') await ui.rankProducts(rankBy);
      const report = await api<ProductsReport>(`/analytics/products?from=2026-03-02&to=2026-04-01&limit=20&rankBy=${rankBy}`);
      expect(report.top.length).toBeGreaterThan(1);
      expect(await ui.column('top-table', 'sku'), rankBy).toEqual(report.top.map((r) => r.sku));
      expect(await ui.column('bottom-table', 'sku'), rankBy).toEqual(report.bottom.map((r) => r.sku));
    }
    const byMargin = await api<ProductsReport>('/analytics/products?from=2026-03-02&to=2026-04-01&limit=20&rankBy=margin');
    const byGmv = await api<ProductsReport>('/analytics/products?from=2026-03-02&to=2026-04-01&limit=20&rankBy=gmv');
    expect(byMargin.top.map((r) => r.sku)).not.toEqual(byGmv.top.map((r) => r.sku)); // the switch shows another list
    await page.screenshot({ path: `${SHOTS}-products.png`, fullPage: true });
  });

  it('creates a goal and an alert rule, and shows the goal as the API reports it', async () => {
    await ui.open('/goals', 'goals-page');
    await ui.fillForm('goal-form', { name: '3月 GMV', metric: 'gmv', startsOn: '2026-03-01', endsOn: '2026-03-31', targetKind: 'absolute', target: '100000', direction: 'at_least', owner: '运营-王' });
    await page.getByTestId('goals-table').locator('td[data-col=name]', { hasText: '3月 GMV' }).waitFor();
    const { goals } = await api<{ goals: GoalProgress[] }>('/analytics/goals');
    const g = goals.find((x) => x.name === '3月 GMV')!;
    expect(g).toMatchObject({ metric: 'gmv', targetValue: 10_000_000, endsOn: '2026-04-01', owner: '运营-王' });
    const status = { on_track: '正常', at_risk: '有风险', off_track: '落后', not_started: '未开始' }[g.status];
    expect(await ui.column('goals-table', 'status')).toEqual([status]);
    expect(await ui.column('goals-table', 'actual')).toEqual([new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(g.actual! / 100)]);
    await page.screenshot({ path: `${SHOTS}-goals.png`, fullPage: true });

    await ui.open('/alerts', 'alerts-page');
    await ui.fillForm('rule-form', { name: 'GMV 异常', metric: 'gmv', kind: 'anomaly', value: '3', severity: 'critical' });
    await page.getByTestId('rules-table').locator('td[data-col=name]', { hasText: 'GMV 异常' }).waitFor();
    const { rules } = await api<{ rules: AlertRule[] }>('/analytics/alert-rules');
    expect(rules).toEqual([expect.objectContaining({ name: 'GMV 异常', metric: 'gmv', severity: 'critical', condition: { kind: 'anomaly', z: 3, historyDays: 28, direction: 'both' } })]);
  });

  it('shows the store name from the API and compares the overview with the same period last year', async () => {
    await page.goto(`${base}/overview`);
    await page.getByTestId('kpi-grid').waitFor();
    const store = await api<{ name: string }>('/store');
    expect(await page.getByTestId('store-label').textContent()).toBe(store.name);
    // The figures beyond the KPI report come from GET /api/analytics/overview.
    const ov = await api<{ current: { conversionRate: number; grossMargin: number }; byChannel: { key: string; gmv: number }[]; currency: string }>('/analytics/overview?from=2026-03-02&to=2026-04-01&compare=previous');
    await page.getByTestId('overview-more').waitFor();
    expect(await page.getByTestId('more-conversionRate').textContent()).toBe(pct('zh-CN')(ov.current.conversionRate));
    const cny = (v: number) => new Intl.NumberFormat('zh-CN', { style: 'currency', currency: ov.currency }).format(v / 100);
    expect(await page.getByTestId('more-grossMargin').textContent()).toBe(cny(ov.current.grossMargin));
    expect(await page.getByTestId('split-channel').locator('td[data-col=gmv]').allTextContents()).toEqual(ov.byChannel.map((c) => cny(c.gmv)));
    await page.getByTestId('compare-mode').selectOption('last_year');
    // The default range 2026-03-02 … 2026-03-31 against 2025-03-02 … 2025-03-31 (before the simulated history: no change shown).
    await page.getByTestId('range-summary').getByText('对比去年同期').waitFor();
    expect(await page.getByTestId('range-summary').textContent()).toContain('2025年3月2日');
    await page.getByTestId('compare-mode').selectOption('previous');
  });

  it('switches the analytics pages to English', async () => {
    await ui.open('/funnel', 'funnel-page');
    await page.getByTestId('language-switch').click();
    expect(await ui.heading().textContent()).toBe('Funnel');
    const all = await api<Funnel>('/analytics/funnel?from=2026-03-02&to=2026-04-01&by=none');
    expect(await ui.funnelVisitors('all')).toEqual(all.groups[0]!.steps.map((s) => num('en-US')(s.visitors)));
    await page.getByTestId('language-switch').click();
  });
});
