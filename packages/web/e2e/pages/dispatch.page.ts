import type { Page } from 'playwright-core';

/** 配送调度: the warehouse picker, the SVG route map and the driver manifests. */
export class DispatchPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/dispatch`);
    await this.page.getByTestId('dispatch').waitFor();
  }

  /** Choose a warehouse by id and wait for its plan to be drawn. */
  async chooseWarehouse(id: number): Promise<void> {
    const done = this.page.waitForResponse((r) => r.url().includes('/api/logistics/dispatch-plan') && r.url().includes(`warehouseId=${id}`));
    await this.page.getByTestId('dispatch-warehouse').selectOption(String(id));
    await done;
    await this.page.getByTestId('dispatch-map').waitFor();
  }

  summary() { return this.page.getByTestId('dispatch-summary'); }
  stops() { return this.page.getByTestId('dispatch-stop'); }
  routes() { return this.page.getByTestId('dispatch-route'); }
  depot() { return this.page.getByTestId('dispatch-depot'); }
  manifestRows() { return this.page.getByTestId('dispatch-manifest-row'); }
}
