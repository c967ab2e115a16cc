import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { getStoreSettings } from '../store/index.js';
import { growthValues } from './loyalty.pipeline.js';
import { getLoyaltyConfig, setLoyaltyConfig, type LoyaltyConfig } from './loyalty-settings.js';
import { expiryRemindersDue, pointsBalance, pointsLedger, pointsLiability, postPoints } from './points.service.js';

export async function updateLoyaltyConfig(db: Tx, actor: Actor, config: LoyaltyConfig): Promise<LoyaltyConfig> {
  return db.transaction(async (tx) => {
    const before = await getLoyaltyConfig(tx);
    const after = await setLoyaltyConfig(tx, config);
    await audit(tx, actor, { action: 'update', entity: 'loyalty_settings', entityId: 1, before, after });
    return after;
  });
}

/** Customers per tier (those without a tier row are in the lowest), points liability, reminders due on `day`. */
export async function loyaltyDashboardFor(db: Tx, day: string) {
  const config = await getLoyaltyConfig(db);
  const counts = await queryRows<{ tier: string; n: number }>(db, sql`select tier, count(*) as n from customer_tiers group by 1`);
  const [all] = await queryRows<{ n: number }>(db, sql`select count(*) as n from customers where erased_at is null`);
  const ranked = counts.reduce((s, c) => s + c.n, 0);
  const tiers = config.tiers.map((t, i) => ({
    code: t.code, name: t.name,
    customers: (counts.find((c) => c.tier === t.code)?.n ?? 0) + (i === 0 ? Math.max(0, (all?.n ?? 0) - ranked) : 0),
  }));
  return { day, tiers, liability: await pointsLiability(db, config), remindersDue: await expiryRemindersDue(db, day, config) };
}

export async function customerLoyalty(db: Tx, customerId: number, day: string) {
  const [c] = await queryRows(db, sql`select 1 from customers where id = ${customerId}`);
  if (!c) throw new AppError('not_found', `No customer ${customerId}`);
  const config = await getLoyaltyConfig(db);
  const [row] = await queryRows<{ tier: string; since: string; pending_tier: string | null; grace_until: string | null }>(db, sql`
    select tier, since, pending_tier, grace_until from customer_tiers where customer_id = ${customerId}`);
  const def = config.tiers.find((t) => t.code === row?.tier) ?? config.tiers[0]!;
  const { timeZone } = await getStoreSettings(db);
  const growth = (await growthValues(db, day, timeZone, config)).get(customerId) ?? 0;
  const ledger = await pointsLedger(db, customerId);
  const history = await queryRows<{ day: string; fromTier: string; toTier: string; reason: string; growthValue: number }>(db, sql`
    select day, from_tier as "fromTier", to_tier as "toTier", reason, growth_value as "growthValue" from tier_changes where customer_id = ${customerId} order by day, id`);
  return {
    customerId,
    tier: { code: def.code, name: def.name, since: row?.since ?? null, pendingTier: row?.pending_tier ?? null, graceUntil: row?.grace_until ?? null },
    growthValue: growth,
    balance: await pointsBalance(db, customerId),
    ledger: ledger.map((l) => ({ id: l.id, key: l.key, kind: l.kind, day: l.day, points: l.points, expiresOn: l.expires_on, orderId: l.order_id, note: l.note })),
    tierHistory: history,
  };
}

/** An operator's adjustment or redemption, idempotent by key and audited when posted. */
export async function postManualPoints(db: Tx, actor: Actor, customerId: number, body: { key: string; kind: 'adjust' | 'redeem'; points: number; note?: string | undefined }, day: string) {
  const [c] = await queryRows(db, sql`select 1 from customers where id = ${customerId}`);
  if (!c) throw new AppError('not_found', `No customer ${customerId}`);
  if (body.kind === 'redeem' && body.points > 0) throw new AppError('validation_failed', 'points: a redemption is negative');
  const config = await getLoyaltyConfig(db);
  return db.transaction(async (tx) => {
    const res = await postPoints(tx, { key: `manual:${body.key}`, kind: body.kind, customerId, day, points: body.points, note: body.note ?? null }, config);
    if (res.ok && !res.replayed) await audit(tx, actor, { action: body.kind, entity: 'points', entityId: customerId, after: { key: body.key, points: body.points, note: body.note ?? null } });
    return res;
  });
}
