import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { listAudit } from '../identity/index.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';

forEachDriver('store settings API', (t) => {
  let app: FastifyInstance;
  let analyst: Record<string, string>;
  let operator: Record<string, string>;
  beforeAll(async () => {
    app = await buildApp({ platform: t() });
    analyst = (await createTestCaller(t().database.db, 'analyst')).headers;
    operator = (await createTestCaller(t().database.db, 'operator')).headers;
  });
  afterAll(async () => app?.close());

  it('reads the settings and changes them with an audit entry', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/store', headers: analyst })).json()).toEqual({ name: '我的店铺', currency: 'CNY', timeZone: 'Asia/Shanghai' });
    const res = await app.inject({ method: 'PATCH', url: '/api/store', headers: operator, payload: { name: '掌柜家居旗舰店', timeZone: 'Asia/Hong_Kong' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: '掌柜家居旗舰店', currency: 'CNY', timeZone: 'Asia/Hong_Kong' });
    const audit = await listAudit(t().database.db, { entity: 'store_settings', limit: 10, offset: 0 });
    expect(audit.items[0]).toMatchObject({ action: 'update', before: { name: '我的店铺', timeZone: 'Asia/Shanghai' }, after: { name: '掌柜家居旗舰店', timeZone: 'Asia/Hong_Kong' } });
  });

  it('names the bad field and changes nothing', async () => {
    const bad = await app.inject({ method: 'PATCH', url: '/api/store', headers: operator, payload: { timeZone: 'Mars/Olympus' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', message: "timeZone: 'Mars/Olympus' is not an IANA time zone" });
    const cur = await app.inject({ method: 'PATCH', url: '/api/store', headers: operator, payload: { currency: 'rmb' } });
    expect(cur.json().message).toMatch(/body\.currency/);
    expect((await app.inject({ method: 'GET', url: '/api/store', headers: analyst })).json().timeZone).toBe('Asia/Hong_Kong');
  });
});
