import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, startConsole, type ConsoleHarness } from './harness.js';
import { IncidentsPage, TicketsPage } from './pages/service-risk.page.js';

/**
 * A ticket's life in the console (open from the order page form, reply, resolve, rate, close)
 * and an incident drill run from the 应急响应 page, on a small simulated store.
 */
describe('service desk and incident drill in a browser', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    harness = await startConsole({ simulate: { days: 14, customers: 60 } });
    ({ page, base } = harness);
    await harness.signInAsOwner();
  });
  afterAll(async () => { await harness?.close(); });

  it('takes a ticket from opening to a rated close', async () => {
    const tickets = new TicketsPage(page);
    await tickets.open(base);
    expect(await page.getByTestId('service-metrics').textContent()).toContain('满意度 CSAT');
    await tickets.create('快递三天没更新', '订单显示已发货，但物流信息三天没动');
    expect(await tickets.status().textContent()).toContain('处理中');
    expect(await tickets.sla().textContent()).toMatch(/首次响应: (计时中|即将超时|已超时)/);
    await tickets.act('reply', '已为您联系快递公司催件');
    expect(await tickets.timelineKinds()).toEqual(['reply']);
    expect(await tickets.sla().textContent()).toMatch(/首次响应: (达标|超时完成)/);
    await tickets.act('note', '快递单号已核实');
    await tickets.act('resolve');
    expect(await tickets.status().textContent()).toContain('已解决');
    await tickets.rate(5);
    await expect.poll(() => page.locator('[data-rate="5"]').getAttribute('aria-pressed')).toBe('true');
    await tickets.act('close');
    expect(await tickets.status().textContent()).toContain('已关闭');
    expect(await tickets.timelineKinds()).toEqual(['reply', 'note', 'status', 'csat', 'status']);
    await page.screenshot({ path: `${SHOTS}-tickets.png`, fullPage: true });
  });

  it('runs an incident drill end to end', async () => {
    const incidents = new IncidentsPage(page);
    await incidents.open(base);
    await incidents.runDrill();
    expect(await incidents.drillResult().getAttribute('data-passed')).toBe('true');
    expect(await incidents.drillResult().textContent()).toBe('演练通过：18 分钟确认，40 分钟恢复');
    const reviewed = incidents.incident('closed');
    await reviewed.waitFor();
    const kinds = await reviewed.locator('[data-testid=incident-timeline] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(['opened', 'escalated', 'acknowledged', 'action', 'resolved', 'review'].flatMap((k) => (k === 'opened' || k === 'escalated' || k === 'resolved' ? [k, 'notified'] : [k])));
    await page.screenshot({ path: `${SHOTS}-incidents.png`, fullPage: true });
  });
});
