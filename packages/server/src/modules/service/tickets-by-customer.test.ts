import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { createCustomer } from '../customers/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';

// The customer 360 lists a customer's tickets through GET /api/tickets?customerId=.
forEachDriver('tickets of one customer', (t) => {
  let app: FastifyInstance;
  const clock = new Date('2026-11-23T02:00:00Z');
  let headers: Record<string, string> = {};
  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => clock });
    headers = (await createTestCaller(t().database.db, 'service_agent', 'cust-agent')).headers;
  });
  afterAll(async () => app?.close());

  it('filters the ticket list by customer', async () => {
    const c = await createCustomer(t().database.db, t().cipher, SYSTEM_ACTOR, { externalId: 'T1', consentMarketing: false, consentAnalytics: true }, clock);
    const open = (payload: object) => app.inject({ method: 'POST', url: '/api/tickets', headers, payload: { channel: 'api', category: '物流', body: '…', ...payload } });
    expect((await open({ subject: '没收到货', customerId: c.id })).statusCode).toBe(201);
    expect((await open({ subject: '别人的工单' })).statusCode).toBe(201);
    const mine = (await app.inject({ method: 'GET', url: `/api/tickets?customerId=${c.id}`, headers })).json();
    expect(mine).toMatchObject({ total: 1, items: [{ subject: '没收到货', customerId: c.id }] });
    expect((await app.inject({ method: 'GET', url: '/api/tickets', headers })).json().total).toBe(2);
  });
});
