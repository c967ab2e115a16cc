import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../server/src/pipeline/runner.js';
import { SYSTEM_ACTOR } from '../../server/src/modules/identity/index.js';
import { loyaltyStep } from '../../server/src/modules/loyalty/index.js';
import { clvStep, createSegment, rfmStep, segmentsStep } from '../../server/src/modules/segments/index.js';
import { SHOTS, startConsole, type ConsoleHarness } from './harness.js';
import { CustomersPage, SegmentBuilderPage } from './pages/customers.page.js';

/**
 * Customer 360 and the segment builder on the harness's simulated store (60 days to 2026-03-31),
 * with the clv, rfm, loyalty and segments steps run for 2026-03-31 and one segment made beforehand.
 * What the pages show is checked against the API's answers for the same customer and rule.
 */
describe('customer intelligence in a browser', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    harness = await startConsole({
      prepare: async (db) => {
        await createSegment(db.database.db, SYSTEM_ACTOR, { name: '活跃客户', rule: { field: 'lifecycle', in: ['active', 'new'] } });
        const res = await runPipeline(db.database, [clvStep, rfmStep, loyaltyStep, segmentsStep], { asOf: '2026-03-31' });
        if (res.some((r) => r.status !== 'succeeded')) throw new Error(JSON.stringify(res));
      },
    });
    ({ page, base } = harness);
    await harness.signInAsOwner();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('lists all customers page by page, as the API does', async () => {
    const list = new CustomersPage(page, base);
    await list.open();
    const api = async (offset: number) => (await (await page.request.get(`${base}/api/customers?limit=50&offset=${offset}`)).json()) as { items: { id: number }[]; total: number };
    const first = await api(0);
    expect(first.total).toBe(300); // the harness simulates 300 customers
    expect(await list.text('all-count')).toBe('300 位客户');
    expect(await list.allIds()).toEqual(first.items.map((c) => c.id));
    await list.nextPage();
    expect(await list.text('all-range')).toBe('第 51–100 位，共 300 位');
    expect(await list.allIds()).toEqual((await api(50)).items.map((c) => c.id));
  });

  it('lists a segment\'s members and opens a customer 360 that matches the API', async () => {
    const list = new CustomersPage(page, base);
    await list.open();
    await list.chooseSegment('活跃客户');
    const ids = await list.memberIds();
    const segments = (await (await page.request.get(`${base}/api/segments`)).json()) as { name: string; members: number }[];
    const members = segments.find((s) => s.name === '活跃客户')!.members;
    expect(members).toBeGreaterThan(0);
    expect(await list.memberCountText()).toBe(`${new Intl.NumberFormat('zh-CN').format(members)} 位客户`);
    expect(ids.length).toBe(Math.min(200, members));
    const id = ids[0]!;
    // A ticket of this customer, opened through the service API: the 360 must show it.
    const opened = await page.request.post(`${base}/api/tickets`, { data: { channel: 'api', category: '物流', subject: '快递三天没动', body: '请帮忙查一下', customerId: id } });
    expect(opened.status()).toBe(201);
    const ticketId = ((await opened.json()) as { id: number }).id;
    await list.openCustomer(id);
    await page.screenshot({ path: `${SHOTS}-customer-360.png`, fullPage: true });
    const intel = await (await page.request.get(`${base}/api/customers/${id}/intelligence`)).json();
    const loyalty = await (await page.request.get(`${base}/api/customers/${id}/loyalty`)).json();
    expect(await list.text('c360-group')).toBe(intel.rfm.rfmGroup);
    expect(['active', 'new']).toContain(await list.text('c360-stage'));
    expect(await list.text('c360-stage')).toBe(intel.rfm.lifecycleStage);
    expect(await list.text('c360-palive')).toBe(new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(intel.clv.pAlive));
    expect(await list.text('c360-tier')).toBe(loyalty.tier.name);
    const orders = (await (await page.request.get(`${base}/api/orders?customerId=${id}&limit=20`)).json()) as { items: { id: number }[]; total: number };
    expect(orders.total).toBeGreaterThan(0); // active or new: at least one order
    expect(await page.getByTestId('c360-order').locator('td:first-child').allTextContents()).toEqual(orders.items.map((o) => `#${o.id}`));
    expect(await list.text('c360-balance')).toBe(new Intl.NumberFormat('zh-CN').format(loyalty.balance));
    expect(await list.transitions()).toEqual(intel.lifecycleHistory.map((h: { day: string; from: string | null; to: string }) => `${h.day} ${h.from ?? '·'} → ${h.to}`));
    const tickets = (await (await page.request.get(`${base}/api/tickets?customerId=${id}&limit=20`)).json()) as { items: { id: number; subject: string }[]; total: number };
    expect(tickets.items.map((x) => x.id)).toContain(ticketId);
    const rows = await list.ticketRows();
    expect(rows.map((r) => Number(r[0]))).toEqual(tickets.items.map((x) => x.id));
    expect(rows.find((r) => Number(r[0]) === ticketId)?.[1]).toBe('快递三天没动');
    // The owner holds pii:read: the profile is shown as stored (the simulator gives names and phones).
    expect(await list.text('c360-phone')).not.toContain('****');
  });

  it('builds a rule with AND, counts it live as the API does, and saves it', async () => {
    const builder = new SegmentBuilderPage(page, base);
    await builder.open();
    await builder.setOp('and');
    await builder.setListCondition(0, 'lifecycle', 'active, new');
    await builder.setRangeCondition(1, 'totalSpend', '10000', '');
    const shown = await builder.liveCount();
    const rule = { op: 'and', rules: [{ field: 'lifecycle', in: ['active', 'new'] }, { field: 'totalSpend', min: 10000 }] };
    const api = (await (await page.request.post(`${base}/api/segments/count`, { data: { rule } })).json()) as { count: number };
    expect(shown).toBe(`${new Intl.NumberFormat('zh-CN').format(api.count)} 位客户符合`);
    await builder.save('百元以上活跃');
    await page.screenshot({ path: `${SHOTS}-segment-builder.png`, fullPage: true });
    expect(await builder.segmentNames()).toEqual(['活跃客户', '百元以上活跃']);
  });
});
