import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';

type Headers = Record<string, string>;
interface AuditItem { action: string; actorName: string; entityId: string | null; personalData: boolean; before: unknown; after: unknown; details: { ids?: number[] } }

forEachDriver('customers', (t) => {
  let app: FastifyInstance;
  const as: Record<'operator' | 'analyst' | 'auditor' | 'agent', Headers> = {} as never;
  const ids: number[] = [];
  const call = (headers: Headers, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const auditOf = async (query: string): Promise<AuditItem[]> => (await call(as.auditor, 'GET', `/api/audit?${query}`)).json().items;

  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => new Date('2026-04-01T02:00:00Z') });
    const db = t().database.db;
    as.operator = (await createTestCaller(db, 'operator', 'op')).headers;
    as.analyst = (await createTestCaller(db, 'analyst', 'ana')).headers;
    as.auditor = (await createTestCaller(db, 'auditor', 'aud')).headers;
    as.agent = (await createTestCaller(db, 'service_agent', 'agent')).headers;
    for (const body of [
      { name: '张三丰', phone: '13812345678', email: 'zhang.san@example.com', address: '浙江省杭州市西湖区文三路 100 号', region: '浙江', city: '杭州', consentMarketing: true },
      { name: '李四', phone: '139 0000 1111', email: 'li.si@example.com', region: '广东', city: '深圳' },
      { region: '浙江', externalId: 'crm-3' },
    ]) {
      const res = await call(as.operator, 'POST', '/api/customers', body);
      expect(res.statusCode).toBe(201);
      ids.push(res.json().id);
    }
  });
  afterAll(async () => app?.close());

  it('stores personal data only as ciphertext and keyed hashes', async () => {
    const rows = await queryRows(t().database.db, sql`select * from customers order by id`);
    const raw = JSON.stringify(rows);
    for (const plain of ['张三丰', '13812345678', 'zhang.san@example.com', '文三路', '李四', '139 0000 1111', '13900001111', 'li.si@example.com']) {
      expect(raw).not.toContain(plain);
    }
    expect(rows[0]).toMatchObject({ name_enc: expect.stringMatching(/^v1\./), phone_hash: t().cipher.lookupHash('phone', '13812345678'), region: '浙江' });
    expect(t().cipher.decrypt(rows[0]!.address_enc as string)).toBe('浙江省杭州市西湖区文三路 100 号');
  });

  it('masks personal data for an analyst and shows it to an operator', async () => {
    const masked = (await call(as.analyst, 'GET', `/api/customers/${ids[0]}`)).json();
    expect(masked).toMatchObject({ name: '张**', phone: '138****5678', email: 'z***@example.com', address: '浙江省杭州市********', city: '杭州', masked: true });
    const clear = (await call(as.operator, 'GET', `/api/customers/${ids[0]}`)).json();
    expect(clear).toMatchObject({ name: '张三丰', phone: '13812345678', email: 'zhang.san@example.com', address: '浙江省杭州市西湖区文三路 100 号', masked: false });
    expect((await call(as.agent, 'GET', `/api/customers/${ids[1]}`)).json()).toMatchObject({ phone: '139 0000 1111', masked: false });
    const list = (await call(as.analyst, 'GET', '/api/customers?limit=10')).json();
    expect(list.items.map((c: { phone: string | null }) => c.phone)).toEqual(['138****5678', '139****1111', null]);
  });

  it('audits every unmasked read once per request with the customer ids, and no masked read', async () => {
    const before = (await auditOf('personalData=true&action=read')).length;
    await call(as.analyst, 'GET', '/api/customers');
    expect(await auditOf('personalData=true&action=read')).toHaveLength(before);
    await call(as.operator, 'GET', '/api/customers?region=%E6%B5%99%E6%B1%9F');
    const [entry] = await auditOf('personalData=true&action=read&actor=op');
    // Customer 3 has no personal data at all, so it is not named; a single customer is also the entity.
    expect(entry).toMatchObject({ entityId: String(ids[0]), details: { ids: [ids[0]] } });
    await call(as.operator, 'GET', '/api/customers');
    expect((await auditOf('personalData=true&action=read&actor=op'))[0]).toMatchObject({ entityId: null, details: { ids: [ids[0], ids[1]] } });
    expect(JSON.stringify(entry)).not.toMatch(/张三丰|13812345678/);
  });

  it('finds a customer by exact phone or email through the keyed hash, and filters by consent', async () => {
    const find = async (query: string) => (await call(as.operator, 'GET', `/api/customers?${query}`)).json().items.map((c: { id: number }) => c.id);
    expect(await find('q=13900001111')).toEqual([ids[1]]);
    expect(await find('q=138%201234%205678')).toEqual([ids[0]]);
    expect(await find('q=ZHANG.SAN%40example.com')).toEqual([ids[0]]);
    expect(await find('q=zhang')).toEqual([]);
    expect(await find('consentMarketing=true')).toEqual([ids[0]]);
    expect(await find('consentMarketing=false&region=%E6%B5%99%E6%B1%9F')).toEqual([ids[2]]);
    expect((await call(as.operator, 'GET', '/api/customers?consentMarketing=yes')).json()).toMatchObject({ code: 'validation_failed' });
    const [entry] = await auditOf('personalData=true&action=read&actor=op');
    expect(JSON.stringify(entry)).not.toContain('example.com');
  });

  it('updates with a masked before/after in the audit log and stamps consent changes', async () => {
    const res = await call(as.operator, 'PATCH', `/api/customers/${ids[1]}`, { phone: '13700002222', address: null, consentMarketing: true });
    expect(res.json()).toMatchObject({ phone: '13700002222', consentMarketing: true, consentUpdatedAt: '2026-04-01T02:00:00.000Z' });
    expect((await call(as.operator, 'GET', '/api/customers?q=13900001111')).json().total).toBe(0);
    expect((await call(as.operator, 'GET', '/api/customers?q=13700002222')).json().total).toBe(1);
    const [update] = await auditOf(`entity=customer&entityId=${ids[1]}&action=update`);
    expect(update).toMatchObject({ actorName: 'op', personalData: true, before: { phone: '139****1111', consentMarketing: false }, after: { phone: '137****2222', consentMarketing: true } });
    expect((await auditOf(`entity=customer&entityId=${ids[0]}&action=create`))[0]).toMatchObject({ after: { name: '张**', email: 'z***@example.com' } });
    expect((await call(as.operator, 'PATCH', '/api/customers/99999', { city: '宁波' })).statusCode).toBe(404);
    expect((await call(as.operator, 'POST', '/api/customers', { externalId: 'crm-3' })).json()).toMatchObject({ code: 'conflict', details: { field: 'body.externalId' } });
    expect((await call(as.operator, 'POST', '/api/customers', { email: 'not-an-email' })).json()).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('body.email') });
    expect((await call(as.analyst, 'PATCH', `/api/customers/${ids[1]}`, { city: '宁波' })).statusCode).toBe(403);
  });

  it('exports CSV, masked as the role requires, and audits every export', async () => {
    const masked = await call(as.analyst, 'GET', '/api/customers/export?region=%E6%B5%99%E6%B1%9F');
    expect(masked.statusCode).toBe(200);
    expect(masked.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = masked.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,source,externalId,name,phone,email,address,region,city,gender,birthYear,registeredAt,consentMarketing,consentAnalytics,consentUpdatedAt,erasedAt,createdAt');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',张**,138****5678,z***@example.com,浙江省杭州市********,浙江,杭州,');
    const clear = (await call(as.operator, 'GET', '/api/customers/export')).body;
    expect(clear).toContain(',张三丰,13812345678,zhang.san@example.com,');
    const exports = await auditOf('action=export&personalData=true');
    expect(exports.map((e) => [e.actorName, e.details.ids])).toEqual([['op', ids], ['ana', [ids[0], ids[2]]]]);
  });

  it('lets an auditor read the audit log and refuses an analyst', async () => {
    expect((await call(as.auditor, 'GET', '/api/audit?limit=1')).json()).toMatchObject({ limit: 1, offset: 0, items: [expect.any(Object)] });
    expect((await call(as.analyst, 'GET', '/api/audit')).json()).toMatchObject({ code: 'forbidden', details: { permission: 'audit:read' } });
    const window = await call(as.auditor, 'GET', `/api/audit?from=${encodeURIComponent('2099-01-01T00:00:00+08:00')}`);
    expect(window.json()).toMatchObject({ total: 0, items: [] });
    expect((await call(as.auditor, 'GET', '/api/audit?from=yesterday')).json()).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('querystring.from') });
  });
});
