import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { forEachDriver } from '../test-support/db.js';
import { buildApp } from './app.js';

forEachDriver('http app', (t) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => new Date('2026-01-02T03:04:05Z') });
  });
  afterAll(async () => app?.close());

  it('answers /api/health without credentials', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: t().database.driver, time: '2026-01-02T03:04:05.000Z' });
  });

  it('serves the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/health');
  });

  it('answers an unknown route with the error body', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'not_found', message: 'No route GET /api/nope' });
  });
});
