import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { ensureOwner } from './first-owner.service.js';

forEachDriver('users', (t) => {
  let app: FastifyInstance;
  const login = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => new Date('2026-03-01T08:00:00Z') });
  });
  afterAll(async () => app?.close());

  it('creates the owner on first start with a one-time password, once', async () => {
    const db = t().database.db;
    await expect(ensureOwner(db, { password: 'short' })).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^ZHANGGUI_OWNER_PASSWORD: /) });
    const first = await ensureOwner(db);
    expect(first).toEqual({ created: true, username: 'owner', password: expect.stringMatching(/^[A-Za-z2-9]{16}$/) });
    expect(await ensureOwner(db)).toEqual({ created: false, username: 'owner' });
    expect(await ensureOwner(db, { password: 'another-password' })).toEqual({ created: false, username: 'owner' });
    const res = await login('owner', first.password!);
    expect(res.json().user).toMatchObject({ username: 'owner', role: 'owner', mustChangePassword: true });
    const [entry] = await queryRows<{ actor_name: string; details: unknown }>(db, sql`select actor_name, details from audit_log where action = 'create' and entity = 'user'`);
    expect(entry).toEqual({ actor_name: 'system', details: { firstStart: true, password: 'generated' } });
  });

  it('lets an owner create, list and change users, with every write audited without password hashes', async () => {
    const owner = await createTestCaller(t().database.db, 'owner', 'boss');
    const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) });

    const created = await call('POST', '/api/users', { username: 'Qian', displayName: '钱', role: 'analyst' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'Qian', displayName: '钱', role: 'analyst', disabled: false, mustChangePassword: true, oneTimePassword: expect.any(String) });
    const id = created.json().id;
    expect((await call('POST', '/api/users', { username: 'qian', role: 'operator' })).json()).toMatchObject({ code: 'conflict', details: { field: 'body.username' } });
    expect((await call('POST', '/api/users', { username: 'has space', role: 'nope' })).json()).toMatchObject({ code: 'validation_failed' });
    const withPassword = await call('POST', '/api/users', { username: 'zhou', role: 'service_agent', password: 'zhou-password-1' });
    expect(withPassword.json()).not.toHaveProperty('oneTimePassword');
    expect((await login('zhou', 'zhou-password-1')).statusCode).toBe(200);

    const list = (await call('GET', '/api/users?limit=2')).json();
    expect(list).toMatchObject({ total: 4, limit: 2, offset: 0 });
    expect(list.items.map((u: { username: string }) => u.username)).toEqual(['owner', 'boss']);

    const patched = await call('PATCH', `/api/users/${id}`, { role: 'operator', displayName: '钱二' });
    expect(patched.json()).toMatchObject({ id, role: 'operator', displayName: '钱二' });
    expect((await call('PATCH', '/api/users/9999', { role: 'operator' })).statusCode).toBe(404);

    const audit = (await app.inject({ method: 'GET', url: `/api/audit?entity=user&entityId=${id}`, headers: owner.headers })).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(audit.items[0]).toMatchObject({ actorName: 'boss', actorType: 'token', before: { role: 'analyst', displayName: '钱' }, after: { role: 'operator', displayName: '钱二' } });
    const everything = JSON.stringify(await queryRows(t().database.db, sql`select * from audit_log`));
    expect(everything).not.toMatch(/scrypt\$|passwordHash|password_hash|zhou-password-1/);
  });

  it('disabling a user ends its sessions and tokens; the last active owner stays', async () => {
    const db = t().database.db;
    const owner = await createTestCaller(db, 'owner', 'boss2');
    const victim = await createTestCaller(db, 'operator');
    const patch = (id: number, payload: object) => app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: owner.headers, payload });
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: victim.headers })).statusCode).toBe(200);
    expect((await patch(victim.userId, { disabled: true })).json()).toMatchObject({ disabled: true });
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: victim.headers })).statusCode).toBe(401);

    // Three owners now (owner, boss, boss2): two may go, the last may not.
    const owners = await queryRows<{ id: number }>(db, sql`select id from users where role = 'owner' order by id`);
    expect((await patch(owners[0]!.id, { disabled: true })).statusCode).toBe(200);
    expect((await patch(owners[1]!.id, { role: 'analyst' })).statusCode).toBe(200);
    const last = await patch(owners[2]!.id, { role: 'operator' });
    expect(last.json()).toMatchObject({ code: 'conflict', details: { field: 'body.role' } });
    expect((await patch(owners[2]!.id, { disabled: true })).json()).toMatchObject({ code: 'conflict', details: { field: 'body.disabled' } });
  });

  it('is for users:manage only', async () => {
    const operator = await createTestCaller(t().database.db, 'operator');
    const res = await app.inject({ method: 'POST', url: '/api/users', headers: operator.headers, payload: { username: 'x1', role: 'owner' } });
    expect(res.json()).toMatchObject({ code: 'forbidden', details: { permission: 'users:manage' } });
  });
});
