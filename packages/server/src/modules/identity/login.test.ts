import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { forEachDriver } from '../../test-support/db.js';
import { SYSTEM_ACTOR } from './actor.js';
import { createUser } from './users.service.js';

forEachDriver('console login', (t) => {
  let app: FastifyInstance;
  let clock = new Date('2026-03-01T08:00:00Z');
  const advance = (minutes: number) => { clock = new Date(clock.getTime() + minutes * 60_000); };
  const login = (username: string, password: string, ip = '10.0.0.1', headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers: { 'x-forwarded-for': ip, ...headers } });
  const cookieOf = (res: { cookies: { name: string; value: string }[] }) => `zg_session=${res.cookies.find((c) => c.name === 'zg_session')!.value}`;
  const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => clock, trustProxy: true }); // the tests play clients at several addresses
    for (const username of ['zhang', 'li', 'wang', 'zhao']) {
      await createUser(t().database.db, SYSTEM_ACTOR, { username, role: 'operator', password: `${username}-password-1` });
    }
  });
  afterAll(async () => app?.close());

  it('sets an httpOnly, SameSite=Strict session cookie that /api/auth/me accepts', async () => {
    const res = await login('Zhang', 'zhang-password-1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { username: 'zhang', role: 'operator', mustChangePassword: false }, expiresAt: '2026-03-01T20:00:00.000Z' });
    const cookie = res.cookies.find((c) => c.name === 'zg_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeUndefined();
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly/);
    const who = await me(cookieOf(res));
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ username: 'zhang', role: 'operator', via: 'session', mustChangePassword: false });
    expect(who.json().permissions).toContain('pii:read');
    // Only the hash of the session secret is stored.
    const rows = await queryRows<{ token_hash: string }>(t().database.db, sql`select token_hash from sessions`);
    expect(rows.map((r) => r.token_hash)).not.toContain(cookie.value);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const res = await login('zhang', 'zhang-password-1', '10.0.0.1', { 'x-forwarded-proto': 'https' });
    expect(res.cookies.find((c) => c.name === 'zg_session')!.secure).toBe(true);
  });

  it('refuses a wrong password and an unknown user alike, and audits both without the password', async () => {
    for (const [u, p] of [['zhang', 'not-the-password'], ['nobody', 'whatever-password']] as const) {
      const res = await login(u, p, '10.0.0.2');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ code: 'invalid_credentials', message: 'Wrong username or password' });
      expect(res.cookies).toEqual([]);
    }
    const log = await queryRows<{ action: string; actor_name: string; details: unknown; ip: string }>(t().database.db,
      sql`select action, actor_name, details, ip from audit_log where entity = 'session' and ip = '10.0.0.2' order by id`);
    expect(log).toEqual([
      { action: 'login_failed', actor_name: 'zhang', details: { reason: 'wrong_password' }, ip: '10.0.0.2' },
      { action: 'login_failed', actor_name: 'nobody', details: { reason: 'unknown_user' }, ip: '10.0.0.2' },
    ]);
    const all = JSON.stringify(await queryRows(t().database.db, sql`select * from audit_log`));
    expect(all).not.toMatch(/not-the-password|zhang-password-1|scrypt\$/);
  });

  it('limits failures per username: the 6th attempt in 15 minutes is refused, even with the right password', async () => {
    for (let i = 1; i <= 5; i++) expect((await login('li', `wrong-${i}`, `10.1.0.${i}`)).statusCode).toBe(401);
    const limited = await login('li', 'li-password-1', '10.1.0.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 900, limit: 5, windowMinutes: 15 } });
    expect(limited.headers['retry-after']).toBe('900');
    advance(16);
    expect((await login('li', 'li-password-1', '10.1.0.9')).statusCode).toBe(200);
  });

  it('limits failures per address across usernames, and a success does not clear them', async () => {
    for (const u of ['a1', 'a2', 'a3', 'a4']) expect((await login(u, 'wrong-password', '10.2.0.1')).statusCode).toBe(401);
    expect((await login('wang', 'wang-password-1', '10.2.0.1')).statusCode).toBe(200);
    expect((await login('a5', 'wrong-password', '10.2.0.1')).statusCode).toBe(401);
    expect((await login('zhao', 'zhao-password-1', '10.2.0.1')).json()).toMatchObject({ code: 'rate_limited' });
    expect((await login('zhao', 'zhao-password-1', '10.2.0.2')).statusCode).toBe(200);
    advance(16);
  });

  it('forgives a username the failures of an address that then signed in, but not those of other addresses', async () => {
    for (let i = 0; i < 4; i++) expect((await login('zhao', 'wrong-password', '10.3.0.1')).statusCode).toBe(401);
    expect((await login('zhao', 'zhao-password-1', '10.3.0.2')).statusCode).toBe(200);
    // 10.3.0.2's success leaves 10.3.0.1's four failures standing: one more failure, then the limit.
    expect((await login('zhao', 'wrong-password', '10.3.0.3')).statusCode).toBe(401);
    expect((await login('zhao', 'zhao-password-1', '10.3.0.2')).statusCode).toBe(429);
    advance(16);
    for (let i = 0; i < 4; i++) expect((await login('zhao', 'wrong-password', '10.3.1.1')).statusCode).toBe(401);
    expect((await login('zhao', 'zhao-password-1', '10.3.1.1')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login('zhao', 'wrong-password', `10.3.2.${i}`)).statusCode).toBe(401);
    advance(16);
  });

  it('holds the limit under concurrent guesses', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => login('wang', `guess-${i}`, `10.4.0.${i}`)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(7);
    advance(16);
  });

  it('ends the session on logout and when it expires', async () => {
    const a = cookieOf(await login('wang', 'wang-password-1'));
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: a } });
    expect(out.statusCode).toBe(200);
    expect(out.cookies.find((c) => c.name === 'zg_session')).toMatchObject({ value: '' });
    expect((await me(a)).json()).toMatchObject({ code: 'unauthenticated' });

    // Used every 25 minutes (within the 30-minute idle timeout), it lasts 12 hours from sign-in.
    const b = cookieOf(await login('wang', 'wang-password-1'));
    for (let m = 0; m < 700; m += 25) { advance(25); expect((await me(b)).statusCode).toBe(200); }
    advance(19); // 12 h − 1 min after sign-in
    expect((await me(b)).statusCode).toBe(200);
    advance(2);
    expect((await me(b)).statusCode).toBe(401);
  });

  it('ends a session after 30 idle minutes, counted from its last request', async () => {
    const c = cookieOf(await login('zhao', 'zhao-password-1'));
    advance(29);
    expect((await me(c)).statusCode).toBe(200); // 29 min idle: alive, and the clock restarts here
    advance(29);
    expect((await me(c)).statusCode).toBe(200); // 58 min after sign-in but only 29 idle
    const [row] = await queryRows<{ idle_min: number }>(t().database.db, sql`select extract(epoch from expires_at - last_seen_at)::int / 60 as idle_min from sessions order by id desc limit 1`);
    expect(Number(row!.idle_min)).toBe(12 * 60 - 58); // last_seen_at recorded at the second request
    advance(30);
    const idle = await me(c);
    expect(idle.statusCode).toBe(401);
    expect(idle.json()).toMatchObject({ code: 'unauthenticated' });

    // Configurable: with a 10-minute idle timeout, 11 quiet minutes end it; 0 turns the idle timeout off.
    const short = await buildApp({ platform: t(), now: () => clock, trustProxy: true, sessionIdleMs: 10 * 60_000 });
    const off = await buildApp({ platform: t(), now: () => clock, trustProxy: true, sessionIdleMs: 0 });
    try {
      const d = cookieOf(await login('zhao', 'zhao-password-1', '10.9.0.1'));
      advance(11);
      expect((await short.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: d } })).statusCode).toBe(401);
      expect((await off.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: d } })).statusCode).toBe(200);
      advance(5 * 60);
      expect((await off.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: d } })).statusCode).toBe(200);
    } finally {
      await short.close();
      await off.close();
    }
  });

  it('makes a one-time password be changed before anything else, and a change ends the other sessions', async () => {
    const created = await createUser(t().database.db, SYSTEM_ACTOR, { username: 'sun', role: 'analyst' });
    const first = await login('sun', created.oneTimePassword!);
    expect(first.json().user.mustChangePassword).toBe(true);
    const cookie = cookieOf(first);
    const other = cookieOf(await login('sun', created.oneTimePassword!, '10.5.0.2'));
    expect((await app.inject({ method: 'GET', url: '/api/customers', headers: { cookie } })).json()).toMatchObject({ code: 'password_change_required' });
    expect((await me(cookie)).json()).toMatchObject({ mustChangePassword: true });

    const change = (currentPassword: string, newPassword: string) =>
      app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword, newPassword } });
    expect((await change('wrong-current', 'sun-new-password')).json()).toMatchObject({ code: 'invalid_credentials', details: { field: 'body.currentPassword' } });
    expect((await change(created.oneTimePassword!, 'short')).json()).toMatchObject({ code: 'validation_failed' });
    expect((await change(created.oneTimePassword!, 'sun-new-password')).statusCode).toBe(200);

    expect((await app.inject({ method: 'GET', url: '/api/customers', headers: { cookie } })).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    expect((await login('sun', created.oneTimePassword!, '10.5.0.3')).statusCode).toBe(401);
    expect((await login('sun', 'sun-new-password', '10.5.0.3')).statusCode).toBe(200);
  });
});
