import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { customers } from '../customers/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { pointsBalance } from '../loyalty/index.js';
import { createChannel, orders, refunds } from '../orders/index.js';
import { listCustomerCoupons, listReferrals, recordReferral, referralRewardsStep } from './index.js';

const NOW = new Date('2026-06-01T00:00:00Z');

forEachDriver('referrals (老带新)', (t) => {
  let app: FastifyInstance;
  let operator: Record<string, string>;
  let analyst: Record<string, string>;
  let channelId = 0;
  /** c[0] is the inviter; c[1..] invitees. c[0] and c[5] share a phone hash, as do c[7] and c[8]. */
  const c: number[] = [];
  let nextOrder = 1;
  const post = (url: string, payload: unknown, headers = operator) => app.inject({ method: 'POST', url: `/api${url}`, headers, payload: payload as object });
  const step = (asOf: string) => t().database.db.transaction((tx) => referralRewardsStep.run({ tx, database: t().database, asOf, timeZone: 'Asia/Shanghai', progress: () => {} }));

  async function paidOrder(customerId: number, paidAt: string, status = 'paid') {
    const [o] = await t().database.db.insert(orders).values({
      externalId: `ref-${nextOrder++}`, channelId, customerId, status, currency: 'CNY', placedAt: new Date(paidAt), paidAt: new Date(paidAt),
      itemsAmount: 10_000, payableAmount: 10_000,
    }).returning({ id: orders.id });
    return o!.id;
  }

  beforeAll(async () => {
    const { db } = t().database;
    app = await buildApp({ platform: t(), now: () => NOW });
    operator = (await createTestCaller(db, 'operator')).headers;
    analyst = (await createTestCaller(db, 'analyst')).headers;
    channelId = (await createChannel(db, SYSTEM_ACTOR, { code: 'ref', name: '小程序', kind: 'mini_program' })).id;
    const phones = ['p-a', 'p-1', 'p-2', null, null, 'p-a', null, 'p-7', 'p-7', null];
    const rows = await db.insert(customers).values(phones.map((phoneHash) => ({ phoneHash }))).returning({ id: customers.id });
    c.push(...rows.map((r) => r.id));
    await post('/pricing/coupon-batches', { definition: { id: 'invite20', name: '邀请有礼20元券', scope: 'order', amount: 2000, threshold: 10000 } });
  });
  afterAll(async () => app?.close());

  it('records referrals, refusing self-referral, a second referral of the same invitee and the wrong role', async () => {
    const res = await post('/pricing/referrals', { inviterId: c[0], inviteeId: c[1], inviterDevice: 'dev-A', inviteeDevice: 'dev-1', reward: { kind: 'points', points: 500 } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ inviterId: c[0], inviteeId: c[1], status: 'pending', reason: null, windowDays: 7, reward: { kind: 'points', points: 500 } });
    expect((await post('/pricing/referrals', { inviterId: c[2], inviteeId: c[2], reward: { kind: 'points', points: 1 } })).statusCode).toBe(400);
    const again = await post('/pricing/referrals', { inviterId: c[2], inviteeId: c[1], reward: { kind: 'points', points: 1 } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
    expect((await post('/pricing/referrals', { inviterId: c[0], inviteeId: c[9], reward: { kind: 'points', points: 1 } }, analyst)).statusCode).toBe(403);
    expect((await post('/pricing/referrals', { inviterId: c[0], inviteeId: c[9], reward: { kind: 'coupon', batch: 'nope' } })).statusCode).toBe(404);
  });

  it('keeps the same device or phone as rejected (abuse guards)', async () => {
    const { db } = t().database;
    const r = (inviteeId: number, inviteeDevice?: string, inviterId = c[0]!) => recordReferral(db, SYSTEM_ACTOR, {
      inviterId, inviteeId, inviterDevice: 'dev-A', ...(inviteeDevice ? { inviteeDevice } : {}), reward: { kind: 'points', points: 500 },
    }, NOW);
    expect(await r(c[3]!, 'dev-A')).toMatchObject({ status: 'rejected', reason: 'same_device_as_inviter' });
    // c[5] has the inviter's phone hash (set up above).
    expect(await r(c[5]!, 'dev-5')).toMatchObject({ status: 'rejected', reason: 'same_phone_as_inviter' });
    // dev-1 was the first invitee's device.
    expect(await r(c[4]!, 'dev-1')).toMatchObject({ status: 'rejected', reason: 'device_used_before' });
    // c[7] and c[8] share a phone: the second invitee on it is rejected.
    expect(await r(c[7]!, 'dev-7', c[6]!)).toMatchObject({ status: 'pending' });
    expect(await r(c[8]!, 'dev-8', c[6]!)).toMatchObject({ status: 'rejected', reason: 'phone_used_before' });
  });

  it('rewards the inviter once the first paid order passes its 7-day window unrefunded, once; a refund within the window rejects', async () => {
    const { db } = t().database;
    // c[1]'s first order paid 2026-06-01 10:00 Shanghai (02:00Z): the window ends 2026-06-08 02:00Z.
    const first = await paidOrder(c[1]!, '2026-06-01T02:00:00Z');
    await paidOrder(c[1]!, '2026-06-02T02:00:00Z');
    // c[2] (coupon reward): its first order is refunded on day 3, inside the window.
    await recordReferral(db, SYSTEM_ACTOR, { inviterId: c[9]!, inviteeId: c[2]!, inviteeDevice: 'dev-2', reward: { kind: 'coupon', batch: 'invite20' } }, NOW);
    const refunded = await paidOrder(c[2]!, '2026-06-01T03:00:00Z');
    await db.insert(refunds).values({ externalId: 'rf-1', orderId: refunded, customerId: c[2]!, channelId, amount: 10_000, refundedAt: new Date('2026-06-03T03:00:00Z') });
    // c[7] (inviter c[6]) has no order: stays pending throughout.

    // As of 2026-06-07 (cutoff 2026-06-08 00:00 Shanghai = 06-07 16:00Z): c[1]'s window is still open; c[2] was refunded inside it.
    expect(await step('2026-06-07')).toEqual({ rows: 1 });
    expect((await listReferrals(db, { inviterId: c[9]! }))[0]).toMatchObject({ status: 'rejected', reason: 'first_order_refunded', rewardRef: null });
    expect((await listReferrals(db, { inviterId: c[0]! })).find((x) => x.inviteeId === c[1])).toMatchObject({ status: 'pending' });
    expect(await pointsBalance(db, c[0]!)).toBe(0);

    // As of 2026-06-08 (cutoff 06-08 16:00Z ≥ 06-08 02:00Z): rewarded with the 500 points of the request.
    expect(await step('2026-06-08')).toEqual({ rows: 1 });
    const done = (await listReferrals(db, { inviterId: c[0]! })).find((x) => x.inviteeId === c[1])!;
    expect(done).toMatchObject({ status: 'rewarded', firstOrderId: first });
    expect(done.rewardRef).toMatch(/^points:\d+$/);
    expect(await pointsBalance(db, c[0]!)).toBe(500);
    // Idempotent: again for the same or a later day, nothing more.
    expect(await step('2026-06-08')).toEqual({ rows: 0 });
    expect(await step('2026-06-20')).toEqual({ rows: 0 });
    expect(await pointsBalance(db, c[0]!)).toBe(500);
    expect(await listCustomerCoupons(db, c[9]!)).toEqual([]);
  });

  it('gives a coupon of the batch as the reward and lists referrals by status', async () => {
    const { db } = t().database;
    const res = await post('/pricing/referrals', { inviterId: c[6], inviteeId: c[9], inviteeDevice: 'dev-9', windowDays: 0, reward: { kind: 'coupon', batch: 'invite20' } });
    expect(res.statusCode).toBe(201);
    await paidOrder(c[9]!, '2026-06-21T02:00:00Z');
    // c[7]'s referral (inviter c[6], points) has no order: stays pending.
    expect(await step('2026-06-21')).toEqual({ rows: 1 });
    const coupons = await listCustomerCoupons(db, c[6]!);
    expect(coupons).toHaveLength(1);
    expect(coupons[0]).toMatchObject({ batch: 'invite20', status: 'issued' });
    expect(coupons[0]!.code).toMatch(/^REF-\d+-[0-9A-F]{6}$/);
    const pending = await app.inject({ method: 'GET', url: '/api/pricing/referrals?status=pending', headers: analyst });
    expect(pending.statusCode).toBe(200);
    expect(pending.json().map((x: { inviteeId: number }) => x.inviteeId)).toEqual([c[7]]);
  });

  it('sums the programme up: by status and reason, abuse-guard blocks apart from refunds, rewards granted and owed', async () => {
    // Recorded above: c0→c1 rewarded (500 points), c0→c3/c5/c4 and c6→c8 blocked by the guards,
    // c9→c2 rejected (refunded), c6→c7 pending (500 points, no order yet), c6→c9 rewarded (a coupon).
    const res = await app.inject({ method: 'GET', url: '/api/pricing/referrals/summary', headers: analyst });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      referrals: 8, pending: 1, rewarded: 2, rejected: 5, blocked: 4, refundedOrCancelled: 1,
      byReason: { device_used_before: 1, first_order_refunded: 1, phone_used_before: 1, same_device_as_inviter: 1, same_phone_as_inviter: 1 },
      awaitingWindow: 0, pointsGranted: 500, couponsGranted: 1, pointsPending: 500, couponsPending: 0, inviters: 3,
    });
    // The figures are the list's, counted again.
    const all = (await app.inject({ method: 'GET', url: '/api/pricing/referrals', headers: analyst })).json() as { status: string }[];
    expect(all.filter((x) => x.status === 'rejected')).toHaveLength(5);
    // c7 pays a first order: still pending, now waiting for its window.
    await paidOrder(c[7]!, '2026-06-22T02:00:00Z');
    expect((await app.inject({ method: 'GET', url: '/api/pricing/referrals/summary', headers: analyst })).json()).toMatchObject({ pending: 1, awaitingWindow: 1 });
  });

  it('keeps programme settings: their reward and window apply to referrals recorded without their own; paused refuses new ones', async () => {
    const { db } = t().database;
    const get = () => app.inject({ method: 'GET', url: '/api/pricing/referral-programme', headers: analyst });
    const put = (payload: unknown, headers = operator) => app.inject({ method: 'PUT', url: '/api/pricing/referral-programme', headers, payload: payload as object });
    expect((await get()).json()).toEqual({ configured: false, enabled: true, reward: null, windowDays: 7, updatedAt: null });
    const [x, y] = (await db.insert(customers).values([{}, {}]).returning({ id: customers.id })).map((r) => r.id);
    // No reward in the request and none in the programme: 400 naming the field, nothing stored.
    const bare = await post('/pricing/referrals', { inviterId: c[0], inviteeId: x });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().message).toMatch(/^reward: required/);
    // An unknown coupon batch is refused and changes nothing; an analyst may not save.
    expect((await put({ enabled: true, reward: { kind: 'coupon', batch: 'nope' }, windowDays: 3 })).statusCode).toBe(404);
    expect((await put({ enabled: true, reward: { kind: 'points', points: 300 }, windowDays: 3 }, analyst)).statusCode).toBe(403);
    expect((await put({ enabled: true, reward: { kind: 'points', points: 300 }, windowDays: 400 })).statusCode).toBe(400);
    expect((await get()).json().configured).toBe(false);
    const saved = await put({ enabled: true, reward: { kind: 'points', points: 300 }, windowDays: 3 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ configured: true, enabled: true, reward: { kind: 'points', points: 300 }, windowDays: 3, updatedAt: NOW.toISOString() });
    const r = await post('/pricing/referrals', { inviterId: c[0], inviteeId: x });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ reward: { kind: 'points', points: 300 }, windowDays: 3, status: 'pending' });
    // Paused: new referrals are refused (409), recorded ones keep going.
    await put({ enabled: false, reward: { kind: 'coupon', batch: 'invite20' }, windowDays: 5 });
    expect((await post('/pricing/referrals', { inviterId: c[0], inviteeId: y })).statusCode).toBe(409);
    expect((await get()).json()).toMatchObject({ enabled: false, reward: { kind: 'coupon', batch: 'invite20' }, windowDays: 5 });
  });
});
