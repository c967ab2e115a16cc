import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, startConsole, type ConsoleHarness } from './harness.js';
import { DispatchPage } from './pages/dispatch.page.js';

/**
 * The dispatch page on the simulated store: six 华南 orders are placed, paid and allocated through
 * the API as the owner (in-region stock sends them to 广州区域仓 on the regional fleet), then the
 * page draws the warehouse's routes offline on SVG and lists the manifests the API planned.
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
  });
});
