import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Tx } from '../../db/client.js';
import { importFile } from '../../ingest/index.js';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { DEFAULT_LOYALTY_CONFIG, setLoyaltyConfig } from './loyalty-settings.js';
import { growthWindowStart, loyaltyStep } from './loyalty.pipeline.js';
import { expirePoints, expiryDay, expiryRemindersDue, pointsBalance, pointsLiability, postPoints } from './points.service.js';

// All expected numbers below are worked by hand from the rules in docs/loyalty.md and the default
// programme (1 point per yuan paid × tier multiplier; silver ¥1,000 ×1.2, gold ¥5,000 ×1.5).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-loyalty-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
function cdnowFile(name: string, rows: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `customer_id date number_of_cds dollar_value\n${rows.join('\n')}\n`);
  return file;
}
const customerId = async (db: Tx, ext: string) =>
  (await queryRows<{ id: number }>(db, sql`select id from customers where external_id = ${ext}`))[0]!.id;
/** Double-entry checks: every posting sums to zero, and so does the whole ledger. */
async function ledgerInvariants(db: Tx) {
  const unbalanced = await queryRows(db, sql`select posting_id from points_entries group by posting_id having sum(points) <> 0`);
  const [total] = await queryRows<{ s: number | null; postings: number; orphans: number }>(db, sql`
    select (select sum(points) from points_entries) as s, (select count(*) from points_postings) as postings,
      (select count(*) from points_postings p where (select count(*) from points_entries e where e.posting_id = p.id) <> 2) as orphans`);
  return { unbalanced: unbalanced.length, total: total!.s ?? 0, orphans: total!.orphans };
}

describe('expiry days', () => {
  it('follow the policy', () => {
    expect(expiryDay('2025-01-10', 'rolling_12_months')).toBe('2026-01-10');
    expect(expiryDay('2024-02-29', 'rolling_12_months')).toBe('2025-02-28');
    // 年底清零: points of 2024 are cleared on 31 Dec 2025.
    expect(expiryDay('2024-03-05', 'year_end')).toBe('2025-12-31');
    expect(growthWindowStart('2025-06-02', 'rolling_12_months')).toBe('2024-06-03');
    expect(growthWindowStart('2025-06-02', 'calendar_year')).toBe('2025-01-01');
  });
});

