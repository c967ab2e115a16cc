import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { can, ROLES, type Role } from '../modules/identity/index.js';
import { createTestCaller } from '../test-support/auth.js';
import { forEachDriver } from '../test-support/db.js';
import { buildApp } from './app.js';
import { routeRules, type RouteRule } from './auth.js';

/**
 * Walks every route the app registers — including routes added to other modules later — and
 * checks that it refuses a caller without credentials and a caller whose role lacks its permission.
 */

// Routes anyone may call. Adding one here is a decision to review, not a formality.
// `GET /*` is the console's page and files (static-console.ts); /api/* under it answers 404.
const PUBLIC = new Set(['GET /', 'HEAD /', 'GET /*', 'HEAD /*', 'GET /api/health', 'HEAD /api/health', 'POST /api/auth/login', 'POST /api/auth/logout']);
const isDocs = (r: RouteRule) => r.url === '/api/docs' || r.url.startsWith('/api/docs/');

/** A concrete URL for a route pattern: every path parameter becomes 1. */
const concrete = (url: string) => url.replace(/:[A-Za-z0-9_]+/g, '1').replace(/\*$/, 'x');
const label = (r: RouteRule) => `${r.method} ${r.url}`;

forEachDriver('route permissions', (t) => {
  let app: FastifyInstance;
  let rules: readonly RouteRule[];
  const headers = {} as Record<Role, Record<string, string>>;

  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => new Date('2026-05-01T00:00:00Z') });
    await app.ready();
    rules = routeRules(app);
    for (const role of ROLES) headers[role] = (await createTestCaller(t().database.db, role)).headers;
  });
  afterAll(async () => app?.close());

  it('sees the routes of every module', () => {
    const urls = rules.map(label);
    for (const expected of ['GET /api/health', 'POST /api/auth/login', 'GET /api/users', 'GET /api/audit', 'GET /api/customers/:id', 'POST /api/tokens']) {
      expect(urls).toContain(expected);
    }
    expect(rules.length).toBeGreaterThan(20);
  });

  it('keeps the public routes to the reviewed list', () => {
    const open = rules.filter((r) => r.public && !isDocs(r)).map(label).sort();
    expect(open.filter((r) => !PUBLIC.has(r))).toEqual([]);
  });

  it('refuses every non-public route to a caller without credentials', async () => {
    const failures: string[] = [];
    for (const r of rules.filter((x) => !x.public)) {
      const res = await app.inject({ method: r.method as 'GET', url: concrete(r.url), payload: r.method === 'GET' || r.method === 'HEAD' ? undefined : {} });
      const ok = res.statusCode === 401 && (r.method === 'HEAD' || res.json().code === 'unauthenticated');
      if (!ok) failures.push(`${label(r)} → ${res.statusCode} ${res.body.slice(0, 80)}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses every route to a role that lacks its permission', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const r of rules.filter((x) => x.permission && !x.public)) {
      // A permission every role holds has nobody to refuse.
      const role = ROLES.find((x) => !can(x, r.permission!));
      if (!role) continue;
      checked++;
      const res = await app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: headers[role], payload: r.method === 'GET' || r.method === 'HEAD' ? undefined : {} });
      const ok = res.statusCode === 403 && (r.method === 'HEAD' || res.json().code === 'forbidden');
      if (!ok) failures.push(`${label(r)} as ${role} → ${res.statusCode} ${res.body.slice(0, 80)}`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('lets a role holding the permission through the check', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/audit', headers: headers.auditor });
    expect(res.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/users', headers: headers.owner })).statusCode).toBe(200);
  });
});
