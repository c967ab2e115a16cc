import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { createProduct } from '../catalog/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { createWarehouse, receiveStock } from '../inventory/index.js';
import { createChannel } from '../orders/index.js';

// Paid at 10:00 Shanghai time on 2026-03-02, so the 24 h promise falls on business day 2026-03-03.
const T0 = new Date('2026-03-02T02:00:00Z');
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);

forEachDriver('shipments: tracking, SLA, at-risk and dispatch', (t) => {
  let app: FastifyInstance;
  let headers: Record<string, string>;
  let clock = T0;
  let gz = 0;
  const inject = async (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const shipped: number[] = [];

  beforeAll(async () => {
    const { db } = t().database;
    clock = T0;
    app = await buildApp({ platform: t(), now: () => clock });
    headers = (await createTestCaller(db, 'operator')).headers;
    await createChannel(db, SYSTEM_ACTOR, { code: 'tmall', name: '天猫', kind: 'marketplace' });
    gz = (await createWarehouse(db, SYSTEM_ACTOR, { code: 'GZ-RDC', name: '广州区域仓', kind: 'regional', region: '华南', lat: 23.1291, lng: 113.2644 })).id;
    await createProduct(db, SYSTEM_ACTOR, { name: '茶', status: 'active', skus: [{ code: 'T', name: 'T', price: 1000, active: true }] });
    await receiveStock(db, SYSTEM_ACTOR, { warehouseId: gz, sku: 'T', quantity: 500 }, T0);
    for (let k = 0; k < 8; k++) {
      const placed = (await inject('POST', '/api/orders', { channel: 'tmall', lines: [{ sku: 'T', quantity: 1 + (k % 3) }], shipRegion: '华南' })).json();
      await inject('POST', `/api/orders/${placed.id}/pay`, { method: 'alipay' });
    }
    expect((await inject('POST', '/api/logistics/allocate', {})).json()).toMatchObject({ allocated: 8, backorder: 0 });
    const list = (await inject('GET', `/api/shipments?warehouseId=${gz}&limit=100`)).json();
    shipped.push(...list.items.map((s: { id: number }) => s.id).sort((a: number, b: number) => a - b));
  });
  afterAll(async () => app?.close());

  it('tracking moves a shipment along legal transitions only', async () => {
    const [a, b] = shipped;
    // The order follows its parcel: paid → shipped → delivered.
    const orderOf = async (sid: number) => (await inject('GET', `/api/orders/${(await inject('GET', `/api/shipments?warehouseId=${gz}&limit=100`)).json().items.find((x: { id: number }) => x.id === sid).orderId}`)).json().status;
    expect((await inject('POST', `/api/shipments/${a}/events`, { status: 'shipped', at: hours(2).toISOString(), trackingNo: 'GZ0001' })).json())
      .toMatchObject({ status: 'shipped', shippedAt: hours(2).toISOString(), trackingNo: 'GZ0001' });
    expect((await inject('POST', `/api/shipments/${a}/events`, { status: 'delivered', at: hours(20).toISOString() })).json())
      .toMatchObject({ status: 'delivered', deliveredAt: hours(20).toISOString(), promisedAt: hours(24).toISOString() });
    await inject('POST', `/api/shipments/${b}/events`, { status: 'shipped', at: hours(3).toISOString() });
    expect(await orderOf(b!)).toBe('shipped');
    await inject('POST', `/api/shipments/${b}/events`, { status: 'delivered', at: hours(30).toISOString() });
    expect(await orderOf(a!)).toBe('delivered');
    expect(await orderOf(shipped[2]!)).toBe('paid');
    const illegal = await inject('POST', `/api/shipments/${a}/events`, { status: 'shipped' });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json()).toMatchObject({ code: 'conflict', details: { status: 'delivered', allowed: ['returned'] } });
  });

  it('SLA: on time = delivered by the promise; undelivered past the promise counts as missed; cost per order from the model', async () => {
    clock = hours(30);
    const r = (await inject('GET', '/api/logistics/sla?from=2026-03-03&to=2026-03-03&groupBy=warehouse')).json();
    // 8 shipments promised on 03-03; 2 delivered (1 on time, 1 late); 6 still pending past the promise at T0+30 h.
    // Each GZ parcel to 华南 costs 600 fen (0 km, in region: allocate.test.ts), one parcel per order.
    expect(r.rows).toEqual([{ key: 'GZ-RDC', shipments: 8, delivered: 2, onTime: 1, hitRate: 0.5, missed: 7, orders: 8, costPerOrder: 600 }]);
    expect(r.total).toMatchObject({ shipments: 8, hitRate: 0.5, costPerOrder: 600 });
    const none = (await inject('GET', '/api/logistics/sla?from=2026-03-04&to=2026-03-05&groupBy=carrier')).json();
    expect(none.rows).toEqual([]);
  });

  it('at-risk: a pending shipment is predicted to miss once now + 6 h handling passes the promise', async () => {
    clock = hours(17);
    expect((await inject('GET', '/api/logistics/at-risk')).json()).toEqual([]);
    clock = hours(20);
    const risk = (await inject('GET', '/api/logistics/at-risk')).json();
    // 6 pending shipments: predicted T0+26 h vs promised T0+24 h → 120 minutes late.
    expect(risk).toHaveLength(6);
    expect(risk[0]).toMatchObject({ status: 'pending', warehouseCode: 'GZ-RDC', lateByMinutes: 120, predictedAt: hours(26).toISOString() });
    // Each predicted miss opens one service ticket, once.
    expect((await inject('POST', '/api/logistics/at-risk/tickets')).json()).toEqual({ opened: 6, alreadyOpen: 0 });
    expect((await inject('POST', '/api/logistics/at-risk/tickets')).json()).toEqual({ opened: 0, alreadyOpen: 6 });
    const tickets = (await inject('GET', `/api/tickets?limit=50`)).json();
    expect(tickets.items.filter((x: { category: string; subject: string }) => x.category === '物流' && /预计晚于承诺送达 120 分钟/.test(x.subject))).toHaveLength(6);
  });

  it('dispatch plan: every pending regional shipment on exactly one route, manifests in time, deterministic', async () => {
    const url = `/api/logistics/dispatch-plan?warehouseId=${gz}&date=2026-03-02&vans=2&iterations=300`;
    const plan = (await inject('GET', url)).json();
    expect(plan).toMatchObject({ warehouseCode: 'GZ-RDC', shipments: 6, unassignedShipmentIds: [] });
    const ids = plan.routes.flatMap((r: { stops: { shipmentId: number }[] }) => r.stops.map((s) => s.shipmentId)).sort((a: number, b: number) => a - b);
    expect(ids).toEqual(shipped.slice(2));
    for (const r of plan.routes) {
      expect(r.units).toBeLessThanOrEqual(r.capacity);
      for (const s of r.stops) expect(s.eta >= '09:00' && s.eta <= '21:00').toBe(true);
    }
    expect(plan.distanceKm).toBeCloseTo(plan.routes.reduce((s: number, r: { distanceKm: number }) => s + r.distanceKm, 0), 6);
    expect((await inject('GET', url)).json()).toEqual(plan);
  });

  it('dispatch plans are stored with their solver settings and cost, reopened as saved, and released all or nothing', async () => {
    const preview = (await inject('GET', `/api/logistics/dispatch-plan?warehouseId=${gz}&date=2026-03-02&vans=2&iterations=300&seed=3`)).json();
    const res = await inject('POST', '/api/logistics/dispatch-plans', { warehouseId: gz, date: '2026-03-02', vans: 2, iterations: 300, seed: 3 });
    expect(res.statusCode).toBe(201);
    const draft = res.json();
    // The stored plan is the plan the solver gives for the same settings, plus what was stored.
    expect(draft).toEqual({ ...preview, id: draft.id, wave: 1, status: 'draft', seed: 3, maxIterations: 300, timeLimitSeconds: null, createdAt: hours(20).toISOString(), releasedAt: null });
    // Cost = fixed cost of the vans used (30,000 each) + metres driven; distanceKm rounds each route to 0.1 km.
    expect(Math.abs(draft.cost - (30_000 * draft.vehicles + draft.distanceKm * 1000))).toBeLessThanOrEqual(50 * draft.vehicles + 0.1);
    expect(draft.units).toBe(draft.routes.reduce((s: number, r: { units: number }) => s + r.units, 0));
    expect((await inject('GET', `/api/logistics/dispatch-plans/${draft.id}`)).json()).toEqual(draft);
    const { depot: _d, routes: _r, unassignedShipmentIds: _u, ...summary } = draft;
    expect((await inject('GET', `/api/logistics/dispatch-plans?warehouseId=${gz}&date=2026-03-02`)).json()).toEqual({ items: [summary], total: 1, limit: 50, offset: 0 });

    // An order of the draft is cancelled: the draft can no longer be released, and nothing moves.
    const first = draft.routes[0].stops[0];
    expect((await inject('POST', `/api/orders/${first.orderId}/cancel`, { reason: '买家取消' })).statusCode).toBe(200);
    const stale = await inject('POST', `/api/logistics/dispatch-plans/${draft.id}/release`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'conflict', details: { shipmentIds: [first.shipmentId] } });
    expect((await inject('GET', `/api/shipments?warehouseId=${gz}&status=pending&limit=100`)).json().total).toBe(5);

    // A new plan with a time limit; released, its five shipments are handed to the drivers.
    const timed = (await inject('POST', '/api/logistics/dispatch-plans', { warehouseId: gz, date: '2026-03-02', vans: 2, timeLimitSeconds: 0.2 })).json();
    expect(timed).toMatchObject({ status: 'draft', seed: 1, timeLimitSeconds: 0.2, maxIterations: null, shipments: 5 });
    expect(timed.iterations).toBeGreaterThan(0);
    const released = (await inject('POST', `/api/logistics/dispatch-plans/${timed.id}/release`)).json();
    expect(released).toEqual({ ...timed, status: 'released', releasedAt: hours(20).toISOString() });
    const onVans = (await inject('GET', `/api/shipments?warehouseId=${gz}&status=shipped&limit=100`)).json().items
      .filter((s: { trackingNo: string | null }) => s.trackingNo?.startsWith(`DP${timed.id}-`));
    expect(onVans.map((s: { trackingNo: string }) => s.trackingNo).sort()).toEqual(
      timed.routes.flatMap((r: { vehicle: number; stops: { seq: number }[] }) => r.stops.map((s) => `DP${timed.id}-${r.vehicle}-${s.seq}`)).sort());
    expect(onVans.every((s: { shippedAt: string }) => s.shippedAt === hours(20).toISOString())).toBe(true);
    // Their orders are shipped now too.
    for (const r of timed.routes) for (const s of r.stops) expect((await inject('GET', `/api/orders/${s.orderId}`)).json().status).toBe('shipped');
    expect((await inject('POST', `/api/logistics/dispatch-plans/${timed.id}/release`)).statusCode).toBe(409);
    // One released plan per warehouse, day and wave: the next run of the vans is wave 2.
    const again = (await inject('POST', '/api/logistics/dispatch-plans', { warehouseId: gz, date: '2026-03-02', iterations: 10 })).json();
    expect(again).toMatchObject({ shipments: 0, vehicles: 0, routes: [] });
    expect((await inject('POST', `/api/logistics/dispatch-plans/${again.id}/release`)).json()).toMatchObject({ code: 'conflict', details: { field: 'wave' } });
    expect((await inject('GET', `/api/logistics/dispatch-plans?status=released`)).json()).toMatchObject({ total: 1, items: [{ id: timed.id }] });
    expect((await inject('GET', `/api/logistics/dispatch-plans/${draft.id}`)).json().status).toBe('draft');

    const bad = await inject('POST', '/api/logistics/dispatch-plans', { warehouseId: gz, date: '2026-3-2' });
    expect(bad.json()).toMatchObject({ code: 'validation_failed', details: { issues: [{ field: 'body.date' }] } });
    expect((await inject('POST', '/api/logistics/dispatch-plans', { warehouseId: 999_999, date: '2026-03-02' })).statusCode).toBe(404);
    expect((await inject('GET', '/api/logistics/dispatch-plans/999999')).statusCode).toBe(404);
  });

  it('a release racing the cancellation of one of its orders: either the parcel left and the cancel is refused, or the order is cancelled and the release refused', async () => {
    const placed = (await inject('POST', '/api/orders', { channel: 'tmall', lines: [{ sku: 'T', quantity: 1 }], shipRegion: '华南' })).json();
    await inject('POST', `/api/orders/${placed.id}/pay`, { method: 'alipay' });
    await inject('POST', `/api/orders/${placed.id}/allocation`, {});
    const draft = (await inject('POST', '/api/logistics/dispatch-plans', { warehouseId: gz, date: '2026-03-02', wave: 2, iterations: 20 })).json();
    expect(draft.shipments).toBe(1);
    const [release, cancel] = await Promise.all([inject('POST', `/api/logistics/dispatch-plans/${draft.id}/release`), inject('POST', `/api/orders/${placed.id}/cancel`, {})]);
    expect([release.statusCode, cancel.statusCode].sort()).toEqual([200, 409]);
    const order = (await inject('GET', `/api/orders/${placed.id}`)).json();
    const shipment = (await inject('GET', `/api/shipments?orderId=${placed.id}`)).json().items[0];
    const plan = (await inject('GET', `/api/logistics/dispatch-plans/${draft.id}`)).json();
    if (release.statusCode === 200) expect([order.status, shipment.status, plan.status]).toEqual(['shipped', 'shipped', 'released']);
    else expect([order.status, shipment.status, plan.status]).toEqual(['cancelled', 'cancelled', 'draft']);
  });
});
