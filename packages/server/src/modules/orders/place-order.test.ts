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

const NOW = new Date('2026-03-01T02:00:00Z');

forEachDriver('POST /api/orders', (t) => {
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const skuIds: Record<string, number> = {};
  let central = 0;

  type Counts = { orders: number; lines: number; reservations: number; keys: number; reserved: number; audits: number };
  const countRows = async () => (await queryRows<Counts>(t().database.db, sql`select
    (select count(*) from orders) as orders, (select count(*) from order_lines) as lines,
    (select count(*) from stock_reservations) as reservations, (select count(*) from idempotency_keys) as keys,
    (select coalesce(sum(reserved), 0) from stock_levels) as reserved, (select count(*) from audit_log where entity = 'order') as audits`))[0]!;
  const level = async (code: string) => (await queryRows<{ on_hand: number; reserved: number; available: number }>(t().database.db, sql`
    select sum(on_hand) as on_hand, sum(reserved) as reserved, sum(on_hand - reserved - safety_buffer) as available
    from stock_levels sl join skus s on s.id = sl.sku_id where s.code = ${code}`))[0]!;
  const post = (body: unknown, extra: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/orders', headers: { ...headers, ...extra }, payload: body as object });

  beforeAll(async () => {
    const { db } = t().database;
    app = await buildApp({ platform: t(), now: () => NOW });
    headers = (await createTestCaller(db, 'operator')).headers;
    await createChannel(db, SYSTEM_ACTOR, { code: 'tmall', name: '天猫', kind: 'marketplace' });
    central = (await createWarehouse(db, SYSTEM_ACTOR, { code: 'SH', name: '上海中心仓', kind: 'central', region: '上海' })).id;
    const product = await createProduct(db, SYSTEM_ACTOR, {
      name: '龙井茶', status: 'active', skus: [
        { code: 'TEA-50', name: '50g', price: 12_900, unitCost: 5_000, active: true },
        { code: 'TEA-100', name: '100g', price: 23_900, unitCost: 9_100, active: true },
        { code: 'HOT', name: '限量', price: 9_900, unitCost: 3_000, active: true },
      ],
    });
    for (const s of product.skus) skuIds[s.code] = s.id;
    await receiveStock(db, SYSTEM_ACTOR, { warehouseId: central, sku: 'TEA-50', quantity: 10 }, NOW);
    await receiveStock(db, SYSTEM_ACTOR, { warehouseId: central, sku: 'TEA-100', quantity: 5 }, NOW);
    await receiveStock(db, SYSTEM_ACTOR, { warehouseId: central, sku: 'HOT', quantity: 50 }, NOW);
  });
  afterAll(async () => app?.close());

  it('prices every line at list price, snapshots unit cost and reserves the stock', async () => {
    const res = await post({ channel: 'tmall', device: 'mobile', lines: [{ sku: 'TEA-50', quantity: 2 }, { skuId: skuIds['TEA-100'], quantity: 1 }] });
    expect(res.statusCode).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({
      channelCode: 'tmall', device: 'mobile', status: 'pending_payment', currency: 'CNY', placedAt: NOW.toISOString(),
      itemsAmount: 2 * 12_900 + 23_900, discountAmount: 0, payableAmount: 2 * 12_900 + 23_900, customerId: null,
    });
    expect(order.lines.map((l: Record<string, unknown>) => [l.skuCode, l.quantity, l.unitPrice, l.unitCost, l.netAmount]))
      .toEqual([['TEA-50', 2, 12_900, 5_000, 25_800], ['TEA-100', 1, 23_900, 9_100, 23_900]]);
    expect(order.reservations).toEqual(expect.arrayContaining([
      { warehouseId: central, skuId: skuIds['TEA-50'], quantity: 2, status: 'active' },
      { warehouseId: central, skuId: skuIds['TEA-100'], quantity: 1, status: 'active' },
    ]));
    expect(await level('TEA-50')).toEqual({ on_hand: 10, reserved: 2, available: 8 });
    const detail = await app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers });
    expect(detail.json()).toEqual(order);
  });

  it('refuses a line no warehouse covers with 409 naming the SKU, and writes nothing', async () => {
    const before = await countRows();
    const res = await post({ channel: 'tmall', lines: [{ sku: 'TEA-50', quantity: 1 }, { sku: 'TEA-100', quantity: 5 }] });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      code: 'insufficient_stock', message: 'Not enough stock of TEA-100: 5 requested, 4 available',
      details: { sku: 'TEA-100', skuId: skuIds['TEA-100'], requested: 5, available: 4 },
    });
    expect(await countRows()).toEqual(before);
    expect(await level('TEA-50')).toEqual({ on_hand: 10, reserved: 2, available: 8 });
  });

  it('names the field of a bad request and writes nothing', async () => {
    const before = await countRows();
    const bad = await post({ channel: 'tmall', lines: [{ sku: 'TEA-50', quantity: 0 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues).toEqual([expect.objectContaining({ field: 'body.lines.0.quantity' })]);
    const unknownSku = await post({ channel: 'tmall', lines: [{ sku: 'TEA-50', quantity: 1 }, { sku: 'NOPE', quantity: 1 }] });
    expect(unknownSku.statusCode).toBe(400);
    expect(unknownSku.json().details.issues).toEqual([{ field: 'body.lines.1.sku', message: 'no SKU NOPE' }]);
    const unknownChannel = await post({ channel: 'jd', lines: [{ sku: 'TEA-50', quantity: 1 }] });
    expect(unknownChannel.json()).toMatchObject({ code: 'validation_failed', details: { issues: [{ field: 'body.channel' }] } });
    const noCustomer = await post({ channel: 'tmall', customerId: 999_999, lines: [{ sku: 'TEA-50', quantity: 1 }] });
    expect(noCustomer.json()).toMatchObject({ code: 'validation_failed', details: { issues: [{ field: 'body.customerId' }] } });
    expect(await countRows()).toEqual(before);
  });

  it('sells the last unit to exactly one buyer: 200 concurrent orders for 50 units', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, () => post({ channel: 'tmall', lines: [{ sku: 'HOT', quantity: 1 }] })));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().details.sku === 'HOT')).toBe(true);
    expect(await level('HOT')).toEqual({ on_hand: 50, reserved: 50, available: 0 });
    const [sold] = await queryRows<{ orders: number; units: number }>(t().database.db, sql`
      select count(distinct ol.order_id) as orders, sum(ol.quantity) as units from order_lines ol join skus s on s.id = ol.sku_id where s.code = 'HOT'`);
    expect(sold).toEqual({ orders: 50, units: 50 });
  });

  it('repeats the first response for a repeated Idempotency-Key, and writes once', async () => {
    const body = { channel: 'tmall', lines: [{ sku: 'TEA-50', quantity: 1 }] };
    const before = await countRows();
    const first = await post(body, { 'idempotency-key': 'k-1' });
    const again = await post({ lines: [{ quantity: 1, sku: 'TEA-50' }], channel: 'tmall' }, { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const after = await countRows();
    expect(after.orders - before.orders).toBe(1);
    expect(after.reserved - before.reserved).toBe(1);
  });

  it('creates one order when two requests with one key arrive together', async () => {
    const before = await countRows();
    const body = { channel: 'tmall', lines: [{ sku: 'TEA-50', quantity: 1 }] };
    const pair = await Promise.all(Array.from({ length: 6 }, () => post(body, { 'idempotency-key': 'k-concurrent' })));
    expect(pair.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(pair.map((r) => r.json().id)).size).toBe(1);
    expect((await countRows()).orders - before.orders).toBe(1);
  });

  it('refuses a used key with a different body (422), and another caller may use the same key', async () => {
    await post({ channel: 'tmall', lines: [{ sku: 'TEA-50', quantity: 1 }] }, { 'idempotency-key': 'k-2' });
    const before = await countRows();
    const reused = await post({ channel: 'tmall', lines: [{ sku: 'TEA-50', quantity: 2 }] }, { 'idempotency-key': 'k-2' });
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ code: 'idempotency_key_reused', details: { key: 'k-2' } });
    expect(await countRows()).toEqual(before);
    const other = (await createTestCaller(t().database.db, 'owner')).headers;
    const theirs = await post({ channel: 'tmall', lines: [{ sku: 'TEA-50', quantity: 1 }] }, { ...other, 'idempotency-key': 'k-2' });
    expect(theirs.statusCode).toBe(201);
  });

  it('is refused without credentials or without orders:write', async () => {
    const body = { channel: 'tmall', lines: [{ sku: 'TEA-50', quantity: 1 }] };
    expect((await app.inject({ method: 'POST', url: '/api/orders', payload: body })).statusCode).toBe(401);
    const analyst = (await createTestCaller(t().database.db, 'analyst')).headers;
    expect((await app.inject({ method: 'POST', url: '/api/orders', headers: analyst, payload: body })).statusCode).toBe(403);
  });
});
