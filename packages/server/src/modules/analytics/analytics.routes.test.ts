import type { FastifyInstance } from 'fastify';
import { beforeAll, afterAll, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { simulateStore } from '../../ingest/simulator/index.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { channelsReport, cohortReport, customersReport, funnelReport, kpiReport, overviewReport, productsReport } from './index.js';

forEachDriver('GET /api/analytics/kpis', (t) => {
  let app: FastifyInstance;
  let headers: Record<string, string>;
  beforeAll(async () => {
    await simulateStore(t(), { days: 45, customers: 200, seed: 3, endDate: '2026-02-28' });
    app = await buildApp({ platform: t() });
    headers = (await createTestCaller(t().database.db, 'analyst')).headers;
  });
  afterAll(async () => app?.close());

  it('answers the same report as the service, per channel too', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/analytics/kpis?from=2026-01-15&to=2026-03-01&granularity=week&channel=tmall', headers });
    expect(res.statusCode).toBe(200);
    const direct = await kpiReport(t().database.db, { from: '2026-01-15', to: '2026-03-01', granularity: 'week', channel: 'tmall' });
    expect(res.json()).toEqual(direct);
    expect(direct.rows.reduce((s, r) => s + r.orders, 0)).toBeGreaterThan(0);
  });

  it('serves the overview, funnel, channels and cohorts exactly as the read model computes them', async () => {
    const db = t().database.db;
    const cases: [string, unknown][] = [
      ['/api/analytics/overview?from=2026-02-01&to=2026-03-01&compare=last_year', await overviewReport(db, { from: '2026-02-01', to: '2026-03-01', compare: 'last_year' })],
      ['/api/analytics/funnel?from=2026-02-01&to=2026-03-01&by=device', await funnelReport(db, { from: '2026-02-01', to: '2026-03-01', by: 'device' })],
      ['/api/analytics/channels?from=2026-01-15&to=2026-03-01&roiTarget=2', await channelsReport(db, { from: '2026-01-15', to: '2026-03-01', roiTarget: 2 })],
      ['/api/analytics/cohorts?from=2026-01-15&to=2026-03-01', await cohortReport(db, { from: '2026-01-15', to: '2026-03-01' })],
      ['/api/analytics/customers?from=2026-01-15&to=2026-03-01&granularity=week', await customersReport(db, { from: '2026-01-15', to: '2026-03-01', granularity: 'week' })],
      ['/api/analytics/products?from=2026-01-15&to=2026-03-01&limit=5', await productsReport(db, { from: '2026-01-15', to: '2026-03-01', limit: 5 })],
    ];
    for (const [url, direct] of cases) {
      const res = await app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, url).toBe(200);
      expect(res.json(), url).toEqual(direct);
    }
    const overview = cases[0]![1] as Awaited<ReturnType<typeof overviewReport>>;
    expect(overview.current.visitors).toBeGreaterThan(overview.current.convertedVisitors);
    expect(overview.current.convertedVisitors).toBeGreaterThan(0);
  });

  it('names the field that is wrong', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/analytics/kpis?from=2026-1-1&to=2026-03-01', headers });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('querystring.from') });
    const unknown = await app.inject({ method: 'GET', url: '/api/analytics/kpis?from=2026-01-01&to=2026-03-01&channel=nope', headers });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/channel: no channel with code 'nope'/);
  });
});
