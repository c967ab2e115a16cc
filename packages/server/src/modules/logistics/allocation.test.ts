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
import { createChannel } from '../orders/index.js';

const PAID_AT = new Date('2026-03-02T02:00:00Z');

forEachDriver('allocation (分仓)', (t) => {
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const wh: Record<string, number> = {};
  const inject = async (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const paidOrder = async (lines: { sku: string; quantity: number }[], shipRegion = '华南') => {
    const placed = await inject('POST', '/api/orders', { channel: 'tmall', lines, shipRegion });
    expect(placed.statusCode).toBe(201);
    const id = placed.json().id as number;
    expect((await inject('POST', `/api/orders/${id}/pay`, { method: 'alipay' })).statusCode).toBe(200);
    return id;
  };
  const level = async (warehouse: string, sku: string) => (await queryRows<{ on_hand: number; reserved: number }>(t().database.db, sql`
    select sl.on_hand, sl.reserved from stock_levels sl join skus s on s.id = sl.sku_id where sl.warehouse_id = ${wh[warehouse]} and s.code = ${sku}`))[0];
  /** Inventory stays self-consistent: reserved = Σ active reservations, never above on hand. */
  const inventoryConsistent = async () => {
    const bad = await queryRows(t().database.db, sql`
      select sl.warehouse_id, sl.sku_id, sl.reserved, coalesce(r.q, 0) as active from stock_levels sl
      left join (select warehouse_id, sku_id, sum(quantity)::int as q from stock_reservations where status = 'active' group by 1, 2) r
        on r.warehouse_id = sl.warehouse_id and r.sku_id = sl.sku_id
      where sl.reserved <> coalesce(r.q, 0) or sl.reserved > sl.on_hand`);
    expect(bad).toEqual([]);
  };

  beforeAll(async () => {
    const { db } = t().database;
    app = await buildApp({ platform: t(), now: () => PAID_AT });
    headers = (await createTestCaller(db, 'operator')).headers;
    await createChannel(db, SYSTEM_ACTOR, { code: 'tmall', name: '天猫', kind: 'marketplace' });
    // The simulated store's warehouse coordinates (ingest/simulator/warehouse-specs.ts).
    wh.JX = (await createWarehouse(db, SYSTEM_ACTOR, { code: 'JX-CDC', name: '嘉兴中心仓', kind: 'central', region: '华东', lat: 30.7522, lng: 120.7585 })).id;
    wh.GZ = (await createWarehouse(db, SYSTEM_ACTOR, { code: 'GZ-RDC', name: '广州区域仓', kind: 'regional', region: '华南', lat: 23.1291, lng: 113.2644 })).id;
    await createProduct(db, SYSTEM_ACTOR, { name: '茶', status: 'active', skus: [
      { code: 'A', name: 'A', price: 1000, active: true }, { code: 'B', name: 'B', price: 2000, active: true },
      { code: 'C', name: 'C', price: 500, active: true }, { code: 'D', name: 'D', price: 500, active: true },
      { code: 'E', name: 'E', price: 500, active: true },
    ] });
    // A second 华东 warehouse, in Shanghai itself (the region's centre), holding only E.
    wh.SH = (await createWarehouse(db, SYSTEM_ACTOR, { code: 'SH-RDC', name: '上海区域仓', kind: 'regional', region: '华东', lat: 31.2304, lng: 121.4737 })).id;
    await receiveStock(db, SYSTEM_ACTOR, { warehouseId: wh.SH, sku: 'E', quantity: 5 }, PAID_AT);
    await receiveStock(db, SYSTEM_ACTOR, { warehouseId: wh.JX!, sku: 'E', quantity: 5 }, PAID_AT);
    for (const [w, sku, q] of [['JX', 'A', 10], ['JX', 'B', 10], ['GZ', 'A', 3], ['JX', 'C', 5], ['GZ', 'C', 2], ['JX', 'D', 50]] as const) {
      await receiveStock(db, SYSTEM_ACTOR, { warehouseId: wh[w]!, sku, quantity: q }, PAID_AT);
    }
  });
  afterAll(async () => app?.close());

  let o1 = 0;
  let o2 = 0;

  it('in-region stock first: a 华南 order splits A to GZ and B to JX, with rule, reason, cost and the 24 h promise', async () => {
    o1 = await paidOrder([{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }]);
    const res = await inject('POST', `/api/orders/${o1}/allocation`, {});
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a).toMatchObject({ orderId: o1, status: 'allocated', rule: 'in-region stock', attempts: 1 });
    // Reference costs (algorithms allocate.test.ts): GZ parcel 600 fen, JX→华南 parcel 3,401 fen, split 500 fen.
    expect(a.estimatedCost).toBe(4501);
    expect(a.shipments.map((s: { warehouseCode: string; carrier: string; estimatedCost: number; lines: { quantity: number }[] }) =>
      [s.warehouseCode, s.carrier, s.estimatedCost, s.lines.map((l) => l.quantity)])).toEqual([['JX-CDC', 'express', 3401, [1]], ['GZ-RDC', 'regional-fleet', 600, [2]]]);
    expect(a.shipments[0].promisedAt).toBe('2026-03-03T02:00:00.000Z');
    expect(a.shipments[0].reason).toMatch(/^JX-CDC .*\+ GZ-RDC（区内） 0 km: 2 units ship from the destination region/);
    expect(await level('GZ', 'A')).toEqual({ on_hand: 3, reserved: 2 });
    // Idempotent: asking again changes nothing.
    const again = (await inject('POST', `/api/orders/${o1}/allocation`, {})).json();
    expect(again).toEqual(a);
    await inventoryConsistent();
  });

  it('without splitting, the order consolidates in JX and its reservation of A moves out of GZ', async () => {
    o2 = await paidOrder([{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }]);
    expect(await level('GZ', 'A')).toEqual({ on_hand: 3, reserved: 3 }); // placement reserved A in-region
    const a = (await inject('POST', `/api/orders/${o2}/allocation`, { allowSplit: false })).json();
    expect(a).toMatchObject({ status: 'allocated', rule: 'only option', shipments: [{ warehouseCode: 'JX-CDC' }] });
    expect(await level('GZ', 'A')).toEqual({ on_hand: 3, reserved: 2 });
    expect(await level('JX', 'A')).toEqual({ on_hand: 10, reserved: 1 });
    await inventoryConsistent();
  });

  it('cancelling (which refunds the paid order) releases the stock, cancels the parcels and releases the allocation in the same transaction', async () => {
    expect((await inject('POST', `/api/orders/${o2}/cancel`, { reason: '不要了' })).statusCode).toBe(200);
    expect(await level('JX', 'A')).toEqual({ on_hand: 10, reserved: 0 });
    const a = (await inject('GET', `/api/orders/${o2}/allocation`)).json();
    expect(a).toMatchObject({ status: 'released', shipments: [{ status: 'cancelled' }] });
    const [refund] = await queryRows<{ n: number }>(t().database.db, sql`select count(*)::int as n from refunds where order_id = ${o2}`);
    expect(refund).toEqual({ n: 1 });
    // Nothing is left for the allocation run to clean up.
    expect((await inject('POST', '/api/logistics/allocate', {})).json()).toMatchObject({ released: 0 });
    await inventoryConsistent();
  });

  it('re-allocation without GZ ships everything from JX and moves the reservation', async () => {
    const res = await inject('POST', `/api/orders/${o1}/reallocate`, { excludeWarehouseIds: [wh.GZ] });
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a).toMatchObject({ status: 'allocated', attempts: 2 });
    expect(a.shipments.map((s: { warehouseCode: string; status: string }) => [s.warehouseCode, s.status]))
      .toEqual([['JX-CDC', 'cancelled'], ['GZ-RDC', 'cancelled'], ['JX-CDC', 'pending']]);
    expect(await level('GZ', 'A')).toEqual({ on_hand: 3, reserved: 0 });
    expect(await level('JX', 'A')).toEqual({ on_hand: 10, reserved: 2 });
    await inventoryConsistent();
  });

  it('concurrent requests allocate an order once', async () => {
    const o = await paidOrder([{ sku: 'D', quantity: 1 }]);
    const all = await Promise.all(Array.from({ length: 6 }, () => inject('POST', `/api/orders/${o}/allocation`, {})));
    expect(all.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(all.map((r) => JSON.stringify(r.json()))).size).toBe(1);
    const [n] = await queryRows<{ shipments: number; audits: number }>(t().database.db, sql`select
      (select count(*)::int from shipments where order_id = ${o}) as shipments,
      (select count(*)::int from audit_log where entity = 'order' and entity_id = ${String(o)} and action = 'allocate') as audits`);
    expect(n).toEqual({ shipments: 1, audits: 1 });
  });

  it('orders racing for the last in-region units: GZ ships exactly what it has, never more', async () => {
    // Four 华南 orders for C: placement reserves GZ's 2 units for the first two, JX for the others.
    const ids = [];
    for (let k = 0; k < 4; k++) ids.push(await paidOrder([{ sku: 'C', quantity: 1 }]));
    // One more unit arrives in GZ: the two JX-reserved orders both want it.
    await receiveStock(t().database.db, SYSTEM_ACTOR, { warehouseId: wh.GZ!, sku: 'C', quantity: 1 }, PAID_AT);
    const res = await Promise.all(ids.map((id) => inject('POST', `/api/orders/${id}/allocation`, {})));
    expect(res.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const from = res.map((r) => r.json().shipments[0].warehouseCode).sort();
    expect(from).toEqual(['GZ-RDC', 'GZ-RDC', 'GZ-RDC', 'JX-CDC']);
    expect(await level('GZ', 'C')).toEqual({ on_hand: 3, reserved: 3 });
    expect(await level('JX', 'C')).toEqual({ on_hand: 5, reserved: 1 });
    // Each order holds exactly its one unit in the warehouse it ships from.
    const held = await queryRows<{ order_id: number; live: number; held_there: number }>(t().database.db, sql`
      select s.order_id, count(*)::int as live, sum((select coalesce(sum(r.quantity), 0) from stock_reservations r
        where r.order_id = s.order_id and r.warehouse_id = s.warehouse_id and r.status = 'active'))::int as held_there
      from shipments s where s.order_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) and s.status <> 'cancelled' group by s.order_id order by s.order_id`);
    expect(held).toEqual(ids.map((id) => ({ order_id: id, live: 1, held_there: 1 })));
    await inventoryConsistent();
  });

  it('leaves alone a paid order that already has a shipment made elsewhere (import, simulator)', async () => {
    const o = await paidOrder([{ sku: 'D', quantity: 1 }]);
    await t().database.db.execute(sql`insert into shipments (order_id, warehouse_id, carrier, status) values (${o}, ${wh.JX}, 'SF', 'pending')`);
    const r = await inject('POST', `/api/orders/${o}/allocation`, {});
    expect(r.statusCode).toBe(409);
    expect((await inject('POST', '/api/logistics/allocate', {})).json()).toMatchObject({ allocated: 0, backorder: 0 });
  });

  let eOrder = 0;
  it('two warehouses in one region: the plan picks the nearest and the stock is reserved exactly there', async () => {
    eOrder = await paidOrder([{ sku: 'E', quantity: 1 }], '华东');
    // Placement reserved E region-first, central first: in JX-CDC.
    expect(await level('JX', 'E')).toEqual({ on_hand: 5, reserved: 1 });
    const a = (await inject('POST', `/api/orders/${eOrder}/allocation`, {})).json();
    // The plan: SH-RDC (0 km from the 华东 centre) over JX-CDC (≈ 80 km) by 'nearest'; reserveStockAt moves E there.
    expect(a).toMatchObject({ status: 'allocated', rule: 'nearest', shipments: [{ warehouseCode: 'SH-RDC', status: 'pending', lines: [{ quantity: 1 }] }] });
    expect(a.reason).toMatch(/^SH-RDC（区内） 0 km/);
    expect(await level('JX', 'E')).toEqual({ on_hand: 5, reserved: 0 });
    expect(await level('SH', 'E')).toEqual({ on_hand: 5, reserved: 1 });
    await inventoryConsistent();
  });

  it('a warehouse that cannot ship: its pending parcels are re-allocated in the same transaction, with the reason; a shipped parcel stays where it is', async () => {
    const onItsWay = await paidOrder([{ sku: 'E', quantity: 1 }], '华东');
    const first = (await inject('POST', `/api/orders/${onItsWay}/allocation`, {})).json();
    expect(first.shipments[0].warehouseCode).toBe('SH-RDC');
    expect((await inject('POST', `/api/shipments/${first.shipments[0].id}/events`, { status: 'shipped' })).statusCode).toBe(200);
    const res = await inject('POST', `/api/logistics/warehouses/${wh.SH}/shipping`, { canShip: false, reason: '停电' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ warehouse: { code: 'SH-RDC', canShip: false, unableReason: '停电' }, reallocated: [eOrder], backorder: [], blocked: [] });
    const a = (await inject('GET', `/api/orders/${eOrder}/allocation`)).json();
    expect(a).toMatchObject({ status: 'allocated', attempts: 2, rule: 'only option' });
    expect(a.reason).toMatch(/^SH-RDC cannot ship \(停电\); /);
    expect(a.shipments.map((s: { warehouseCode: string; status: string; reason: string }) => [s.warehouseCode, s.status, s.reason.startsWith('SH-RDC cannot ship')]))
      .toEqual([['SH-RDC', 'cancelled', false], ['JX-CDC', 'pending', true]]);
    expect(await level('SH', 'E')).toEqual({ on_hand: 5, reserved: 1 }); // the shipped order's unit only
    expect(await level('JX', 'E')).toEqual({ on_hand: 5, reserved: 1 });
    // While SH-RDC cannot ship, a new 华东 order for E is planned in JX-CDC.
    const next = await paidOrder([{ sku: 'E', quantity: 1 }], '华东');
    expect((await inject('POST', `/api/orders/${next}/allocation`, {})).json()).toMatchObject({ shipments: [{ warehouseCode: 'JX-CDC' }] });
    // An order with a parcel on its way is shipped and can no longer be cancelled; nothing changes.
    const refused = await inject('POST', `/api/orders/${onItsWay}/cancel`, {});
    expect(refused.statusCode).toBe(409);
    expect((await inject('GET', `/api/orders/${onItsWay}`)).json()).toMatchObject({ status: 'shipped' });
    expect(await level('SH', 'E')).toEqual({ on_hand: 5, reserved: 1 });
    const resumed = (await inject('POST', `/api/logistics/warehouses/${wh.SH}/shipping`, { canShip: true })).json();
    expect(resumed).toMatchObject({ warehouse: { canShip: true, unableReason: null }, reallocated: [], backorder: [], blocked: [] });
    const bad = await inject('POST', '/api/logistics/warehouses/999999/shipping', { canShip: false });
    expect(bad.statusCode).toBe(404);
    await inventoryConsistent();
  });

  it('a warehouse that cannot ship: an order no other warehouse can serve becomes a backorder, a split order with a parcel shipped is left; resuming lets the next run allocate', async () => {
    const { db } = t().database;
    wh.SZ = (await createWarehouse(db, SYSTEM_ACTOR, { code: 'SZ-RDC', name: '深圳区域仓', kind: 'regional', region: '华南', lat: 22.5431, lng: 114.0579 })).id;
    await createProduct(db, SYSTEM_ACTOR, { name: '杯', status: 'active', skus: [{ code: 'F', name: 'F', price: 800, active: true }] });
    await receiveStock(db, SYSTEM_ACTOR, { warehouseId: wh.SZ!, sku: 'F', quantity: 2 }, PAID_AT);
    // P: F only in SZ, B only in JX → two parcels; the JX one ships. Q: F only → SZ.
    const p = await paidOrder([{ sku: 'F', quantity: 1 }, { sku: 'B', quantity: 1 }]);
    const pa = (await inject('POST', `/api/orders/${p}/allocation`, {})).json();
    expect(pa.shipments.map((s: { warehouseCode: string }) => s.warehouseCode).sort()).toEqual(['JX-CDC', 'SZ-RDC']);
    const jxParcel = pa.shipments.find((s: { warehouseCode: string }) => s.warehouseCode === 'JX-CDC');
    expect((await inject('POST', `/api/shipments/${jxParcel.id}/events`, { status: 'shipped' })).statusCode).toBe(200);
    const q = await paidOrder([{ sku: 'F', quantity: 1 }]);
    expect((await inject('POST', `/api/orders/${q}/allocation`, {})).json()).toMatchObject({ shipments: [{ warehouseCode: 'SZ-RDC' }] });

    const res = (await inject('POST', `/api/logistics/warehouses/${wh.SZ}/shipping`, { canShip: false, reason: '盘点' })).json();
    expect(res).toMatchObject({ reallocated: [], backorder: [q], blocked: [p] });
    const qa = (await inject('GET', `/api/orders/${q}/allocation`)).json();
    expect(qa).toMatchObject({ status: 'backorder', attempts: 2, shipments: [{ warehouseCode: 'SZ-RDC', status: 'cancelled' }] });
    expect(qa.reason).toMatch(/^SZ-RDC cannot ship \(盘点\); /);
    // P keeps its pending SZ parcel (for a person to handle); Q's unit stays reserved in SZ until it can ship.
    expect((await inject('GET', `/api/orders/${p}/allocation`)).json().shipments.map((s: { warehouseCode: string; status: string }) => `${s.warehouseCode}:${s.status}`).sort())
      .toEqual(['JX-CDC:shipped', 'SZ-RDC:pending']);
    expect(await level('SZ', 'F')).toEqual({ on_hand: 2, reserved: 2 });

    await inject('POST', `/api/logistics/warehouses/${wh.SZ}/shipping`, { canShip: true });
    expect((await inject('POST', '/api/logistics/allocate', {})).json()).toMatchObject({ allocated: 1, backorder: 0 });
    expect((await inject('GET', `/api/orders/${q}/allocation`)).json()).toMatchObject({ status: 'allocated', attempts: 3, shipments: [{ status: 'cancelled' }, { warehouseCode: 'SZ-RDC', status: 'pending' }] });
    expect(await level('SZ', 'F')).toEqual({ on_hand: 2, reserved: 2 });
    await inventoryConsistent();
  });

  it('a cancellation racing an allocation of the same order leaves nothing to ship and nothing reserved', async () => {
    const o = await paidOrder([{ sku: 'D', quantity: 2 }], '华东');
    const [alloc, cancel] = await Promise.all([inject('POST', `/api/orders/${o}/allocation`, {}), inject('POST', `/api/orders/${o}/cancel`, {})]);
    expect(cancel.statusCode).toBe(200);
    expect([200, 409]).toContain(alloc.statusCode);
    const [left] = await queryRows<{ pending: number; active: number }>(t().database.db, sql`select
      (select count(*)::int from shipments where order_id = ${o} and status = 'pending') as pending,
      (select count(*)::int from stock_reservations where order_id = ${o} and status = 'active') as active`);
    expect(left).toEqual({ pending: 0, active: 0 });
    await inventoryConsistent();
  });

  it('refuses unpaid orders and unknown ones with the registry\'s errors', async () => {
    const placed = (await inject('POST', '/api/orders', { channel: 'tmall', lines: [{ sku: 'D', quantity: 1 }], shipRegion: '华东' })).json();
    const r = await inject('POST', `/api/orders/${placed.id}/allocation`, {});
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'conflict' });
    expect((await inject('GET', '/api/orders/999999/allocation')).json()).toMatchObject({ code: 'not_found' });
  });
});
