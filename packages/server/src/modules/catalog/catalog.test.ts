import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';

forEachDriver('catalog', (t) => {
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const ids: Record<string, number> = {};
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, as = headers) =>
    app.inject({ method, url, headers: as, ...(payload ? { payload } : {}) });
  const names = async (url: string) => (await call('GET', url)).json().items.map((p: { name: string }) => p.name);

  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => new Date('2026-01-05T00:00:00Z') });
    headers = (await createTestCaller(t().database.db, 'operator')).headers;
  });
  afterAll(async () => app?.close());

  it('builds a category tree and refuses an unknown parent or a duplicate name', async () => {
    ids.tea = (await call('POST', '/api/categories', { name: '茶' })).json().id;
    ids.green = (await call('POST', '/api/categories', { name: '绿茶', parentId: ids.tea })).json().id;
    ids.ware = (await call('POST', '/api/categories', { name: '茶具' })).json().id;
    expect((await call('POST', '/api/categories', { name: '绿茶', parentId: ids.tea })).statusCode).toBe(409);
    const orphan = (await call('POST', '/api/categories', { name: 'x', parentId: 999 })).json();
    expect(orphan).toMatchObject({ code: 'validation_failed', details: { issues: [{ field: 'body.parentId' }] } });
    expect((await call('GET', '/api/categories')).json()).toEqual([
      { id: ids.tea, name: '茶', parentId: null }, { id: ids.green, name: '绿茶', parentId: ids.tea }, { id: ids.ware, name: '茶具', parentId: null },
    ]);
  });

  it('creates products with their SKUs and refuses a duplicate SKU code without writing anything', async () => {
    const res = await call('POST', '/api/products', { name: '西湖龙井', brand: '狮峰', categoryId: ids.green, launchedOn: '2025-04-01', skus: [
      { code: 'LJ-50', name: '50g', price: 12_900, unitCost: 5_000 }, { code: 'LJ-250', name: '250g', price: 49_900 },
    ] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: '西湖龙井', brand: '狮峰', categoryName: '绿茶', status: 'active', launchedOn: '2025-04-01', skuCount: 2, minPrice: 12_900, maxPrice: 49_900,
      skus: [{ code: 'LJ-50', unitCost: 5_000, active: true, suppliers: [] }, { code: 'LJ-250', unitCost: null }],
    });
    ids.lj = res.json().id;
    ids.lj50 = res.json().skus[0].id;
    ids.cup = (await call('POST', '/api/products', { name: '青瓷杯', categoryId: ids.ware, skus: [{ code: 'CUP-1', name: '单只', price: 3_900 }] })).json().id;
    ids.draft = (await call('POST', '/api/products', { name: '白茶礼盒', categoryId: ids.tea, status: 'draft' })).json().id;
    const [before] = await queryRows<{ n: number }>(t().database.db, sql`select count(*) as n from products`);
    const dup = await call('POST', '/api/products', { name: '重复', skus: [{ code: 'LJ-50', name: 'x', price: 1 }] });
    expect(dup.json()).toMatchObject({ code: 'conflict', details: { field: 'body.skus.code' } });
    const [after] = await queryRows<{ n: number }>(t().database.db, sql`select count(*) as n from products`);
    expect(after).toEqual(before);
    const negative = (await call('POST', '/api/products', { name: 'x', skus: [{ code: 'N', name: 'n', price: -1 }] })).json();
    expect(negative.details.issues[0].field).toBe('body.skus.0.price');
  });

  it('lists products paginated, filtered by q, category subtree, status and active SKUs', async () => {
    expect((await call('GET', '/api/products?limit=2')).json()).toMatchObject({ total: 3, limit: 2, offset: 0, items: [{ name: '西湖龙井' }, { name: '青瓷杯' }] });
    expect(await names('/api/products?limit=2&offset=2')).toEqual(['白茶礼盒']);
    expect(await names(`/api/products?categoryId=${ids.tea}`)).toEqual(['西湖龙井', '白茶礼盒']);
    expect(await names('/api/products?q=lj-2')).toEqual(['西湖龙井']);
    expect(await names('/api/products?q=%25')).toEqual([]);
    expect(await names('/api/products?status=draft')).toEqual(['白茶礼盒']);
    expect(await names('/api/products?active=false')).toEqual(['白茶礼盒']);
    const bad = (await call('GET', '/api/products?active=yes')).json();
    expect(bad.details.issues[0].field).toBe('querystring.active');
  });

  it('updates SKUs and products, and lists SKUs by product and active flag', async () => {
    await call('PATCH', `/api/skus/${ids.lj50}`, { price: 13_900, active: false });
    expect((await call('GET', `/api/products/${ids.lj}`)).json()).toMatchObject({ minPrice: 49_900, maxPrice: 49_900, skuCount: 2 });
    expect((await call('GET', `/api/skus?productId=${ids.lj}&active=false`)).json().items).toEqual([
      { id: ids.lj50, productId: ids.lj, productName: '西湖龙井', code: 'LJ-50', name: '50g', price: 13_900, unitCost: 5_000, active: false },
    ]);
    const patched = await call('PATCH', `/api/products/${ids.draft}`, { status: 'active', brand: null });
    expect(patched.json()).toMatchObject({ status: 'active', brand: null });
    const added = await call('POST', `/api/products/${ids.draft}/skus`, { code: 'BC-1', name: '礼盒', price: 29_900 });
    expect(added.statusCode).toBe(201);
    expect((await call('POST', '/api/products/9999/skus', { code: 'Z', name: 'z', price: 1 })).statusCode).toBe(404);
    expect((await call('GET', '/api/products/9999')).json()).toMatchObject({ code: 'not_found' });
    const [audits] = await queryRows<{ n: number }>(t().database.db, sql`select count(*) as n from audit_log where entity in ('product', 'sku')`);
    expect(audits!.n).toBe(6);
  });

  it('keeps suppliers and their terms per SKU, with one primary', async () => {
    const a = (await call('POST', '/api/suppliers', { name: '杭州茶厂', region: '浙江' })).json();
    const b = (await call('POST', '/api/suppliers', { name: '福鼎茶农合作社', defaultLeadTimeDays: 14 })).json();
    expect(a).toMatchObject({ defaultLeadTimeDays: 7, region: '浙江' });
    await call('PUT', `/api/skus/${ids.lj50}/suppliers/${a.id}`, { unitCost: 4_800, leadTimeDays: 5, minOrderQty: 100, primary: true });
    const sku = (await call('PUT', `/api/skus/${ids.lj50}/suppliers/${b.id}`, { unitCost: 4_500, leadTimeDays: 12, primary: true })).json();
    expect(sku.suppliers).toEqual([
      { supplierId: a.id, supplierName: '杭州茶厂', unitCost: 4_800, leadTimeDays: 5, minOrderQty: 100, primary: false },
      { supplierId: b.id, supplierName: '福鼎茶农合作社', unitCost: 4_500, leadTimeDays: 12, minOrderQty: 1, primary: true },
    ]);
    expect((await call('PUT', `/api/skus/${ids.lj50}/suppliers/9999`, { unitCost: 1, leadTimeDays: 1 })).statusCode).toBe(404);
    expect((await call('PATCH', `/api/suppliers/${b.id}`, { region: '福建' })).json()).toMatchObject({ region: '福建', defaultLeadTimeDays: 14 });
    expect((await call('GET', '/api/suppliers?q=茶厂')).json()).toMatchObject({ total: 1, items: [{ name: '杭州茶厂' }] });
  });

  it('lets an analyst read but not write, and nobody in without credentials', async () => {
    const analyst = (await createTestCaller(t().database.db, 'analyst')).headers;
    expect((await call('GET', '/api/products', undefined, analyst)).statusCode).toBe(200);
    expect((await call('POST', '/api/suppliers', { name: 'x' }, analyst)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/skus' })).statusCode).toBe(401);
  });
});