forEachDriver('points ledger', (t) => {
  const config = DEFAULT_LOYALTY_CONFIG;
  beforeAll(async () => {
    // L1 pays ¥100.00 on 2025-01-10 (placed and paid at noon).
    await importFile(t(), 'cdnow', cdnowFile('points.txt', ['L1 20250110 1 100.00', 'L2 20240101 1 0.50', 'L3 20240101 1 0.50']));
  });

  it('earns on paid orders and claws back on refunds, never more than earned, once per refund', async () => {
    const { db } = t().database;
    const l1 = await customerId(db, 'L1');
    expect(await runPipeline(t().database, [loyaltyStep], { asOf: '2025-01-10' })).toMatchObject([{ status: 'succeeded' }]);
    expect(await pointsBalance(db, l1)).toBe(100);
    const [order] = await queryRows<{ id: number }>(db, sql`select id from orders where customer_id = ${l1}`);
    // Two refunds, ¥40 then ¥70 (more than the rest: capped at what was earned).
    await db.execute(sql`insert into refunds (source, external_id, order_id, customer_id, amount, refunded_at) values
      ('test', 'r1', ${order!.id}, ${l1}, 4000, '2025-01-20 12:00+08'), ('test', 'r2', ${order!.id}, ${l1}, 7000, '2025-01-25 12:00+08')`);
    await runPipeline(t().database, [loyaltyStep], { asOf: '2025-01-20' });
    expect(await pointsBalance(db, l1)).toBe(60);
    for (let i = 0; i < 2; i++) await runPipeline(t().database, [loyaltyStep], { asOf: '2025-01-25' });
    expect(await pointsBalance(db, l1)).toBe(0);
    const kinds = await queryRows(db, sql`select p.kind, e.points from points_postings p join points_entries e on e.posting_id = p.id and e.account = 'customer' where p.customer_id = ${l1} order by p.id`);
    expect(kinds).toEqual([{ kind: 'earn', points: 100 }, { kind: 'clawback', points: -40 }, { kind: 'clawback', points: -60 }]);
    expect(await ledgerInvariants(db)).toEqual({ unbalanced: 0, total: 0, orphans: 0 });
  });

  it('posts a retried or concurrent posting once per key', async () => {
    const { db } = t().database;
    const l2 = await customerId(db, 'L2');
    const req = { key: 'adjust:goodwill:1', kind: 'adjust' as const, customerId: l2, day: '2025-02-01', points: 100, note: 'goodwill' };
    const first = await postPoints(db, req, config);
    const again = await postPoints(db, req, config);
    expect(first).toMatchObject({ ok: true, replayed: false, balance: 100 });
    expect(again).toEqual({ ok: true, replayed: true, postingId: (first as { postingId: number }).postingId, balance: 100 });
    // Eight at once (parallel transactions on PostgreSQL's pool; serialised by PGlite's one connection).
    const racing = await Promise.all(Array.from({ length: 8 }, () => postPoints(db, { ...req, key: 'adjust:goodwill:2' }, config)));
    expect(racing.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    expect(await pointsBalance(db, l2)).toBe(200);
  });

  it('never lets concurrent redemptions spend the same points twice', async () => {
    const { db } = t().database;
    const l2 = await customerId(db, 'L2');
    // Balance 200: seven redemptions of 30 at once can only pay six (180); the seventh is refused.
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) =>
      postPoints(db, { key: `redeem:order-x:${i}`, kind: 'redeem', customerId: l2, day: '2025-02-02', points: -30 }, config)));
    expect(results.filter((r) => r.ok)).toHaveLength(6);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'insufficient_points', balance: 20 }]);
    expect(await pointsBalance(db, l2)).toBe(20);
    expect(await ledgerInvariants(db)).toMatchObject({ unbalanced: 0, total: 0 });
  });

  it('expires the oldest points first after 12 months, lists reminders due, and expires once', async () => {
    const { db } = t().database;
    const l3 = await customerId(db, 'L3');
    await postPoints(db, { key: 'adjust:l3:a', kind: 'adjust', customerId: l3, day: '2025-01-10', points: 100 }, config);
    await postPoints(db, { key: 'redeem:l3:b', kind: 'redeem', customerId: l3, day: '2025-03-01', points: -30 }, config);
    await postPoints(db, { key: 'adjust:l3:c', kind: 'adjust', customerId: l3, day: '2025-06-01', points: 50 }, config);
    // The redemption took 30 of January's 100: 70 expire on 2026-01-10, 50 on 2026-06-01.
    expect((await expiryRemindersDue(db, '2025-12-15', config)).filter((r) => r.customerId === l3)).toEqual([{ customerId: l3, points: 70, expiresOn: '2026-01-10' }]);
    await expirePoints(db, '2026-01-09');
    expect(await pointsBalance(db, l3)).toBe(120);
    await expirePoints(db, '2026-01-10');
    await expirePoints(db, '2026-01-10');
    expect(await pointsBalance(db, l3)).toBe(50);
    // Liability: outstanding points × value (1 分 each): L3's 50 and L2's 20 (L1 has none left).
    expect(await pointsLiability(db, config)).toEqual({ points: 70, value: 70 });
    await expirePoints(db, '2026-06-01');
    expect(await pointsBalance(db, l3)).toBe(0);
    const expiries = await queryRows(db, sql`select p.day, e.points from points_postings p join points_entries e on e.posting_id = p.id and e.account = 'customer' where p.customer_id = ${l3} and p.kind = 'expire' order by p.day`);
    expect(expiries).toEqual([{ day: '2026-01-10', points: -70 }, { day: '2026-06-01', points: -50 }]);
    // L2's points (2025-02-01/02) expired on 2026-02-01/02 too: nothing outstanding.
    expect(await pointsLiability(db, config)).toEqual({ points: 0, value: 0 });
    expect(await ledgerInvariants(db)).toEqual({ unbalanced: 0, total: 0, orphans: 0 });
  });
});

