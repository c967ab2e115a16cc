import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { createProduct } from '../catalog/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { releaseReservation, reserveStock, reserveStockAt } from './reservation.service.js';

const NOW = new Date('2026-04-01T08:00:00Z');

forEachDriver('inventory', (t) => {
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const wh: Record<string, number> = {};
  const sku: Record<string, number> = {};
  const call = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    const { db } = t().database;
    app = await buildApp({ platform: t(), now: () => NOW });
    headers = (await createTestCaller(db, 'operator')).headers;
    const p = await createProduct(db, SYSTEM_ACTOR, { name: '围巾', status: 'active', skus: [
      { code: 'SCARF-R', name: '红', price: 9_900, active: true }, { code: 'SCARF-B', name: '蓝', price: 9_900, active: true },
    ] });
    for (const s of p.skus) sku[s.code] = s.id;
  });
  afterAll(async () => app?.close());

  it('creates and lists warehouses, refusing a duplicate code', async () => {
    for (const w of [
      { code: 'SH', name: '上海中心仓', kind: 'central', region: '上海', lat: 31.23, lng: 121.47 },
      { code: 'GZ', name: '广州仓', kind: 'regional', region: '广东', city: '广州' },
      { code: 'BJ', name: '北京仓', kind: 'regional', region: '北京' },
    ]) {
      const res = await call('POST', '/api/warehouses', w);
      expect(res.statusCode).toBe(201);
      wh[w.code] = res.json().id;
    }
    expect((await call('POST', '/api/warehouses', { code: 'SH', name: 'x', kind: 'central', region: '上海' })).statusCode).toBe(409);
    const regional = (await call('GET', '/api/warehouses?kind=regional')).json();
    expect(regional).toMatchObject({ total: 2, items: [{ code: 'GZ', city: '广州', lat: null }, { code: 'BJ' }] });
    const bad = (await call('POST', '/api/warehouses', { code: 'X', name: 'x', kind: 'moon', region: 'r' })).json();
    expect(bad.details.issues[0].field).toBe('body.kind');
  });

  it('receives stock into the level and the movement log together', async () => {
    const res = await call('POST', '/api/stock/receipts', { warehouseId: wh.SH, sku: 'SCARF-R', quantity: 20, note: 'PO-1' });
    expect(res.json()).toEqual({
      warehouseId: wh.SH, warehouseCode: 'SH', skuId: sku['SCARF-R'], skuCode: 'SCARF-R', skuName: '红',
      onHand: 20, reserved: 0, safetyBuffer: 0, available: 20, updatedAt: NOW.toISOString(),
    });
    await call('POST', '/api/stock/receipts', { warehouseId: wh.GZ, skuId: sku['SCARF-R'], quantity: 5 });
    await call('POST', '/api/stock/receipts', { warehouseId: wh.BJ, skuId: sku['SCARF-R'], quantity: 8 });
    const moves = await queryRows(t().database.db, sql`select kind, quantity, note from stock_movements where sku_id = ${sku['SCARF-R']!} order by id`);
    expect(moves).toEqual([{ kind: 'receipt', quantity: 20, note: 'PO-1' }, { kind: 'receipt', quantity: 5, note: null }, { kind: 'receipt', quantity: 8, note: null }]);
    const missing = await call('POST', '/api/stock/receipts', { warehouseId: 9_999, skuId: sku['SCARF-R'], quantity: 1 });
    expect(missing.json()).toMatchObject({ code: 'validation_failed', details: { issues: [{ field: 'body.warehouseId' }] } });
    const both = await call('POST', '/api/stock/receipts', { warehouseId: wh.SH, quantity: 1 });
    expect(both.json().details.issues[0].field).toBe('body.sku');
  });

  it('reserves from the ship region first, then the central warehouse, and releases once', async () => {
    const { db } = t().database;
    const plan = (orderId: number, region: string | null, quantity: number) =>
      db.transaction((tx) => reserveStock(tx, orderId, [{ orderLineId: null, skuId: sku['SCARF-R']!, quantity }], { shipRegion: region }));
    expect(await plan(1, '广东', 5)).toMatchObject({ ok: true, reservations: [{ warehouseId: wh.GZ, quantity: 5 }] });
    expect(await plan(2, '广东', 1)).toMatchObject({ ok: true, reservations: [{ warehouseId: wh.SH }] });
    expect(await plan(3, '四川', 1)).toMatchObject({ ok: true, reservations: [{ warehouseId: wh.SH }] });
    expect(await plan(4, '四川', 17)).toMatchObject({ ok: true, reservations: [{ warehouseId: wh.SH }] });
    // Neither the region (广东, empty now) nor the central warehouse (1 left) covers 8: the other one does.
    expect(await plan(5, '广东', 8)).toMatchObject({ ok: true, reservations: [{ warehouseId: wh.BJ }] });
    expect(await plan(6, null, 2)).toEqual({ ok: false, shortage: { skuId: sku['SCARF-R'], requested: 2, available: 1 } });
    expect(await db.transaction((tx) => releaseReservation(tx, 1))).toEqual([{ orderLineId: null, skuId: sku['SCARF-R'], quantity: 5, warehouseId: wh.GZ }]);
    expect(await db.transaction((tx) => releaseReservation(tx, 1))).toEqual([]);
    await db.transaction(async (tx) => { await releaseReservation(tx, 4); await releaseReservation(tx, 5); });
    const gz = (await call('GET', `/api/stock-levels?warehouseId=${wh.GZ}`)).json();
    expect(gz.items[0]).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
  });

  it('reserveStockAt claims in the named warehouse only; the last unit goes to exactly one of two concurrent orders', async () => {
    const { db } = t().database;
    const at = (orderId: number, warehouseId: number, quantity: number) =>
      db.transaction(async (tx) => {
        const r = await reserveStockAt(tx, orderId, [{ orderLineId: null, skuId: sku['SCARF-R']!, quantity, warehouseId }]);
        if (!r.ok) tx.rollback();
        return r;
      }).catch((e: unknown) => ({ ok: false as const, error: e }));
    // GZ: 5 on hand, none reserved now. reserveStock would take a 四川 order from the central SH; the plan says GZ.
    expect(await at(10, wh.GZ!, 4)).toEqual({ ok: true, reservations: [{ orderLineId: null, skuId: sku['SCARF-R'], quantity: 4, warehouseId: wh.GZ }] });
    const short = await db.transaction((tx) => reserveStockAt(tx, 11, [{ orderLineId: null, skuId: sku['SCARF-R']!, quantity: 2, warehouseId: wh.GZ! }]));
    expect(short).toEqual({ ok: false, shortage: { skuId: sku['SCARF-R'], warehouseId: wh.GZ, requested: 2, available: 1 } });
    // Two orders race for GZ's last unit (truly concurrent on PostgreSQL: the second waits on the row lock and re-checks).
    const race = await Promise.all([at(12, wh.GZ!, 1), at(13, wh.GZ!, 1)]);
    expect(race.filter((r) => r.ok).length).toBe(1);
    const [gz] = await queryRows<{ reserved: number; active: number }>(db, sql`select sl.reserved,
      (select coalesce(sum(quantity), 0)::int from stock_reservations where warehouse_id = sl.warehouse_id and sku_id = sl.sku_id and status = 'active') as active
      from stock_levels sl where sl.warehouse_id = ${wh.GZ} and sl.sku_id = ${sku['SCARF-R']}`);
    expect(gz).toEqual({ reserved: 5, active: 5 });
    await db.transaction(async (tx) => { for (const o of [10, 11, 12, 13]) await releaseReservation(tx, o); });
  });

  it('never adjusts below the reserved units, and sets the safety buffer', async () => {
    const before = (await call('GET', `/api/stock-levels?warehouseId=${wh.SH}&sku=SCARF-R`)).json().items[0];
    expect(before).toMatchObject({ onHand: 20, reserved: 2 });
    const tooMuch = await call('POST', '/api/stock/adjustments', { warehouseId: wh.SH, sku: 'SCARF-R', delta: -19, reason: '盘亏' });
    expect(tooMuch.statusCode).toBe(409);
    const ok = await call('POST', '/api/stock/adjustments', { warehouseId: wh.SH, sku: 'SCARF-R', delta: -3, safetyBuffer: 4, reason: '破损' });
    expect(ok.json()).toMatchObject({ onHand: 17, reserved: 2, safetyBuffer: 4, available: 11 });
    const nothing = await call('POST', '/api/stock/adjustments', { warehouseId: wh.SH, sku: 'SCARF-R', reason: '无' });
    expect(nothing.json().details.issues[0].field).toBe('body.delta');
    const [moves] = await queryRows<{ n: number }>(t().database.db, sql`select count(*) as n from stock_movements where kind = 'adjustment'`);
    expect(moves!.n).toBe(1);
  });

  it('filters stock levels by SKU, warehouse and out / low / in stock', async () => {
    await call('POST', '/api/stock/receipts', { warehouseId: wh.BJ, sku: 'SCARF-B', quantity: 3 });
    await call('POST', '/api/stock/adjustments', { warehouseId: wh.GZ, sku: 'SCARF-R', safetyBuffer: 5, reason: '备货' });
    const codes = async (q: string) => (await call('GET', `/api/stock-levels?${q}`)).json().items.map((l: { skuCode: string; warehouseCode: string }) => `${l.skuCode}@${l.warehouseCode}`);
    expect(await codes('stock=out')).toEqual(['SCARF-R@GZ']);
    expect(await codes('stock=low&lowThreshold=5')).toEqual(['SCARF-B@BJ']);
    expect(await codes('stock=in&lowThreshold=5')).toEqual(['SCARF-R@SH', 'SCARF-R@BJ']);
    expect(await codes(`skuId=${sku['SCARF-B']}`)).toEqual(['SCARF-B@BJ']);
    expect((await call('GET', '/api/stock-levels?limit=1&offset=1')).json()).toMatchObject({ total: 4, limit: 1, offset: 1, items: [{ skuCode: 'SCARF-R', warehouseCode: 'GZ' }] });
  });
});
