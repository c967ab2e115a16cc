import type { Page } from 'playwright-core';

export type KpiKey = 'gmv' | 'paidAmount' | 'netSales' | 'orders' | 'buyers' | 'aov' | 'arppu' | 'repurchaseRate' | 'refunds';

/** 经营概况: the range picker, the KPI cards, the trend chart and the console chrome around them. */
export class OverviewPage {
  constructor(readonly page: Page) {}

  /** Wait until the cards show figures (not the loading state). */
  async waitForKpis(): Promise<void> {
    await this.page.getByTestId('kpi-grid').waitFor();
  }

  heading() { return this.page.locator('.overview h1'); }
  nav() { return this.page.getByTestId('side-nav'); }
  navLink(name: string) { return this.nav().getByRole('link', { name }); }
  menuButton() { return this.page.getByTestId('menu-button'); }
  chartCanvas() { return this.page.locator('[data-testid=trend-chart] canvas').first(); }
  rangeSummary() { return this.page.getByTestId('range-summary'); }

  async kpiValue(key: KpiKey): Promise<string> {
    return (await this.page.getByTestId(`kpi-${key}`).getByTestId('kpi-value').textContent()) ?? '';
  }

  /** The values a KPI card's sparkline draws. */
  async kpiSparkline(key: KpiKey): Promise<number[]> {
    return valuesOf(await this.page.getByTestId(`kpi-${key}`).getByTestId('sparkline').getAttribute('data-values'));
  }

  /** The values a sparkline of the cards beyond the KPI report draws (conversion, refund rate, …). */
  async moreSparkline(key: string): Promise<number[]> {
    return valuesOf(await this.page.locator(`[data-kpi=${key}]`).getByTestId('sparkline').getAttribute('data-values'));
  }

  /** Wait until the cards from GET /api/analytics/overview show. */
  async waitForMore(): Promise<void> {
    await this.page.getByTestId('overview-more').waitFor();
  }

  async kpiLabel(key: KpiKey): Promise<string> {
    return (await this.page.getByTestId(`kpi-${key}`).locator('.kpi-label').textContent()) ?? '';
  }

  /** Pick a preset range and wait for its figures. */
  async choosePreset(preset: 'last7' | 'last30' | 'thisMonth' | 'lastMonth'): Promise<void> {
    const done = this.page.waitForResponse((r) => r.url().includes('/api/analytics/kpis') && r.url().includes('granularity=day'));
    await this.page.locator(`[data-preset=${preset}]`).click();
    await done;
    await this.waitForKpis();
  }

  /** A custom range, both days inclusive as the picker shows them. */
  async chooseCustom(from: string, to: string): Promise<void> {
    await this.page.locator('[data-preset=custom]').click();
    await this.page.locator('input[name=from]').fill(from);
    await this.page.locator('input[name=to]').fill(to);
    const done = this.page.waitForResponse((r) => r.url().includes(`from=${from}`) && r.url().includes('granularity=day'));
    await this.page.locator('.custom-range button[type=submit]').click();
    await done;
    await this.waitForKpis();
  }

  async chooseGranularity(g: 'day' | 'week' | 'month'): Promise<void> {
    await this.page.locator(`[data-granularity=${g}]`).click();
    await this.page.locator(`[data-granularity=${g}][aria-pressed=true]`).waitFor();
  }

  async switchLanguage(): Promise<void> {
    await this.page.getByTestId('language-switch').click();
  }

  async logout(): Promise<void> {
    await this.page.getByTestId('logout').click();
    await this.page.getByTestId('login-form').waitFor();
  }
}

const valuesOf = (attr: string | null): number[] => (attr ? attr.split(',').map(Number) : []);
