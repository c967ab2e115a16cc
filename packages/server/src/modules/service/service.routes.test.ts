import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { queryRows } from '../../db/client.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';

type Headers = Record<string, string>;

forEachDriver('service routes', (t) => {
  let app: FastifyInstance;
  let clock = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 CST
  const as: Record<'agent' | 'analyst', Headers> = {} as never;
  let agentId = 0;
  const call = (headers: Headers, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => clock });
    const agent = await createTestCaller(t().database.db, 'service_agent', 'desk-agent');
    as.agent = agent.headers;
    agentId = agent.userId;
    as.analyst = (await createTestCaller(t().database.db, 'analyst', 'desk-analyst')).headers;
  });
  afterAll(async () => app?.close());

  it('takes a ticket through its life over HTTP', async () => {
    expect((await call(as.agent, 'PUT', `/api/service/agents/${agentId}`, { skills: ['物流'] })).json()).toMatchObject({ userId: agentId, active: true });
    const created = await call(as.agent, 'POST', '/api/tickets', { channel: 'order_page', category: '物流', subject: '没收到货', body: '显示签收了', priority: 'high' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    // Default policy high/standard: 60 minutes in 09:00–22:00 every day → 11:00 CST.
    expect(created.json()).toMatchObject({ status: 'open', assigneeId: agentId, sla: { firstResponse: { dueAt: '2026-11-23T03:00:00.000Z', state: 'running' } } });
    expect((await call(as.analyst, 'POST', `/api/tickets/${id}/replies`, { body: 'x' })).json()).toMatchObject({ code: 'forbidden' });
    clock = new Date('2026-11-23T02:20:00Z');
    await call(as.agent, 'POST', `/api/tickets/${id}/notes`, { body: '查物流单号' });
    const replied = (await call(as.agent, 'POST', `/api/tickets/${id}/replies`, { body: '已联系快递' })).json();
    expect(replied.sla.firstResponse).toMatchObject({ state: 'met', elapsedMinutes: 20 });
    expect((await call(as.agent, 'POST', `/api/tickets/${id}/rating`, { rating: 5 })).json()).toMatchObject({ code: 'conflict' });
    await call(as.agent, 'POST', `/api/tickets/${id}/status`, { status: 'resolved' });
    expect((await call(as.agent, 'POST', `/api/tickets/${id}/rating`, { rating: 4, comment: '满意' })).json()).toMatchObject({ rating: 4, status: 'resolved' });
    const full = (await call(as.analyst, 'GET', `/api/tickets/${id}`)).json();
    expect(full.events.map((e: { kind: string }) => e.kind)).toEqual(['assign', 'note', 'reply', 'status', 'csat']);
  });

  it('imports an e-mail once, by its Message-ID', async () => {
    const raw = 'From: Li <li@example.com>\nSubject: Invoice please\nMessage-ID: <abc@mail>\n\nPlease send the invoice.';
    const first = await call(as.agent, 'POST', '/api/tickets/import', { format: 'email', raw, category: '发票' });
    expect(first.json()).toMatchObject({ channel: 'email', source: 'email-import', externalId: '<abc@mail>', subject: 'Invoice please' });
    expect((await call(as.agent, 'POST', '/api/tickets/import', { format: 'email', raw })).json()).toMatchObject({ code: 'conflict' });
  });

  it('classifies reviews, reports topic trends, NPS and metrics', async () => {
    const db = t().database.db;
    await db.execute(sql`insert into products (name) values ('被套')`);
    const [p] = await queryRows<{ id: number }>(db, sql`select id from products order by id desc limit 1`);
    await db.execute(sql`insert into skus (product_id, code, name, price) values (${p!.id}, 'SKU-DESK-1', '被套 1.8m', 19900)`);
    const [s] = await queryRows<{ id: number }>(db, sql`select id from skus where code = 'SKU-DESK-1'`);
    await db.execute(sql`insert into reviews (sku_id, rating, body, created_at) values (${s!.id}, 1, '质量太差了，洗了一次就起球', '2026-11-18T02:00:00Z'), (${s!.id}, 5, '物流很快，第二天就到了', '2026-11-19T02:00:00Z'),
      (${s!.id}, 5, '质量很好，好评返现五元', '2026-11-19T03:00:00Z')`);
    expect((await call(as.agent, 'POST', '/api/service/reviews/classify')).json()).toEqual({ classified: 3 });
    // The incentivised review (好评返现) is blocked by moderation and left out of the trends below.
    const [blocked] = await queryRows<{ action: string }>(db, sql`select action from moderation_decisions where subject like 'review:%'`);
    expect(blocked).toEqual({ action: 'block' });
    const trends = (await call(as.analyst, 'GET', `/api/service/reviews/trends?from=2026-11-16&to=2026-11-22&productId=${p!.id}`)).json();
    expect(trends).toEqual([
      { productId: Number(p!.id), week: '2026-11-16', topic: 'logistics', reviews: 1, negative: 0, avgRating: 5 },
      { productId: Number(p!.id), week: '2026-11-16', topic: 'quality', reviews: 1, negative: 1, avgRating: 1 },
    ]);
    for (const score of [10, 9, 7, 3]) expect((await call(as.agent, 'POST', '/api/service/nps', { score })).statusCode).toBe(201);
    const m = (await call(as.analyst, 'GET', '/api/service/metrics?from=2026-11-23&to=2026-11-23')).json();
    // NPS: 2 promoters, 1 detractor of 4 → (2 − 1) / 4 = 25.0. CSAT: one rating of 4 → 1.
    expect(m).toMatchObject({ tickets: 2, csat: 1, nps: 25, npsResponses: 4, firstResponseSlaHitRate: 1 });
  });
});
