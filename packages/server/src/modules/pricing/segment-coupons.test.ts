import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { customers } from '../customers/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { createSegmentAction, segmentMembers, segments } from '../segments/index.js';
import { getCouponBatch, listCustomerCoupons } from './index.js';

const NOW = new Date('2026-06-10T04:00:00Z');

forEachDriver('segment coupon actions carried out by pricing', (t) => {
  let app: FastifyInstance;
  let operator: Record<string, string>;
  let segmentId = 0;
  const ids: number[] = [];
  const issue = (actionId: number) => app.inject({ method: 'POST', url: `/api/pricing/segment-actions/${actionId}/issue`, headers: operator });
  const status = async (actionId: number) => (await queryRows<{ status: string }>(t().database.db, sql`select status from segment_actions where id = ${actionId}`))[0]!.status;

  beforeAll(async () => {
    const { db } = t().database;
    app = await buildApp({ platform: t(), now: () => NOW });
    operator = (await createTestCaller(db, 'operator')).headers;
    ids.push(...(await db.insert(customers).values(Array.from({ length: 12 }, () => ({}))).returning({ id: customers.id })).map((r) => r.id));
    // A segment whose membership the segments step computed (set up directly: 12 members).
    const [seg] = await db.insert(segments).values({ name: '618 老客', rule: { field: 'channel', in: ['own'] }, computedOn: '2026-06-09', createdBy: 'test' }).returning({ id: segments.id });
    segmentId = seg!.id;
    await db.insert(segmentMembers).values(ids.map((customerId) => ({ segmentId, customerId, since: '2026-06-09' })));
    const batch = await app.inject({ method: 'POST', url: '/api/pricing/coupon-batches', headers: operator,
      payload: { definition: { id: 'seg10', name: '老客回馈10元券', scope: 'order', amount: 1000, threshold: 9900, totalQuantity: 10 } } });
    expect(batch.statusCode).toBe(201);
  });
  afterAll(async () => app?.close());

  it('issues the batch of a segment\'s coupon action to its members once, within the batch\'s total quantity', async () => {
    const { db } = t().database;
    const action = await createSegmentAction(db, SYSTEM_ACTOR, segmentId, { kind: 'coupon', couponCode: 'seg10' });
    expect(action).toMatchObject({ status: 'pending', customers: 12 });
    const res = await issue(action.id);
    expect(res.statusCode).toBe(200);
    // 12 members, no holdout, totalQuantity 10: 10 issued (one each, the default per-customer limit), 2 skipped.
    expect(res.json()).toEqual({ actionId: action.id, batch: 'seg10', customers: 12, issued: 10, heldOut: 0, skipped: 2 });
    expect(await status(action.id)).toBe('done');
    expect(await getCouponBatch(db, 'seg10')).toMatchObject({ issued: 10 });
    // Members are issued in customer order: the first has a coupon, the last none.
    expect(await listCustomerCoupons(db, ids[0]!)).toHaveLength(1);
    expect(await listCustomerCoupons(db, ids[11]!)).toHaveLength(0);
    // Once only.
    const again = await issue(action.id);
    expect(again.statusCode).toBe(409);
    expect(await getCouponBatch(db, 'seg10')).toMatchObject({ issued: 10 });
  });

  it('leaves the action pending when its batch is unknown, and refuses other kinds of action', async () => {
    const { db } = t().database;
    const unknown = await createSegmentAction(db, SYSTEM_ACTOR, segmentId, { kind: 'coupon', couponCode: 'nope' });
    expect((await issue(unknown.id)).statusCode).toBe(404);
    expect(await status(unknown.id)).toBe('pending');
    const tag = await createSegmentAction(db, SYSTEM_ACTOR, segmentId, { kind: 'tag', tag: 'vip618' });
    expect((await issue(tag.id)).statusCode).toBe(409);
    expect((await issue(999_999)).statusCode).toBe(404);
  });
});
