import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assignVariant } from '@zhanggui/algorithms';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { createProduct } from '../catalog/index.js';
import { customers } from '../customers/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { createChannel, orderLines, orders } from '../orders/index.js';
import { recordSessions } from '../marketing/index.js';
import { logExposure } from './index.js';

const NOW = new Date('2026-06-10T04:00:00Z');

forEachDriver('experiments API', (t) => {
  let app: FastifyInstance;
  let operator: Record<string, string>;
  let analyst: Record<string, string>;
  const ids: number[] = [];
  let channelId = 0;
  let skuId = 0;
  let n = 0;
  const post = (url: string, payload: unknown, headers = operator) => app.inject({ method: 'POST', url: `/api${url}`, headers, payload: payload as object });
  const get = (url: string, headers = analyst) => app.inject({ method: 'GET', url: `/api${url}`, headers });
  async function order(customerId: number, amount: number, placedAt: Date) {
    const { db } = t().database;
    const [o] = await db.insert(orders).values({ externalId: `e-${n++}`, channelId, customerId, status: 'paid', currency: 'CNY', placedAt, paidAt: placedAt, itemsAmount: amount, payableAmount: amount }).returning({ id: orders.id });
    await db.insert(orderLines).values({ orderId: o!.id, lineNo: 1, skuId, quantity: 1, unitPrice: amount });
  }

  /** A paid order with no customer (a guest's), linked to a visitor by its session. */
  async function anonymousOrder(amount: number, placedAt: Date): Promise<number> {
    const [o] = await t().database.db.insert(orders).values({ externalId: `g-${n++}`, channelId, status: 'paid', currency: 'CNY', placedAt, paidAt: placedAt, itemsAmount: amount, payableAmount: amount }).returning({ id: orders.id });
    return o!.id;
  }

  beforeAll(async () => {
    const { db } = t().database;
    app = await buildApp({ platform: t(), now: () => NOW });
    operator = (await createTestCaller(db, 'operator')).headers;
    analyst = (await createTestCaller(db, 'analyst')).headers;
    channelId = (await createChannel(db, SYSTEM_ACTOR, { code: 'web', name: '官网', kind: 'own_site' })).id;
    skuId = (await createProduct(db, SYSTEM_ACTOR, { name: 'X', status: 'active', skus: [{ code: 'X', name: 'X', price: 10_000, active: true }] })).skus[0]!.id;
    ids.push(...(await db.insert(customers).values(Array.from({ length: 60 }, () => ({}))).returning({ id: customers.id })).map((r) => r.id));
  });
  afterAll(async () => app?.close());

  it('assigns by hash, logs the first exposure and analyses the orders that followed', async () => {
    const created = await post('/experiments', { code: 'free-ship-banner', name: '包邮横幅', kind: 'page', variants: [{ name: 'control' }, { name: 'banner' }] });
    expect(created.statusCode).toBe(201);
    expect((await post('/experiments', { code: 'free-ship-banner', name: 'x', kind: 'page', variants: [{ name: 'a' }, { name: 'b' }] })).statusCode).toBe(409);
    const variants = [{ name: 'control', weight: 1 }, { name: 'banner', weight: 1 }];
    const groups: Record<string, number[]> = { control: [], banner: [] };
    for (const id of ids) {
      const res = (await post('/experiments/free-ship-banner/exposures', { unit: `c${id}`, customerId: id })).json();
      expect(res).toEqual({ variant: assignVariant('free-ship-banner', `c${id}`, variants).name, firstExposure: true });
      groups[res.variant]!.push(id);
    }
    expect((await post('/experiments/free-ship-banner/exposures', { unit: `c${ids[0]}`, customerId: ids[0] })).json().firstExposure).toBe(false);
    // Outcomes: half of the control converts once, every banner customer but one converts; an
    // order before the exposure does not count.
    const later = new Date('2026-06-11T04:00:00Z');
    await order(groups.control![0]!, 9_999, new Date('2026-06-01T04:00:00Z'));
    const conv = { control: 0, banner: 0 };
    for (const [i, id] of groups.control!.entries()) if (i % 2 === 0) { await order(id, 10_000, later); conv.control++; }
    for (const [i, id] of groups.banner!.entries()) if (i > 0) { await order(id, 12_000, later); conv.banner++; }
    const res = await get('/experiments/free-ship-banner/results?metric=conversion');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.summary.variants).toEqual([
      { name: 'control', n: groups.control!.length, sum: conv.control, sumSquares: conv.control, weight: 1 },
      { name: 'banner', n: groups.banner!.length, sum: conv.banner, sumSquares: conv.banner, weight: 1 },
    ]);
    expect(body.result.variants[0]).toMatchObject({ name: 'control', absoluteLift: null, pValue: null });
    expect(body.result.variants[1].absoluteLift).toBeCloseTo(conv.banner / groups.banner!.length - conv.control / groups.control!.length, 12);
    expect(body.result.variants[1].pValue).toBeLessThan(0.01);
    // Sequential (mSPRT, Johari et al. 2017), by hand: Δ = p₁ − p₀, V = p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀,
    // τ = 0.1·p₀ (the default), Λ = √(V/(V+τ²))·exp(τ²Δ²/(2V(V+τ²))), p = min(1, 1/Λ).
    const [n0, n1] = [groups.control!.length, groups.banner!.length];
    const [p0, p1] = [conv.control / n0, conv.banner / n1];
    const V = (p1 * (1 - p1)) / n1 + (p0 * (1 - p0)) / n0;
    const tau = 0.1 * p0;
    const lambda = Math.sqrt(V / (V + tau * tau)) * Math.exp((tau * tau * (p1 - p0) ** 2) / (2 * V * (V + tau * tau)));
    expect(body.sequential[0]).toEqual({ name: 'control', tau: null, lambda: null, alwaysValidPValue: null });
    expect(body.sequential[1].tau).toBeCloseTo(tau, 12);
    expect(body.sequential[1].lambda).toBeCloseTo(lambda, 6);
    expect(body.sequential[1].alwaysValidPValue).toBeCloseTo(Math.min(1, 1 / lambda), 12);
    // Always valid costs power: never below the fixed-horizon p-value here.
    expect(body.sequential[1].alwaysValidPValue).toBeGreaterThanOrEqual(body.result.variants[1].pValue);
    const wide = (await get('/experiments/free-ship-banner/results?metric=conversion&tau=0.5')).json();
    expect(wide.sequential[1].tau).toBe(0.5);
    const rev = (await get('/experiments/free-ship-banner/results?metric=revenue')).json();
    expect(rev.summary.variants[1].sum).toBe(conv.banner * 12_000);
    expect(rev.summary.variants[1].sumSquares).toBe(conv.banner * 12_000 ** 2);
    const aov = (await get('/experiments/free-ship-banner/results?metric=aov')).json();
    expect(aov.result.variants.map((v: { mean: number }) => v.mean)).toEqual([10_000, 12_000]);
    // Nobody bought twice: no relative lift over a control rate of zero, and a p-value of 1.
    const rep = (await get('/experiments/free-ship-banner/results?metric=repurchase')).json();
    expect(rep.summary.variants.map((v: { sum: number }) => v.sum)).toEqual([0, 0]);
    expect(rep.result.variants[1]).toMatchObject({ absoluteLift: 0, relativeLift: null, ci: null, pValue: 1 });
  });

  it('stops an experiment and refuses exposures after that; refuses thin results; checks the role', async () => {
    await post('/experiments', { code: 'thin', name: 'thin', kind: 'message', variants: [{ name: 'a' }, { name: 'b', weight: 3 }] });
    const thin = await get('/experiments/thin/results');
    expect(thin.statusCode).toBe(400);
    expect(thin.json().message).toBe("variant 'a' has 0 exposed units; at least 2 are needed");
    expect((await post('/experiments/thin/stop', {})).json()).toMatchObject({ status: 'stopped', stoppedAt: NOW.toISOString() });
    expect((await post('/experiments/thin/exposures', { unit: 'u1' })).statusCode).toBe(409);
    expect((await post('/experiments', { code: 'no', name: 'no', kind: 'page', variants: [{ name: 'a' }, { name: 'b' }] }, analyst)).statusCode).toBe(403);
    expect((await get('/experiments')).json().map((e: { code: string }) => e.code)).toEqual(['free-ship-banner', 'thin']);
  });

  it('keeps the unit, primary metric and window: exposures only inside it, results on the primary metric by default', async () => {
    const start = '2026-06-12T00:00:00.000Z';
    const end = '2026-06-20T00:00:00.000Z';
    const body = { code: 'vis-price', name: '访客价格', kind: 'price', variants: [{ name: 'control' }, { name: 'minus5' }], unit: 'visitor', primaryMetric: 'revenue', startAt: start, endAt: end };
    // Bad windows and a repurchase metric on sessions are refused, naming the field; nothing is stored.
    const early = await post('/experiments', { ...body, endAt: start });
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toMatch(/^endAt: must be after the start/);
    const rep = await post('/experiments', { ...body, unit: 'session', primaryMetric: 'repurchase' });
    expect(rep.statusCode).toBe(400);
    expect(rep.json().message).toMatch(/^primaryMetric: repurchase needs unit customer or visitor/);
    expect((await post('/experiments', { ...body, unit: 'device' })).statusCode).toBe(400);
    expect((await get('/experiments/vis-price')).statusCode).toBe(404);
    const created = await post('/experiments', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ unit: 'visitor', primaryMetric: 'revenue', startedAt: start, endsAt: end, stoppedAt: null, status: 'running' });
    // Defaults: customer, conversion, starting now, no end.
    expect((await get('/experiments/free-ship-banner')).json()).toMatchObject({ unit: 'customer', primaryMetric: 'conversion', endsAt: null });

    const { db } = t().database;
    // Not before the start, not from the end on.
    await expect(logExposure(db, 'vis-price', 'v0', undefined, new Date('2026-06-11T23:59:59Z'))).rejects.toThrow(/starts at 2026-06-12T00:00:00.000Z/);
    await expect(logExposure(db, 'vis-price', 'v0', undefined, new Date(end))).rejects.toThrow(/ended at 2026-06-20T00:00:00.000Z/);
    const exposedAt = new Date('2026-06-12T01:00:00Z');
    const expected: Record<string, { n: number; s: number; ss: number; buyers: number }> = { control: { n: 0, s: 0, ss: 0, buyers: 0 }, minus5: { n: 0, s: 0, ss: 0, buyers: 0 } };
    const sessions: Parameters<typeof recordSessions>[1][number][] = [];
    for (let i = 0; i < 10; i++) {
      const { variant } = await logExposure(db, 'vis-price', `v${i}`, undefined, exposedAt);
      expect(variant).toBe(assignVariant('vis-price', `v${i}`, [{ name: 'control', weight: 1 }, { name: 'minus5', weight: 1 }]).name);
      const e = expected[variant]!;
      e.n++;
      // Visitors 0..6 buy once in the window through a session of theirs (¥10 × (i + 1)); visitor 0
      // also before the start and after the end (neither counts).
      if (i < 7) {
        const amount = 1000 * (i + 1);
        const id = await anonymousOrder(amount, new Date('2026-06-13T04:00:00Z'));
        sessions.push({ visitor: `v${i}`, channel: 'web', device: 'mobile', startedAt: '2026-06-13T03:50:00Z', pageViews: 3, productViews: 1, addToCarts: 1, checkouts: 1, orderId: id });
        e.s += amount; e.ss += amount * amount; e.buyers++;
      }
    }
    for (const at of ['2026-06-11T04:00:00Z', '2026-06-21T04:00:00Z']) {
      sessions.push({ visitor: 'v0', channel: 'web', device: 'mobile', startedAt: at, pageViews: 1, productViews: 1, addToCarts: 1, checkouts: 1, orderId: await anonymousOrder(99_900, new Date(at)) });
    }
    await recordSessions(db, sessions);
    expect(expected.control!.n).toBeGreaterThanOrEqual(2);
    expect(expected.minus5!.n).toBeGreaterThanOrEqual(2);

    const res = await get('/experiments/vis-price/results');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect({ metric: r.metric, primary: r.primary, unit: r.unit }).toEqual({ metric: 'revenue', primary: true, unit: 'visitor' });
    expect(r.summary).toEqual({ metric: 'mean', variants: ['control', 'minus5'].map((name) => ({ name, n: expected[name]!.n, sum: expected[name]!.s, sumSquares: expected[name]!.ss, weight: 1 })) });
    const conv = (await get('/experiments/vis-price/results?metric=conversion')).json();
    expect({ metric: conv.metric, primary: conv.primary }).toEqual({ metric: 'conversion', primary: false });
    expect(conv.summary.variants.map((v: { sum: number }) => v.sum)).toEqual([expected.control!.buyers, expected.minus5!.buyers]);

    // A session experiment: the unit is the session's external id; its order counts.
    await post('/experiments', { code: 'sess-msg', name: '会话消息', kind: 'message', variants: [{ name: 'a' }, { name: 'b' }], unit: 'session', startAt: start });
    const bought: Record<string, [number, number]> = { a: [0, 0], b: [0, 0] };
    const sess: Parameters<typeof recordSessions>[1][number][] = [];
    for (let i = 0; i < 12; i++) {
      const { variant } = await logExposure(db, 'sess-msg', `s-${i}`, undefined, exposedAt);
      const order = i % 2 === 0 ? await anonymousOrder(5000, new Date('2026-06-13T04:00:00Z')) : null;
      sess.push({ externalId: `s-${i}`, visitor: 'same-visitor', channel: 'web', device: 'pc', startedAt: '2026-06-13T03:00:00Z', pageViews: 1, productViews: 0, addToCarts: 0, checkouts: 0, orderId: order });
      bought[variant]![0]++;
      if (order) bought[variant]![1]++;
    }
    await recordSessions(db, sess);
    const sr = (await get('/experiments/sess-msg/results')).json();
    expect({ metric: sr.metric, unit: sr.unit }).toEqual({ metric: 'conversion', unit: 'session' });
    expect(sr.summary.variants.map((v: { n: number; sum: number }) => [v.n, v.sum])).toEqual([bought.a, bought.b]);
    expect((await get('/experiments/sess-msg/results?metric=repurchase')).statusCode).toBe(400);
  });
});
