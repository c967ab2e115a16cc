import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** 客服工单: the queue, the new-ticket form and the selected ticket. */
export class TicketsPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string): Promise<void> {
    const loaded = this.page.waitForResponse((r) => r.url().includes('/api/tickets?') && r.request().method() === 'GET');
    await this.page.goto(`${baseUrl}/tickets`);
    await loaded;
    await this.page.getByTestId('ticket-list').waitFor();
  }

  async create(subject: string, body: string): Promise<void> {
    const form = this.page.getByTestId('new-ticket');
    await form.locator('input[name=subject]').fill(subject);
    await form.locator('textarea[name=body]').fill(body);
    await form.locator('button[type=submit]').click();
    await this.page.getByTestId('ticket').waitFor();
  }

  /** Run an action button and wait for the ticket to be drawn again. */
  async act(testId: string, text?: string): Promise<void> {
    if (text !== undefined) await this.page.getByTestId('ticket-text').fill(text);
    const done = this.page.waitForResponse((r) => r.url().includes('/api/tickets/') && r.request().method() === 'GET');
    await this.page.getByTestId(testId).click();
    await done;
    await this.page.getByTestId('ticket').waitFor();
  }

  async rate(stars: number): Promise<void> {
    const done = this.page.waitForResponse((r) => r.url().includes('/api/tickets/') && r.request().method() === 'GET');
    await this.page.locator(`[data-rate="${stars}"]`).click();
    await done;
  }

  ticket() { return this.page.getByTestId('ticket'); }
  status() { return this.page.getByTestId('ticket-status'); }
  sla() { return this.page.getByTestId('ticket-sla'); }
  timelineKinds() { return this.page.getByTestId('timeline').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))); }
  rows() { return this.page.getByTestId('ticket-list').locator('tr[data-ticket]'); }
}

/** 应急响应: incidents and the drill button. */
export class IncidentsPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string): Promise<void> {
    const loaded = this.page.waitForResponse((r) => r.url().endsWith('/api/incidents') && r.request().method() === 'GET');
    await this.page.goto(`${baseUrl}/incidents`);
    await loaded;
    await this.page.getByTestId('incidents-page').waitFor();
  }

  async runDrill(): Promise<void> {
    const ran = this.page.waitForResponse((r) => r.url().endsWith('/api/incidents/drill'));
    await this.page.getByTestId('run-drill').click();
    expect((await ran).status()).toBe(200);
    await this.page.getByTestId('drill-result').waitFor();
  }

  drillResult() { return this.page.getByTestId('drill-result'); }
  incident(status: string) { return this.page.locator(`[data-incident][data-status="${status}"]`); }
}
