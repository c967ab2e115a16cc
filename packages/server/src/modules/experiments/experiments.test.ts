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
});