forEachDriver('tiers', (t) => {
  const tierOf = async (ext: string) => (await queryRows<{ tier: string; pending_tier: string | null; grace_until: string | null }>(t().database.db, sql`
    select ct.tier, ct.pending_tier, ct.grace_until from customer_tiers ct join customers c on c.id = ct.customer_id where c.external_id = ${ext}`))[0];
  const run = (asOf: string) => runPipeline(t().database, [loyaltyStep], { asOf });

  beforeAll(async () => {
    await setLoyaltyConfig(t().database.db, DEFAULT_LOYALTY_CONFIG);
    // T1 and T2 pay ¥1,200 on 2024-03-01 and ¥4,000 on 2024-06-01; T2 pays ¥1,500 more on 2026-01-15.
    await importFile(t(), 'cdnow', cdnowFile('tiers.txt', [
      'T1 20240301 1 1200.00', 'T1 20240601 1 4000.00',
      'T2 20240301 1 1200.00', 'T2 20240601 1 4000.00', 'T2 20260115 1 1500.00',
    ]));
  });

  it('upgrades at once, earns at the tier multiplier, and expires the points a year on', async () => {
    await run('2024-03-01');
    expect(await tierOf('T1')).toEqual({ tier: 'silver', pending_tier: null, grace_until: null });
    await run('2024-06-01');
    expect(await tierOf('T1')).toMatchObject({ tier: 'gold' });
    const { db } = t().database;
    const t1 = await customerId(db, 'T1');
    // 1,200 at 普通 ×1, then 4,000 × 1.2 at 银卡 (the tier held when the order was paid).
    expect(await pointsBalance(db, t1)).toBe(1200 + 4800);
    await run('2025-01-01'); // review: ¥5,200 over the last 12 months, still gold
    await run('2025-06-02'); // no purchase for a year: below gold, but no review yet; all points expired
    expect(await tierOf('T1')).toEqual({ tier: 'gold', pending_tier: null, grace_until: null });
    expect(await pointsBalance(db, t1)).toBe(0);
  });

  it('downgrades only after the review day\'s grace period, to the tier qualified for then', async () => {
    await run('2026-01-01');
    expect(await tierOf('T1')).toEqual({ tier: 'gold', pending_tier: 'regular', grace_until: '2026-01-31' });
    await run('2026-01-15');
    expect(await tierOf('T2')).toEqual({ tier: 'gold', pending_tier: 'silver', grace_until: '2026-01-31' });
    await run('2026-01-30');
    expect((await tierOf('T1'))!.tier).toBe('gold');
    await run('2026-01-31');
    await run('2026-01-31'); // a re-run for the same day changes nothing
    expect(await tierOf('T1')).toEqual({ tier: 'regular', pending_tier: null, grace_until: null });
    expect(await tierOf('T2')).toEqual({ tier: 'silver', pending_tier: null, grace_until: null });
    const history = await queryRows(t().database.db, sql`
      select c.external_id, tc.day, tc.from_tier, tc.to_tier, tc.reason from tier_changes tc join customers c on c.id = tc.customer_id order by 1, 2`);
    expect(history).toEqual([
      { external_id: 'T1', day: '2024-03-01', from_tier: 'regular', to_tier: 'silver', reason: 'upgrade' },
      { external_id: 'T1', day: '2024-06-01', from_tier: 'silver', to_tier: 'gold', reason: 'upgrade' },
      { external_id: 'T1', day: '2026-01-31', from_tier: 'gold', to_tier: 'regular', reason: 'downgrade' },
      { external_id: 'T2', day: '2024-03-01', from_tier: 'regular', to_tier: 'silver', reason: 'upgrade' },
      { external_id: 'T2', day: '2024-06-01', from_tier: 'silver', to_tier: 'gold', reason: 'upgrade' },
      { external_id: 'T2', day: '2026-01-31', from_tier: 'gold', to_tier: 'silver', reason: 'downgrade' },
    ]);
  });
});
