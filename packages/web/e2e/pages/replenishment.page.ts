import type { Page } from 'playwright-core';

/** 补货建议 worklist and 需求预测 explorer. */
export class ReplenishmentPages {
  constructor(readonly page: Page) {}

  async openWorklist(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/replenishment`);
    await this.page.getByTestId('proposal-list').waitFor();
  }

  proposal(sku: string) { return this.page.locator(`[data-testid="proposal-row"][data-sku="${sku}"]`); }

  /** Set the quantity of a SKU's proposed row and approve it; waits for the list to reload. */
  async approve(sku: string, quantity: number): Promise<void> {
    const row = this.proposal(sku).and(this.page.locator('[data-status="proposed"]')).first();
    await row.getByTestId('proposal-qty').fill(String(quantity));
    const done = this.page.waitForResponse((r) => r.url().includes('/approve') && r.request().method() === 'POST');
    await row.getByTestId('proposal-approve').click();
    await done;
    await this.page.locator(`[data-testid="proposal-row"][data-sku="${sku}"][data-status="approved"]`).waitFor();
  }

  purchaseOrders() { return this.page.getByTestId('po-row'); }

  async receiveFirstOpenPo(): Promise<void> {
    const done = this.page.waitForResponse((r) => r.url().includes('/receive') && r.request().method() === 'POST');
    await this.page.locator('[data-testid="po-row"][data-status="open"]').first().getByTestId('po-receive').click();
    await done;
    await this.page.locator('[data-testid="po-row"][data-status="received"]').first().waitFor();
  }

  async openForecast(baseUrl: string, sku: string): Promise<void> {
    await this.page.goto(`${baseUrl}/forecasts`);
    await this.page.getByTestId('forecast-list').waitFor();
    await this.page.locator(`[data-testid="forecast-row"][data-sku="${sku}"]`).first().getByTestId('forecast-open').click();
    await this.page.getByTestId('forecast-points').waitFor();
  }

  forecastModel() { return this.page.getByTestId('forecast-model'); }
  forecastAccuracy() { return this.page.getByTestId('forecast-accuracy'); }
  forecastPoints() { return this.page.getByTestId('forecast-point'); }
  forecastChart() { return this.page.getByTestId('forecast-chart'); }
}
