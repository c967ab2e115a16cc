import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';

type Headers = Record<string, string>;

forEachDriver('risk routes', (t) => {
  let app: FastifyInstance;
  const as: Record<'operator' | 'analyst', Headers> = {} as never;
  const call = (headers: Headers, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => new Date('2026-11-23T02:00:00Z') });
    const op = await createTestCaller(t().database.db, 'operator', 'risk-op');
    as.operator = op.headers;
    as.analyst = (await createTestCaller(t().database.db, 'analyst', 'risk-ana')).headers;
    await call(as.operator, 'PUT', '/api/on-call/2', { userIds: [op.userId] });
  });
  afterAll(async () => app?.close());

  it('keeps the register and the heat map', async () => {
    const r = await call(as.operator, 'POST', '/api/risks', { title: '个人信息泄露', category: 'security', likelihood: 2, impact: 5, controls: '加密、脱敏、审计' });
    expect(r.json()).toMatchObject({ score: 10, level: 'high' });
    expect((await call(as.analyst, 'POST', '/api/risks', { title: 'x', category: 'market', likelihood: 1, impact: 1 })).json()).toMatchObject({ code: 'forbidden' });
    expect((await call(as.operator, 'POST', '/api/risks', { title: 'x', category: 'market', likelihood: 0, impact: 1 })).json()).toMatchObject({ code: 'validation_failed' });
    const map = (await call(as.analyst, 'GET', '/api/risks/heat-map')).json();
    expect(map[3][4]).toMatchObject({ likelihood: 2, impact: 5, count: 1 });
  });

  it('simulates a promotion reproducibly', async () => {
    const body = { listPriceFen: 10000, promoPriceFen: 8000, baselineUnits: 1000, unitCostFen: { mean: 5000, sd: 0 }, elasticity: { mean: -2, sd: 0 }, roiTarget: 0.3, trials: 100 };
    const res = (await call(as.analyst, 'POST', '/api/risk/simulate-promotion', body)).json();
    // No uncertainty: q = 1000 · 0.8^-2 = 1562.5, profit = 1562.5 · 3000 = 4,687,500 fen.
    expect(res.profitFen.p50).toBe(4_687_500);
    expect((await call(as.analyst, 'POST', '/api/risk/simulate-promotion', { ...body, redemption: { min: 0.9, max: 0.1 } })).json()).toMatchObject({ code: 'validation_failed' });
  });

  it('runs a drill over HTTP', async () => {
    const drill = (await call(as.operator, 'POST', '/api/incidents/drill')).json();
    expect(drill).toMatchObject({ passed: true, incident: { drill: true, status: 'closed' } });
    expect((await call(as.analyst, 'GET', '/api/incidents')).json()[0]).toMatchObject({ id: drill.incident.id });
  });
});
