import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { queryRows } from '../../db/client.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { reviews } from '../service/service.tables.js';

type Headers = Record<string, string>;

// Terms come from DEFAULT_MODERATION_LIST (packages/algorithms/src/text/moderation-list.ts):
// 仿真枪 / 刷单 / 好评返现 are `block` rules, 最好 (absolute claim, 广告法 第9条) and 加微信 are `review` rules.
forEachDriver('moderation guards product titles and reviews', (t) => {
  let app: FastifyInstance;
  let op: Headers;
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => app.inject({ method, url, headers: op, ...(payload ? { payload } : {}) });
  const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number | string }>(t().database.db, q))[0]!.n);
  const decisions = (subject: string) => queryRows<{ action: string }>(t().database.db, sql`select action from moderation_decisions where subject = ${subject} order by id`);

  beforeAll(async () => {
    app = await buildApp({ platform: t(), now: () => new Date('2026-04-01T02:00:00Z') });
    op = (await createTestCaller(t().database.db, 'owner', 'mod-owner')).headers;
  });
  afterAll(async () => app?.close());

  it('refuses a blocked title on create, including a spaced full-width variant, and writes nothing', async () => {
    const before = { products: await count(sql`select count(*) as n from products`), skus: await count(sql`select count(*) as n from skus`),
      decisions: await count(sql`select count(*) as n from moderation_decisions`) };
    const res = await call('POST', '/api/products', { name: '儿童 仿真枪 玩具', skus: [{ code: 'GUN-1', name: 'x', price: 100 }] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'content_blocked', details: { field: 'name', term: '仿真枪' } });
    expect(res.json().message).toContain('仿真枪');
    // The Chinese term spaced out with a full-width space and full-width punctuation around it.
    const obfuscated = await call('POST', '/api/products', { name: '专业 刷　单，服务', skus: [{ code: 'GUN-2', name: 'x', price: 100 }] });
    expect(obfuscated.json()).toMatchObject({ code: 'content_blocked', details: { field: 'name', term: '刷单' } });
    const fullWidth = await call('POST', '/api/products', { name: 'ＣＡＳＨ ＦＯＲ ＲＥＶＩＥＷ mug', skus: [{ code: 'GUN-3', name: 'x', price: 100 }] });
    expect(fullWidth.json()).toMatchObject({ code: 'content_blocked', details: { field: 'name', term: 'cashforreview' } });
    expect(await count(sql`select count(*) as n from products`)).toBe(before.products);
    expect(await count(sql`select count(*) as n from skus`)).toBe(before.skus);
    expect(await count(sql`select count(*) as n from moderation_decisions`)).toBe(before.decisions);
  });

  it('saves a title to review and queues a decision; a blocked rename changes nothing', async () => {
    const created = await call('POST', '/api/products', { name: '全网最好的龙井', skus: [{ code: 'LJ-MOD', name: '50g', price: 9_900 }] });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    expect(await decisions(`product:${id}`)).toEqual([{ action: 'review' }]);
    const renamed = await call('PATCH', `/api/products/${id}`, { name: '龙井 好 评 返 现' });
    expect(renamed.json()).toMatchObject({ code: 'content_blocked', details: { field: 'name', term: '好评返现' } });
    expect((await call('GET', `/api/products/${id}`)).json()).toMatchObject({ name: '全网最好的龙井' });
    expect(await decisions(`product:${id}`)).toEqual([{ action: 'review' }]);
    // A clean rename is saved and adds no decision.
    expect((await call('PATCH', `/api/products/${id}`, { name: '西湖龙井 50g' })).json()).toMatchObject({ name: '西湖龙井 50g' });
    expect(await decisions(`product:${id}`)).toEqual([{ action: 'review' }]);
  });

  it('records imported reviews as blocked or flagged when they are classified', async () => {
    const product = (await call('GET', '/api/products?q=LJ-MOD')).json().items[0];
    const sku = (await call('GET', `/api/products/${product.id}`)).json().skus[0];
    const rows = await t().database.db.insert(reviews).values([
      { skuId: sku.id, rating: 5, body: '五 星 返 现，亲们快来', source: 'import', externalId: 'mod-1' },
      { skuId: sku.id, rating: 4, body: '不错，有问题加微信聊', source: 'import', externalId: 'mod-2' },
      { skuId: sku.id, rating: 5, body: '茶叶很香，物流很快', source: 'import', externalId: 'mod-3' },
    ]).returning({ id: reviews.id });
    expect((await call('POST', '/api/service/reviews/classify')).json().classified).toBeGreaterThanOrEqual(3);
    expect(await decisions(`review:${rows[0]!.id}`)).toEqual([{ action: 'block' }]);
    expect(await decisions(`review:${rows[1]!.id}`)).toEqual([{ action: 'review' }]);
    expect(await decisions(`review:${rows[2]!.id}`)).toEqual([]);
    // Classified once: a second pass records nothing more.
    await call('POST', '/api/service/reviews/classify');
    expect(await decisions(`review:${rows[0]!.id}`)).toEqual([{ action: 'block' }]);
  });
});
