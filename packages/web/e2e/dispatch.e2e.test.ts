import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, startConsole, type ConsoleHarness } from './harness.js';
import { DispatchPage } from './pages/dispatch.page.js';

/**
 * The dispatch page on the simulated store: six 华南 orders are placed, paid and allocated through
 * the API as the owner (in-region stock sends them to 广州区域仓 on the regional fleet), then the
 * page draws the warehouse's routes offline on SVG and lists the manifests the API planned; the
 * plan is saved, reopened from the list of saved plans and released, every figure equal to the API's.
 */
describe('dispatch page in a browser', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    // A small store: the page needs warehouses, SKUs in stock and a channel, not history.
    harness = await startConsole({ simulate: { days: 14, customers: 100 } });
    ({ page, base } = harness);
  });
  afterAll(async () => { await harness?.close(); });

  it('draws the routes of the allocated shipments and their manifests', async () => {
    await harness.signInAsOwner();
    const api = async (method: 'GET' | 'POST', path: string, data?: object) => {
      const res = method === 'GET' ? await page.request.get(`${base}/api${path}`) : await page.request.post(`${base}/api${path}`, { data: data ?? {} });
      expect(res.status(), `${method} ${path}`).toBeLessThan(300);
      return res.json();
    };
    const gz = (await api('GET', '/warehouses?limit=100')).items.find((w: { code: string }) => w.code === 'GZ-RDC');
    const channel = (await api('GET', '/channels'))[0].code;
    const levels = (await api('GET', `/stock-levels?warehouseId=${gz.id}&stock=in&lowThreshold=20&limit=3`)).items;
    expect(levels.length).toBeGreaterThan(0);
    for (let k = 0; k < 6; k++) {
      const order = await api('POST', '/orders', { channel, shipRegion: '华南', lines: [{ sku: levels[k % levels.length].skuCode, quantity: 1 }] });
      await api('POST', `/orders/${order.id}/pay`, { method: 'alipay' });
      const allocation = await api('POST', `/orders/${order.id}/allocation`, {});
      expect(allocation.shipments.map((s: { warehouseCode: string; carrier: string }) => [s.warehouseCode, s.carrier])).toEqual([['GZ-RDC', 'regional-fleet']]);
    }
    const plan = await api('GET', `/logistics/dispatch-plan?warehouseId=${gz.id}&date=2026-04-01`);
    expect(plan.shipments).toBe(6);

    const dispatch = new DispatchPage(page);
    await dispatch.open(base);
    await dispatch.chooseWarehouse(gz.id);
    expect(await dispatch.stops().count()).toBe(6);
    expect(await dispatch.routes().count()).toBe(plan.vehicles);
    expect(await dispatch.manifestRows().count()).toBe(plan.vehicles);
    expect(await dispatch.depot().count()).toBe(1);
    expect(await dispatch.summary().textContent()).toBe(`6 个包裹 · ${plan.vehicles} 辆车 · ${plan.distanceKm} 公里`);
    // Every stop lies inside the drawing.
    for (const c of await dispatch.stops().all()) {
      const [cx, cy] = [Number(await c.getAttribute('cx')), Number(await c.getAttribute('cy'))];
      expect(cx >= 0 && cx <= 640 && cy >= 0 && cy <= 440).toBe(true);
    }
    await page.screenshot({ path: `${SHOTS}-dispatch.png` });

    // Save the plan: the saved-plans list shows the API's figures.
    const saved = await dispatch.save();
    const stored = await api('GET', `/logistics/dispatch-plans/${saved.id}`);
    expect(stored).toEqual(saved);
    expect(stored).toMatchObject({ status: 'draft', date: '2026-04-01', wave: 1, seed: 1, maxIterations: 2000, shipments: 6 });
    const listed = (await api('GET', `/logistics/dispatch-plans?warehouseId=${gz.id}`)).items;
    expect(listed.map((p: { id: number }) => p.id)).toEqual([saved.id]);
    const row = listed[0];
    expect(await dispatch.planRow(saved.id)).toEqual([String(row.id), row.date, String(row.wave), '草稿', String(row.shipments), String(row.vehicles), String(row.distanceKm), String(row.cost), '打开']);
    expect(await dispatch.title().textContent()).toBe(`方案 #${saved.id} · 2026-04-01 第 1 波 · 草稿`);

    // Back to the live view, then reopen the saved plan: the drawing and manifests are the stored ones.
    await dispatch.showPreview();
    await expect.poll(() => dispatch.title().textContent()).toBe('2026-04-01 待配送包裹（未保存）');
    await dispatch.openPlan(saved.id);
    expect(await dispatch.summary().textContent()).toBe(`${stored.shipments} 个包裹 · ${stored.vehicles} 辆车 · ${stored.distanceKm} 公里`);
    expect(await dispatch.settings().textContent()).toBe(`求解设置：种子 ${stored.seed} · 迭代 ${stored.iterations} 次 · 成本 ${stored.cost}（车辆固定成本 + 行驶米数）`);
    expect(await dispatch.stops().count()).toBe(stored.shipments);
    expect(await dispatch.routes().count()).toBe(stored.vehicles);
    const manifests = await dispatch.manifestRows().allTextContents();
    expect(manifests).toEqual(stored.routes.map((r: { vehicle: number; units: number; capacity: number; distanceKm: number; returnAt: string; stops: { seq: number; orderId: number; eta: string; window: string }[] }) =>
      `${r.vehicle}${r.stops.map((x) => `${x.seq}. #${x.orderId} ${x.eta} (${x.window})`).join(' → ')}${r.units}/${r.capacity}${r.distanceKm}${r.returnAt}`));

    // Release it: the API says released, its shipments are shipped, and nothing is left waiting.
    await dispatch.release();
    await expect.poll(() => dispatch.title().textContent()).toBe(`方案 #${saved.id} · 2026-04-01 第 1 波 · 已下发`);
    expect(await dispatch.releaseButton().count()).toBe(0);
    expect(await api('GET', `/logistics/dispatch-plans/${saved.id}`)).toMatchObject({ status: 'released' });
    const onVans = (await api('GET', `/shipments?warehouseId=${gz.id}&status=shipped&limit=100`)).items
      .filter((x: { trackingNo: string | null }) => x.trackingNo?.startsWith(`DP${saved.id}-`));
    expect(onVans).toHaveLength(6);
    await expect.poll(() => dispatch.planRow(saved.id)).toContain('已下发');
    await dispatch.showPreview();
    await dispatch.empty().waitFor();
    await page.screenshot({ path: `${SHOTS}-dispatch-released.png` });
  });
});
