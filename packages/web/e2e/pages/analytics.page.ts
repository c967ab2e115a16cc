import type { Page } from 'playwright-core';

/** The analytics pages (funnel, channels, customer analytics, products, goals, alerts), as a user sees them. */
export class AnalyticsPages {
  constructor(private readonly page: Page, private readonly base: string) {}

  async open(path: string, testId: string): Promise<void> {
    await this.page.goto(`${this.base}${path}`);
    await this.page.getByTestId(testId).waitFor();
    await this.page.getByTestId('loading').waitFor({ state: 'detached' });
  }

  heading() {
    return this.page.locator('.analytics-page h1');
  }

  async choosePreset(preset: string): Promise<void> {
    await this.page.locator(`[data-preset=${preset}]`).click();
    await this.page.getByTestId('loading').waitFor({ state: 'detached' });
  }

  /** The visitors shown at each funnel step of a group, as text. */
  async funnelVisitors(group: string): Promise<string[]> {
    return this.page.getByTestId(`funnel-group-${group}`).locator('td[data-col=visitors]').allTextContents();
  }

  async biggestDrop(group: string): Promise<string | null> {
    return this.page.getByTestId(`funnel-group-${group}`).locator('tr.biggest-drop').getAttribute('data-step');
  }

  async splitFunnel(by: 'none' | 'channel' | 'device'): Promise<void> {
    await this.page.locator(`[data-by=${by}]`).click();
    await this.page.getByTestId(by === 'none' ? 'funnel-group-all' : 'funnel-group-tmall').waitFor();
  }

  /** 商品分析: rank the SKUs by another figure and wait for the tables to follow. */
  async rankProducts(by: string): Promise<void> {
    await this.page.locator(`[data-rank-by=${by}]`).click();
    await this.page.locator(`[data-rank-by=${by}][aria-pressed=true]`).waitFor();
    await this.page.getByTestId('loading').waitFor({ state: 'detached' });
  }

  /** Cohort rows: month, size text, retention texts. */
  async cohortRows(): Promise<{ cohort: string; size: string; retention: string[] }[]> {
    const rows = this.page.getByTestId('cohort-table').locator('tbody tr');
    const out = [];
    for (let i = 0; i < await rows.count(); i++) {
      const r = rows.nth(i);
      out.push({ cohort: (await r.getAttribute('data-cohort'))!, size: (await r.locator('td[data-col=size]').textContent())!, retention: await r.locator('td[data-k]').allTextContents() });
    }
    return out;
  }

  /** Texts of one column of a data table. */
  async column(table: string, col: string): Promise<string[]> {
    return this.page.getByTestId(table).locator(`td[data-col=${col}]`).allTextContents();
  }

  async fillForm(form: string, values: Record<string, string>): Promise<void> {
    const f = this.page.getByTestId(form);
    for (const [name, value] of Object.entries(values)) {
      const el = f.locator(`[name=${name}]`);
      if (await el.evaluate((e) => e.tagName === 'SELECT')) await el.selectOption(value);
      else await el.fill(value);
    }
    await f.locator('button[type=submit]').click();
  }
}
