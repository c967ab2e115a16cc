import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { createProduct } from '../catalog/index.js';
import { createCustomer } from '../customers/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { createWarehouse, receiveStock } from '../inventory/index.js';
import { cancelOrder, createChannel, payOrder, placeOrder } from '../orders/index.js';
import { loyaltyStep } from './loyalty.pipeline.js';
import { pointsBalance } from './points.service.js';

// Reference numbers worked by hand from docs/loyalty.md and the default programme: 1 point per
// yuan paid × the tier multiplier held at payment; silver from ¥1,000.00 net spend (100,000 fen).
// 2026-03-10 12:00 in Shanghai (UTC+8) is 04:00 UTC; the business day is 2026-03-10.
const NOON = new Date('2026-03-10T04:00:00Z');

forEachDriver('loyalty at payment', (t) => {
  let customerId = 0;
  const place = async (quantity: number) => {
    const r = await placeOrder(t().database.db, { input: { channel: 'web', device: 'unknown', customerId, lines: [{ sku: 'VASE', quantity }] }, actor: SYSTEM_ACTOR, now: NOON });
    if (!r.ok) throw new Error('stock short');
    return r.order;
  };
  const tierOf = async () => (await queryRows<{ tier: string; since: string }>(t().database.db, sql`
    select tier, since::text from customer_tiers where customer_id = ${customerId}`))[0];

  beforeAll(async () => {
    const { db } = t().database;
    await createChannel(db, SYSTEM_ACTOR, { code: 'web', name: '官网', kind: 'own_site' });
    const wh = await createWarehouse(db, SYSTEM_ACTOR, { code: 'SH', name: '上海仓', kind: 'central', region: '上海' });
    // A vase at ¥600.00.
    await createProduct(db, SYSTEM_ACTOR, { name: '花瓶', status: 'active', skus: [{ code: 'VASE', name: '花瓶', price: 60_000, active: true }] });
    await receiveStock(db, SYSTEM_ACTOR, { warehouseId: wh.id, sku: 'VASE', quantity: 10 }, NOON);
    customerId = (await createCustomer(db, t().cipher, SYSTEM_ACTOR, { externalId: 'P1', consentMarketing: false, consentAnalytics: true }, NOON)).id;
  });

  it('a paid order earns its points at once and upgrades the tier when it crosses the threshold; the daily step posts nothing twice', async () => {
    const { db } = t().database;
    const first = await place(1);
    await payOrder(db, SYSTEM_ACTOR, first.id, { method: 'alipay' }, NOON);
    // ¥600 < ¥1,000: still regular (no row), 600 points at ×1.
    expect(await pointsBalance(db, customerId)).toBe(600);
    expect(await tierOf()).toBeUndefined();

    const second = await place(1);
    await payOrder(db, SYSTEM_ACTOR, second.id, { method: 'wechat' }, NOON);
    // ¥1,200 ≥ ¥1,000: silver at once; this order earned at the tier held when paid (regular ×1): 600 + 600.
    expect(await tierOf()).toEqual({ tier: 'silver', since: '2026-03-10' });
    expect(await pointsBalance(db, customerId)).toBe(1_200);
    const changes = await queryRows(db, sql`select day::text, from_tier, to_tier, reason, growth_value from tier_changes where customer_id = ${customerId}`);
    expect(changes).toEqual([{ day: '2026-03-10', from_tier: 'regular', to_tier: 'silver', reason: 'upgrade', growth_value: 120_000 }]);

    // The daily step afterwards (catch-up for imports) posts nothing again and records no second upgrade.
    expect(await runPipeline(t().database, [loyaltyStep], { asOf: '2026-03-10' })).toMatchObject([{ status: 'succeeded' }]);
    expect(await pointsBalance(db, customerId)).toBe(1_200);
    const postings = await queryRows<{ key: string }>(db, sql`select key from points_postings where customer_id = ${customerId} order by key`);
    expect(postings.map((p) => p.key)).toEqual([`earn:order:${first.id}`, `earn:order:${second.id}`]);
    expect(await queryRows(db, sql`select 1 from tier_changes where customer_id = ${customerId}`)).toHaveLength(1);
    expect(await tierOf()).toEqual({ tier: 'silver', since: '2026-03-10' });

    // A third order is paid as silver: ¥600 × 1.2 = 720 points.
    const third = await place(1);
    await payOrder(db, SYSTEM_ACTOR, third.id, { method: 'alipay' }, NOON);
    expect(await pointsBalance(db, customerId)).toBe(1_920);

    // Cancelling it after payment refunds ¥600 in full: its 720 points go back at once, and the
    // daily step afterwards claws back nothing more (one claw-back posting, keyed by the refund).
    const cancelled = await cancelOrder(db, SYSTEM_ACTOR, third.id, { reason: '不要了' }, NOON);
    expect(await pointsBalance(db, customerId)).toBe(1_200);
    expect(await runPipeline(t().database, [loyaltyStep], { asOf: '2026-03-11' })).toMatchObject([{ status: 'succeeded' }]);
    expect(await pointsBalance(db, customerId)).toBe(1_200);
    expect(await queryRows(db, sql`select key from points_postings where kind = 'clawback'`)).toEqual([{ key: `clawback:refund:${cancelled.refunds[0]!.id}` }]);
  });

  it('two payments of one customer at the same time: the second counts the first, one upgrade recorded', async () => {
    const { db } = t().database;
    customerId = (await createCustomer(db, t().cipher, SYSTEM_ACTOR, { externalId: 'P2', consentMarketing: false, consentAnalytics: true }, NOON)).id;
    const a = await place(1);
    const b = await place(1);
    // ¥600 + ¥600 = ¥1,200 ≥ ¥1,000, though neither payment alone crosses it.
    await Promise.all([payOrder(db, SYSTEM_ACTOR, a.id, { method: 'alipay' }, NOON), payOrder(db, SYSTEM_ACTOR, b.id, { method: 'alipay' }, NOON)]);
    expect(await tierOf()).toEqual({ tier: 'silver', since: '2026-03-10' });
    expect(await queryRows(db, sql`select to_tier from tier_changes where customer_id = ${customerId}`)).toEqual([{ to_tier: 'silver' }]);
    expect(await pointsBalance(db, customerId)).toBe(1_200);
  });
});
