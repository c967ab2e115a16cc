import type { Page } from 'playwright-core';

/** 配送调度: the warehouse picker, the saved plans, the SVG route map and the driver manifests. */
export class DispatchPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/dispatch`);
    await this.page.getByTestId('dispatch').waitFor();
  }

  /** Choose a warehouse by id and wait for its plan to be drawn. */
  async chooseWarehouse(id: number): Promise<void> {
    const done = this.page.waitForResponse((r) => r.url().includes('/api/logistics/dispatch-plan?') && r.url().includes(`warehouseId=${id}`));
    await this.page.getByTestId('dispatch-warehouse').selectOption(String(id));
    await done;
    await this.page.getByTestId('dispatch-map').waitFor();
  }

  /** Save the plan on screen; returns the API's answer (the stored plan) once the list shows it. */
  async save(): Promise<{ id: number }> {
    const [res] = await Promise.all([
      this.page.waitForResponse((r) => r.url().endsWith('/api/logistics/dispatch-plans') && r.request().method() === 'POST'),
      this.page.getByTestId('dispatch-save').click(),
    ]);
    const plan = (await res.json()) as { id: number };
    await this.page.locator(`[data-testid="dispatch-plan-row"][data-plan-id="${plan.id}"]`).waitFor();
    return plan;
  }

  /** Open a saved plan from the list and wait for it to be drawn. */
  async openPlan(id: number): Promise<void> {
    const done = this.page.waitForResponse((r) => r.url().endsWith(`/api/logistics/dispatch-plans/${id}`));
    await this.page.locator(`[data-testid="dispatch-plan-row"][data-plan-id="${id}"]`).getByTestId('dispatch-plan-open').click();
    await done;
    await this.page.getByTestId('dispatch-plan-settings').waitFor();
    await this.page.getByTestId('dispatch-map').waitFor();
  }

  async showPreview(): Promise<void> {
    const done = this.page.waitForResponse((r) => r.url().includes('/api/logistics/dispatch-plan?'));
    await this.page.getByTestId('dispatch-show-preview').click();
    await done;
  }

  async release(): Promise<void> {
    await Promise.all([
      this.page.waitForResponse((r) => /\/api\/logistics\/dispatch-plans\/\d+\/release$/.test(r.url())),
      this.page.getByTestId('dispatch-release').click(),
    ]);
  }

  /** The cells of a saved plan's row in the list. */
  async planRow(id: number): Promise<string[]> {
    return this.page.locator(`[data-testid="dispatch-plan-row"][data-plan-id="${id}"] td`).allTextContents();
  }

  title() { return this.page.getByTestId('dispatch-plan-title'); }
  settings() { return this.page.getByTestId('dispatch-plan-settings'); }
  summary() { return this.page.getByTestId('dispatch-summary'); }
  stops() { return this.page.getByTestId('dispatch-stop'); }
  routes() { return this.page.getByTestId('dispatch-route'); }
  depot() { return this.page.getByTestId('dispatch-depot'); }
  manifestRows() { return this.page.getByTestId('dispatch-manifest-row'); }
  releaseButton() { return this.page.getByTestId('dispatch-release'); }
  empty() { return this.page.getByTestId('empty'); }
}
