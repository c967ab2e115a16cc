import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { SYSTEM_ACTOR } from './actor.js';
import { createUser } from './users.service.js';

forEachDriver('API tokens', (t) => {
  let app: FastifyInstance;
  let cookie: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => new Date('2026-03-01T08:00:00Z') });
    await createUser(t().database.db, SYSTEM_ACTOR, { username: 'wu', role: 'analyst', password: 'wu-password-1' });
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'wu', password: 'wu-password-1' } });
    cookie = `zg_session=${res.cookies.find((c) => c.name === 'zg_session')!.value}`;
  });
  afterAll(async () => app?.close());

  it('issues a token once, stores only its hash, and lets it act with the user\'s role', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'BI 导出' } });
    expect(res.statusCode).toBe(201);
    const { token, ...info } = res.json();
    expect(token).toMatch(/^zgt_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ name: 'BI 导出', prefix: token.slice(0, 12), username: 'wu', lastUsedAt: null, revokedAt: null });
    const stored = JSON.stringify(await queryRows(t().database.db, sql`select * from api_tokens`));
    expect(stored).not.toContain(token);

    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    expect(me.json()).toMatchObject({ username: 'wu', role: 'analyst', via: 'token' });
    expect((await app.inject({ method: 'GET', url: '/api/customers', headers: bearer(token) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/customers', headers: bearer(token), payload: {} })).json()).toMatchObject({ code: 'forbidden' });

    const list = (await app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie } })).json();
    expect(list).toEqual([{ ...info, lastUsedAt: '2026-03-01T08:00:00.000Z' }]);
    expect(JSON.stringify(list)).not.toContain(token);
    // A token cannot mint more tokens (they would outlive its revocation).
    expect((await app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(token), payload: { name: 'x' } })).json()).toMatchObject({ code: 'forbidden' });
  });

  it('refuses a revoked token, and only its user or an owner may revoke it', async () => {
    const { id, token } = (await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'temp' } })).json();
    const stranger = await createTestCaller(t().database.db, 'operator');
    expect((await app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: stranger.headers })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/tokens', headers: stranger.headers })).json()).toHaveLength(1);

    const revoked = await app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie } });
    expect(revoked.json()).toMatchObject({ id, revokedAt: '2026-03-01T08:00:00.000Z' });
    const refused = await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'unauthenticated' });
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer('zgt_made-up') })).statusCode).toBe(401);

    const owner = await createTestCaller(t().database.db, 'owner');
    const all = (await app.inject({ method: 'GET', url: '/api/tokens', headers: owner.headers })).json();
    expect(all.map((x: { username: string }) => x.username)).toEqual(expect.arrayContaining(['wu', stranger.username, owner.username]));
    const audit = (await app.inject({ method: 'GET', url: `/api/audit?entity=api_token&entityId=${id}`, headers: owner.headers })).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['revoke', 'create']);
    expect(audit.items[0]).toMatchObject({ before: { revokedAt: null }, after: { revokedAt: '2026-03-01T08:00:00.000Z' } });
  });

  it('limits a scoped token to its scope within the role, and never beyond the role', async () => {
    // wu is an analyst: customers:read, analytics:read, analytics:write, … (permissions.ts).
    const res = await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'read-only', scopes: ['customers:read', 'analytics:read'] } });
    expect(res.statusCode).toBe(201);
    const { token, scopes } = res.json();
    expect(scopes).toEqual(['customers:read', 'analytics:read']);
    expect((await app.inject({ method: 'GET', url: '/api/customers', headers: bearer(token) })).statusCode).toBe(200);
    // orders:read is in the role but not in the scope.
    const outside = await app.inject({ method: 'GET', url: '/api/orders', headers: bearer(token) });
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'forbidden', details: { permission: 'orders:read', missingScope: 'orders:read' } });
    expect(outside.json().message).toContain('orders:read');
    const me = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).json();
    expect(me.permissions).toEqual(['customers:read', 'analytics:read']);

    // A write route the role allows (analytics:write) but the read-only scope does not.
    // (The permission check runs before the body is read, so an empty body is enough.)
    const refused = await app.inject({ method: 'POST', url: '/api/analytics/goals', headers: bearer(token), payload: {} });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden', details: { missingScope: 'analytics:write' } });

    // A scope cannot widen the role: an analyst has no customers:write.
    const wider = await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'x', scopes: ['customers:write'] } });
    expect(wider.statusCode).toBe(403);
    expect(wider.json()).toMatchObject({ code: 'forbidden', details: { permissions: ['customers:write'] } });
    const unknown = await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'x', scopes: ['everything'] } });
    expect(unknown.json()).toMatchObject({ code: 'validation_failed', details: { unknown: ['everything'] } });
    const stored = await queryRows<{ scopes: unknown }>(t().database.db, sql`select scopes from api_tokens where name = 'read-only'`);
    expect(stored[0]!.scopes).toEqual(['customers:read', 'analytics:read']);
  });

  it('masks personal data for a token whose scope leaves out pii:read, even when the role has it', async () => {
    await createUser(t().database.db, SYSTEM_ACTOR, { username: 'zhou', role: 'operator', password: 'zhou-password-1' });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'zhou', password: 'zhou-password-1' } });
    const operator = { cookie: `zg_session=${login.cookies.find((c) => c.name === 'zg_session')!.value}` };
    const created = await app.inject({ method: 'POST', url: '/api/customers', headers: operator, payload: { name: '周小云', phone: '13812345678' } });
    expect(created.statusCode).toBe(201);
    const tokenFor = async (scopes: string[]) =>
      (await app.inject({ method: 'POST', url: '/api/tokens', headers: operator, payload: { name: scopes.join('+'), scopes } })).json().token as string;
    const phoneSeenBy = async (token: string) =>
      (await app.inject({ method: 'GET', url: `/api/customers/${created.json().id}`, headers: bearer(token) })).json().phone;
    expect(await phoneSeenBy(await tokenFor(['customers:read']))).toBe('138****5678');
    expect(await phoneSeenBy(await tokenFor(['customers:read', 'pii:read']))).toBe('13812345678');
  });
});
