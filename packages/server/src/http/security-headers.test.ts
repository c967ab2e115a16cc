import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCaller } from '../test-support/auth.js';
import { forEachDriver } from '../test-support/db.js';
import { buildApp } from './app.js';

forEachDriver('security headers and CSRF', (t) => {
  let app: FastifyInstance;
  let cookie: string;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    app = await buildApp({ platform: t() });
    bearer = (await createTestCaller(t().database.db, 'owner', 'sec-owner')).headers;
    await app.inject({ method: 'POST', url: '/api/users', headers: bearer, payload: { username: 'csrf-user', role: 'operator', password: 'a-long-enough-password' } });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'csrf-user', password: 'a-long-enough-password' } });
    expect(login.statusCode).toBe(200);
    cookie = String(login.headers['set-cookie']).split(';')[0]!;
  });
  afterAll(async () => app?.close());

  it('sends secure headers, and no caching of API responses', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store',
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
    });
    expect(res.headers['strict-transport-security']).toBeUndefined(); // plain HTTP
    expect((await app.inject({ method: 'GET', url: '/api/docs/json' })).headers['content-security-policy']).toBeUndefined();
  });

  it('refuses a cookie-authenticated write from another site, allows same-origin and bearer calls', async () => {
    const write = (headers: Record<string, string>) => app.inject({ method: 'PUT', url: '/api/compliance/retention/expired_sessions', headers, payload: { days: 30, enabled: true } });
    const cross = await write({ cookie, origin: 'https://evil.example', host: 'localhost:3000' });
    expect(cross.statusCode).toBe(403);
    expect(cross.json()).toMatchObject({ code: 'forbidden', details: { reason: 'csrf' } });
    expect((await write({ cookie, 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    // The operator lacks compliance:manage: passing the CSRF guard leads to the permission check.
    expect((await write({ cookie, origin: 'http://localhost:3000', host: 'localhost:3000', 'sec-fetch-site': 'same-origin' })).json()).toMatchObject({ code: 'forbidden', details: { permission: 'compliance:manage' } });
    expect((await write({ ...bearer, origin: 'https://evil.example' })).statusCode).toBe(200);
    // Reads are not state-changing.
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie, origin: 'https://evil.example' } })).statusCode).toBe(200);
  });
});
