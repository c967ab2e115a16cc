import type { Page } from 'playwright-core';

/** The customer list (all customers, or a segment's members) and the customer 360, as a user sees them. */
export class CustomersPage {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  /** Opens on all customers (no segment chosen). */
  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/customers`);
    await this.page.getByTestId('all-table').waitFor();
  }

  async allIds(): Promise<number[]> {
    return this.page.getByTestId('customer-row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-customer'))));
  }

  /** The next page of all customers; resolves once its rows differ from the ones shown before. */
  async nextPage(): Promise<void> {
    await this.page.getByTestId('all-next').click();
    await this.page.getByTestId('all-range').filter({ hasNotText: /^第 1–/ }).waitFor();
  }

  async ticketRows(): Promise<string[][]> {
    return this.page.getByTestId('c360-ticket').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  }

  async chooseSegment(name: string): Promise<void> {
    const select = this.page.getByTestId('segment-filter');
    const value = await select.locator('option', { hasText: name }).getAttribute('value');
    await select.selectOption(value!);
    await this.page.getByTestId('member-table').waitFor();
  }

  async memberCountText(): Promise<string> {
    return (await this.page.getByTestId('member-count').textContent()) ?? '';
  }

  async memberIds(): Promise<number[]> {
    const rows = this.page.getByTestId('member-row');
    return (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-customer')))));
  }

  async openCustomer(id: number): Promise<void> {
    await this.page.locator(`[data-testid=member-row][data-customer="${id}"]`).click();
    await this.page.getByTestId('c360-profile').waitFor();
  }

  async text(testId: string): Promise<string> {
    return ((await this.page.getByTestId(testId).textContent()) ?? '').trim();
  }

  async transitions(): Promise<string[]> {
    return this.page.getByTestId('c360-transition').allTextContents();
  }
}

/** The segment builder. */
export class SegmentBuilderPage {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/segments`);
    await this.page.getByTestId('segment-builder').waitFor();
  }

  /** Set the i-th condition (adding rows as needed) to a list field and its comma-separated values. */
  async setListCondition(i: number, field: string, values: string): Promise<void> {
    while ((await this.page.getByTestId('seg-condition').count()) <= i) await this.page.getByTestId('seg-add').click();
    const row = this.page.getByTestId('seg-condition').nth(i);
    await row.getByTestId('seg-field').selectOption(field);
    await row.getByTestId('seg-values').fill(values);
  }

  async setRangeCondition(i: number, field: string, min: string, max: string): Promise<void> {
    while ((await this.page.getByTestId('seg-condition').count()) <= i) await this.page.getByTestId('seg-add').click();
    const row = this.page.getByTestId('seg-condition').nth(i);
    await row.getByTestId('seg-field').selectOption(field);
    await row.getByTestId('seg-min').fill(min);
    await row.getByTestId('seg-max').fill(max);
  }

  async setOp(op: 'and' | 'or'): Promise<void> {
    await this.page.getByTestId('seg-op').selectOption(op);
  }

  async liveCount(): Promise<string> {
    await this.page.getByTestId('seg-count').click();
    const el = this.page.getByTestId('seg-count-result');
    await el.waitFor();
    return (await el.textContent()) ?? '';
  }

  async save(name: string): Promise<void> {
    await this.page.getByTestId('seg-name').fill(name);
    await this.page.getByTestId('seg-save').click();
    await this.page.getByTestId('seg-message').waitFor();
  }

  async segmentNames(): Promise<string[]> {
    return this.page.getByTestId('segment-row').locator('td:first-child').allTextContents();
  }
}
