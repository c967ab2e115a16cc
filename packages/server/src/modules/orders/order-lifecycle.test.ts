import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { createProduct } from '../catalog/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { createWarehouse, receiveStock } from '../inventory/index.js';
import { createChannel } from './channel.service.js';

// 2026-03-01 00:30 in Shanghai is still 2026-02-28 in UTC: placed-date filters must use the store's day.
const FIRST_DAY = new Date('2026-02-28T16:30:00Z');
let clock = FIRST_DAY;

forEachDriver('order lifecycle and lists', (t) => {
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const get = async (url: string) => (await app.inject({ method: 'GET', url, headers })).json();
  const place = async (channel: string, lines: { sku: string; quantity: number }[]) => {
    const res = await app.inject({ method: 'POST', url: '/api/orders', headers, payload: { channel, lines } });
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const stock = async (code: string) => (await get(`/api/stock-levels?sku=${code}`)).items[0];

  beforeAll(async () => {
    const { db } = t().database;
    clock = FIRST_DAY; // the suite runs once per driver
    app = await buildApp({ platform: t(), now: () => clock });
    headers = (await createTestCaller(db, 'operator')).headers;
    await createChannel(db, SYSTEM_ACTOR, { code: 'tmall', name: '天猫', kind: 'marketplace' });
    await createChannel(db, SYSTEM_ACTOR, { code: 'douyin', name: '抖音', kind: 'live_stream' });
    const wh = await createWarehouse(db, SYSTEM_ACTOR, { code: 'SH', name: '上海仓', kind: 'central', region: '上海' });
    await createProduct(db, SYSTEM_ACTOR, { name: '茶具', status: 'active', skus: [
      { code: 'CUP', name: '杯', price: 3_333, unitCost: 1_000, active: true },
      { code: 'POT', name: '壶', price: 10_000, active: true },
    ] });
    await receiveStock(db, SYSTEM_ACTOR, { warehouseId: wh.id, sku: 'CUP', quantity: 100 }, clock);
    await receiveStock(db, SYSTEM_ACTOR, { warehouseId: wh.id, sku: 'POT', quantity: 100 }, clock);
  });
  afterAll(async () => app?.close());

  it('cancelling an unpaid order releases its stock and refunds nothing', async () => {
    const order = await place('tmall', [{ sku: 'CUP', quantity: 3 }]);
    expect(await stock('CUP')).toMatchObject({ onHand: 100, reserved: 3, available: 97 });
    const res = await app.inject({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers, payload: { reason: '买错了' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelledAt: clock.toISOString(), refunds: [], reservations: [{ quantity: 3, status: 'released' }] });
    expect(await stock('CUP')).toMatchObject({ onHand: 100, reserved: 0, available: 100 });
    const twice = await app.inject({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers, payload: {} });
    expect(twice.json()).toMatchObject({ code: 'conflict' });
    expect(await stock('CUP')).toMatchObject({ reserved: 0 });
  });

  it('paying records the payment; cancelling after payment refunds it, split over the lines exactly', async () => {
    const order = await place('douyin', [{ sku: 'CUP', quantity: 1 }, { sku: 'POT', quantity: 2 }]);
    const wrong = await app.inject({ method: 'POST', url: `/api/orders/${order.id}/pay`, headers, payload: { method: 'alipay', amount: 1 } });
    expect(wrong.json()).toMatchObject({ code: 'validation_failed', details: { issues: [{ field: 'body.amount' }] } });
    const paid = await app.inject({ method: 'POST', url: `/api/orders/${order.id}/pay`, headers, payload: { method: 'alipay', amount: 23_333 } });
    expect(paid.json()).toMatchObject({ status: 'paid', paidAt: clock.toISOString(), payments: [{ method: 'alipay', amount: 23_333 }] });
    const cancelled = (await app.inject({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers, payload: {} })).json();
    expect(cancelled).toMatchObject({ status: 'cancelled', refunds: [{ amount: 23_333, costAmount: null, reason: 'cancelled' }] });
    const lines = await queryRows<{ amount: number; quantity: number }>(t().database.db, sql`
      select amount, quantity from refund_lines where refund_id = ${cancelled.refunds[0].id} order by id`);
    expect(lines).toEqual([{ amount: 3_333, quantity: 1 }, { amount: 20_000, quantity: 2 }]);
    expect(await stock('POT')).toMatchObject({ reserved: 0 });
    expect((await get(`/api/refunds?orderId=${order.id}`)).items).toHaveLength(1);
  });

  it('lists orders newest first, paginated and filtered by status, channel and store-day', async () => {
    clock = new Date('2026-03-02T02:00:00Z');
    await place('tmall', [{ sku: 'CUP', quantity: 1 }]);
    await place('tmall', [{ sku: 'CUP', quantity: 1 }]);
    const all = await get('/api/orders?limit=2');
    expect(all).toMatchObject({ total: 4, limit: 2, offset: 0 });
    expect(all.items.map((o: { placedAt: string }) => o.placedAt)).toEqual([clock.toISOString(), clock.toISOString()]);
    expect((await get('/api/orders?limit=2&offset=2')).items).toHaveLength(2);
    expect((await get('/api/orders?status=cancelled')).total).toBe(2);
    expect((await get('/api/orders?channel=douyin')).total).toBe(1);
    expect((await get('/api/orders?placedFrom=2026-03-01&placedTo=2026-03-01')).total).toBe(2);
    expect((await get('/api/orders?placedFrom=2026-03-02')).total).toBe(2);
    expect((await get('/api/orders?placedTo=2026-02-28')).total).toBe(0);
    const bad = await app.inject({ method: 'GET', url: '/api/orders?placedFrom=March', headers });
    expect(bad.json()).toMatchObject({ code: 'validation_failed', details: { issues: [{ field: 'querystring.placedFrom' }] } });
  });

  it('lists channels and refuses a duplicate channel code', async () => {
    expect((await get('/api/channels')).map((c: { code: string }) => c.code)).toEqual(['tmall', 'douyin']);
    const dup = await app.inject({ method: 'POST', url: '/api/channels', headers, payload: { code: 'tmall', name: 'x', kind: 'marketplace' } });
    expect(dup.statusCode).toBe(409);
    const badKind = await app.inject({ method: 'POST', url: '/api/channels', headers, payload: { code: 'x', name: 'x', kind: 'tv' } });
    expect(badKind.json().details.issues[0].field).toBe('body.kind');
  });

  it('documents every commerce route in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of ['/api/orders', '/api/orders/{id}/cancel', '/api/refunds', '/api/channels', '/api/products/{id}', '/api/skus/{id}/suppliers/{supplierId}', '/api/stock-levels', '/api/warehouses', '/api/shipments']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.paths['/api/orders'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '422']));
    expect(doc.paths['/api/orders'].post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'idempotency-key' })]));
  });
});
