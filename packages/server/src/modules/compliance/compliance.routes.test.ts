import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';

type Headers = Record<string, string>;

forEachDriver('compliance routes', (t) => {
  let app: FastifyInstance;
  const as: Record<'owner' | 'operator' | 'auditor' | 'agent', Headers> = {} as never;
  const call = (headers: Headers, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => new Date('2026-04-01T02:00:00Z') });
    const db = t().database.db;
    as.owner = (await createTestCaller(db, 'owner', 'own')).headers;
    as.operator = (await createTestCaller(db, 'operator', 'op')).headers;
    as.auditor = (await createTestCaller(db, 'auditor', 'aud')).headers;
    as.agent = (await createTestCaller(db, 'service_agent', 'agent')).headers;
  });
  afterAll(async () => app?.close());

  it('serves the data catalogue as JSON and CSV', async () => {
    const res = await call(as.auditor, 'GET', '/api/compliance/catalogue');
    expect(res.statusCode).toBe(200);
    expect(res.json().columns).toContainEqual(expect.objectContaining({ table: 'customers', column: 'address_enc', classification: 'sensitive_personal', grade: 4, crossBorder: 'restricted' }));
    expect(res.json().dataLocation).toBe('CN');
    const csv = await call(as.auditor, 'GET', '/api/compliance/catalogue.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('customers,phone_enc,text,true,personal,3,annotation');
    expect(csv.headers['x-data-location']).toBe('CN');
  });

  it('lets only the owner run data-subject requests, and audits them', async () => {
    const created = (await call(as.operator, 'POST', '/api/customers', { name: '王五', phone: '13611112222' })).json();
    expect((await call(as.operator, 'POST', `/api/compliance/subjects/${created.id}/erasure`)).json()).toMatchObject({ code: 'forbidden' });
    const access = await call(as.owner, 'POST', `/api/compliance/subjects/${created.id}/access`);
    expect(access.json().profile).toMatchObject({ name: '王五', phone: '13611112222' });
    const erased = await call(as.owner, 'POST', `/api/compliance/subjects/${created.id}/erasure`);
    expect(erased.json()).toMatchObject({ customerId: created.id, rows: { customers: 1 } });
    expect((await call(as.operator, 'GET', `/api/customers/${created.id}`)).json()).toMatchObject({ name: null, phone: null, erasedAt: '2026-04-01T02:00:00.000Z' });
    const log = (await call(as.auditor, 'GET', '/api/audit?limit=5')).json().items.map((i: { action: string }) => i.action);
    expect(log.slice(0, 2)).toEqual(['subject_erasure', 'subject_access']);
    expect((await call(as.owner, 'POST', '/api/compliance/subjects/999999/erasure')).json()).toMatchObject({ code: 'not_found' });
  });

  it('checks content, records the decision and takes an override with a reason', async () => {
    const check = await call(as.agent, 'POST', '/api/compliance/moderation/check', { kind: 'review', text: '好 评 返 现，加ｖｘ', subject: 'review:1' });
    expect(check.json()).toMatchObject({ action: 'block', severity: 'high', subject: 'review:1', overrideAction: null });
    const id = check.json().id;
    expect((await call(as.agent, 'POST', `/api/compliance/moderation/decisions/${id}/override`, { action: 'review', reason: 'x' })).json()).toMatchObject({ code: 'validation_failed' });
    const over = await call(as.agent, 'POST', `/api/compliance/moderation/decisions/${id}/override`, { action: 'review', reason: 'quoted by the customer, not an offer' });
    expect(over.json()).toMatchObject({ action: 'block', overrideAction: 'review', overrideReason: 'quoted by the customer, not an offer' });
    expect((await call(as.agent, 'GET', '/api/compliance/moderation/decisions')).json()[0]).toMatchObject({ id, overrideAction: 'review' });
  });

  it('sets retention policies and verifies the audit chain over HTTP', async () => {
    const put = await call(as.owner, 'PUT', '/api/compliance/retention/closed_ticket_text', { days: 365, enabled: true });
    expect(put.json()).toContainEqual(expect.objectContaining({ key: 'closed_ticket_text', days: 365, enabled: true }));
    const chain = await call(as.auditor, 'GET', '/api/compliance/audit-chain');
    expect(chain.json()).toMatchObject({ ok: true, problems: [] });
    expect(chain.json().rows).toBeGreaterThan(3);
  });
});
