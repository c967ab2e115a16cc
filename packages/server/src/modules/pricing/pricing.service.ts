import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  compileRules, PricingInputError, quote as quoteCart, type Cart, type Coupon, type PricingRules, type Promotion, type Quote,
} from '@zhanggui/algorithms';
import type { z } from 'zod';
import type { couponBatchBody, promotionBody, storeQuoteBody } from '@zhanggui/contracts';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { findSaleSkus } from '../catalog/index.js';
import { audit, type Actor } from '../identity/index.js';
import { getStoreSettings } from '../store/index.js';
import { takePendingSegmentAction } from '../segments/index.js';
import { pricingCouponBatches, pricingCoupons, pricingPromotions, pricingRedemptions, pricingTargets } from './pricing.tables.js';

type PromotionBody = z.infer<typeof promotionBody>;
type CouponBatchBody = z.infer<typeof couponBatchBody>;
type StoreQuoteBody = z.infer<typeof storeQuoteBody>;

/** Check a definition with the engine's own validation, reporting the field as a 400. */
function engineCheck(rules: PricingRules): void {
  try {
    compileRules(rules);
  } catch (e) {
    if (e instanceof PricingInputError) throw new AppError('validation_failed', e.message, { field: e.field });
    throw e;
  }
}

const uniqueViolation = (e: unknown) => (e as { cause?: { code?: string }; code?: string })?.cause?.code === '23505' || (e as { code?: string })?.code === '23505';

export interface PromotionDto { code: string; kind: string; name: string; status: string; holdoutShare: number; definition: Promotion; createdAt: string }
const promotionDto = (r: typeof pricingPromotions.$inferSelect): PromotionDto => ({
  code: r.code, kind: r.kind, name: r.name, status: r.status, holdoutShare: r.holdoutBp / 10_000, definition: r.definition as Promotion, createdAt: r.createdAt.toISOString(),
});

export async function createPromotion(db: Tx, actor: Actor, body: PromotionBody): Promise<PromotionDto> {
  const def = body.definition as Promotion;
  engineCheck({ promotions: [def] });
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(pricingPromotions).values({
        code: def.id, kind: def.kind, name: def.name, definition: def, status: body.status ?? 'active', holdoutBp: Math.round((body.holdoutShare ?? 0) * 10_000),
      }).returning();
      await audit(tx, actor, { action: 'create', entity: 'promotion', entityId: def.id, after: def });
      return promotionDto(row!);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('conflict', `a promotion with id '${def.id}' exists`);
    throw e;
  }
}

export async function listPromotions(db: Tx): Promise<PromotionDto[]> {
  return (await db.select().from(pricingPromotions).orderBy(asc(pricingPromotions.id))).map(promotionDto);
}

export async function setPromotionStatus(db: Tx, actor: Actor, code: string, status: 'active' | 'paused' | 'ended'): Promise<PromotionDto> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(pricingPromotions).where(eq(pricingPromotions.code, code));
    if (!before) throw new AppError('not_found', `no promotion '${code}'`);
    const [row] = await tx.update(pricingPromotions).set({ status, updatedAt: new Date() }).where(eq(pricingPromotions.code, code)).returning();
    await audit(tx, actor, { action: 'update', entity: 'promotion', entityId: code, before: { status: before.status }, after: { status } });
    return promotionDto(row!);
  });
}

export interface CouponBatchDto {
  code: string; name: string; codeless: boolean; holdoutShare: number; maxPerCustomer: number; definition: Coupon;
  issued: number; redeemed: number; expired: number; heldOut: number; remaining: number | null; createdAt: string;
}

export async function createCouponBatch(db: Tx, actor: Actor, body: CouponBatchBody): Promise<CouponBatchDto> {
  const def = body.definition as Coupon;
  engineCheck({ promotions: [], coupons: [def] });
  try {
    return await db.transaction(async (tx) => {
      await tx.insert(pricingCouponBatches).values({
        code: def.id, name: def.name, definition: def, codeless: body.codeless ?? false,
        holdoutBp: Math.round((body.holdoutShare ?? 0) * 10_000), maxPerCustomer: body.maxPerCustomer ?? 1,
      });
      await audit(tx, actor, { action: 'create', entity: 'coupon_batch', entityId: def.id, after: body });
      return getCouponBatch(tx, def.id);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('conflict', `a coupon batch with id '${def.id}' exists`);
    throw e;
  }
}

type BatchRow = typeof pricingCouponBatches.$inferSelect;
type BatchCounts = { issued: number; redeemed: number; expired: number; held_out: number };

/** Issued, redeemed, expired and held-out counts of batches, by batch id (one query for a page). */
async function batchCounts(db: Tx, batches: BatchRow[]): Promise<Map<number, BatchCounts>> {
  if (batches.length === 0) return new Map();
  const ids = sql.param(batches.map((b) => b.id));
  const codes = sql.param(batches.map((b) => b.code));
  const rows = await queryRows<BatchCounts & { id: number }>(db, sql`
    select b.id,
      coalesce(c.issued, 0)::int as issued, coalesce(c.redeemed, 0)::int as redeemed, coalesce(c.expired, 0)::int as expired, coalesce(h.held_out, 0)::int as held_out
    from pricing_coupon_batches b
    left join (select batch_id, count(*) as issued, count(*) filter (where status = 'redeemed') as redeemed, count(*) filter (where status = 'expired') as expired
               from pricing_coupons where batch_id = any(${ids}::bigint[]) group by batch_id) c on c.batch_id = b.id
    left join (select ref_code, count(*) as held_out from pricing_targets where held_out and ref_code = any(${codes}::text[]) group by ref_code) h on h.ref_code = b.code
    where b.id = any(${ids}::bigint[])`);
  return new Map(rows.map((r) => [Number(r.id), r]));
}

function batchDto(b: BatchRow, c: BatchCounts | undefined): CouponBatchDto {
  const def = b.definition as Coupon;
  const issued = Number(c?.issued ?? 0);
  return {
    code: b.code, name: b.name, codeless: b.codeless, holdoutShare: b.holdoutBp / 10_000, maxPerCustomer: b.maxPerCustomer, definition: def,
    issued, redeemed: Number(c?.redeemed ?? 0), expired: Number(c?.expired ?? 0), heldOut: Number(c?.held_out ?? 0),
    remaining: def.totalQuantity === undefined ? null : Math.max(0, def.totalQuantity - issued), createdAt: b.createdAt.toISOString(),
  };
}

export async function getCouponBatch(db: Tx, code: string): Promise<CouponBatchDto> {
  const [b] = await db.select().from(pricingCouponBatches).where(eq(pricingCouponBatches.code, code));
  if (!b) throw new AppError('not_found', `no coupon batch '${code}'`);
  return batchDto(b, (await batchCounts(db, [b])).get(b.id));
}

/** Coupon batches, newest first, a page at a time, each with its redemption tracking. */
export async function listCouponBatches(db: Tx, q: { limit: number; offset: number }): Promise<{ items: CouponBatchDto[]; total: number; limit: number; offset: number }> {
  const [{ n = 0 } = {}] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pricing_coupon_batches`);
  const rows = await db.select().from(pricingCouponBatches).orderBy(desc(pricingCouponBatches.id)).limit(q.limit).offset(q.offset);
  const counts = await batchCounts(db, rows);
  return { items: rows.map((b) => batchDto(b, counts.get(b.id))), total: Number(n), limit: q.limit, offset: q.offset };
}

/** Deterministic holdout: hash(ref, customer) mapped to [0, 10000) against the holdout share. */
export function inHoldout(refCode: string, customerId: number, holdoutBp: number): boolean {
  if (holdoutBp <= 0) return false;
  const h = createHash('sha256').update(`${refCode}:${customerId}`).digest();
  return h.readUInt32BE(0) % 10_000 < holdoutBp;
}

/**
 * Issue a batch to a list of customers (a segment's members or an uploaded list): each is either
 * held out (recorded, no coupon) or given coupons up to the batch's per-customer limit, once.
 * The total quantity of the definition caps the coupons issued.
 */
export async function issueCoupons(db: Tx, actor: Actor, batchCode: string, customerIds: number[], now: Date): Promise<{ issued: number; heldOut: number; skipped: number }> {
  return db.transaction(async (tx) => {
    const [b] = await tx.select().from(pricingCouponBatches).where(eq(pricingCouponBatches.code, batchCode));
    if (!b) throw new AppError('not_found', `no coupon batch '${batchCode}'`);
    const def = b.definition as Coupon;
    const ids = [...new Set(customerIds)];
    const known = new Set((await tx.select({ c: pricingTargets.customerId }).from(pricingTargets)
      .where(and(eq(pricingTargets.refCode, batchCode), ids.length ? inArray(pricingTargets.customerId, ids) : sql`false`))).map((r) => r.c));
    const [{ n: already } = { n: 0 }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from pricing_coupons where batch_id = ${b.id}`);
    let room = def.totalQuantity !== undefined ? def.totalQuantity - Number(already) : Number.MAX_SAFE_INTEGER;
    let issued = 0;
    let heldOut = 0;
    let skipped = 0;
    const targets: (typeof pricingTargets.$inferInsert)[] = [];
    const coupons: (typeof pricingCoupons.$inferInsert)[] = [];
    for (const customerId of ids) {
      if (known.has(customerId)) { skipped++; continue; }
      const out = inHoldout(batchCode, customerId, b.holdoutBp);
      if (!out && room <= 0) { skipped++; continue; }
      targets.push({ refCode: batchCode, customerId, heldOut: out, assignedAt: now });
      if (out) { heldOut++; continue; }
      for (let k = 0; k < b.maxPerCustomer && room > 0; k++, room--, issued++) {
        coupons.push({ batchId: b.id, code: `${batchCode.slice(0, 12).toUpperCase()}-${randomBytes(5).toString('hex').toUpperCase()}`, customerId, issuedAt: now });
      }
    }
    for (let i = 0; i < targets.length; i += 1000) await tx.insert(pricingTargets).values(targets.slice(i, i + 1000));
    for (let i = 0; i < coupons.length; i += 1000) await tx.insert(pricingCoupons).values(coupons.slice(i, i + 1000));
    await audit(tx, actor, { action: 'issue', entity: 'coupon_batch', entityId: batchCode, details: { issued, heldOut, skipped } });
    return { issued, heldOut, skipped };
  });
}

/**
 * Carry out a segment's pending coupon action (segments: POST /segments/:id/actions, kind
 * coupon): the batch named by its couponCode is issued to the action's customers with
 * issueCoupons (holdout, per-customer limit, total quantity), and the action is marked done in
 * the same transaction — so it is issued once, and not at all if the batch is unknown.
 */
export async function issueCouponsForSegmentAction(db: Tx, actor: Actor, actionId: number, now: Date): Promise<{ actionId: number; batch: string; customers: number; issued: number; heldOut: number; skipped: number }> {
  return db.transaction(async (tx) => {
    const { params, customerIds } = await takePendingSegmentAction(tx, actionId, 'coupon');
    const batch = String(params.couponCode);
    const r = await issueCoupons(tx, actor, batch, customerIds, now);
    return { actionId, batch, customers: customerIds.length, ...r };
  });
}

/**
 * A customer claims a coupon of a batch (领券, e.g. code-less batches on a product page): held
 * out customers get none, the batch's per-customer limit and total quantity are respected.
 */
export async function claimCoupon(db: Tx, actor: Actor, batchCode: string, customerId: number, now: Date): Promise<{ claimed: boolean; code: string | null; reason: 'held_out' | 'limit_reached' | 'sold_out' | null }> {
  return db.transaction(async (tx) => {
    const [b] = await tx.select().from(pricingCouponBatches).where(eq(pricingCouponBatches.code, batchCode));
    if (!b) throw new AppError('not_found', `no coupon batch '${batchCode}'`);
    const def = b.definition as Coupon;
    const [target] = await tx.select().from(pricingTargets).where(and(eq(pricingTargets.refCode, batchCode), eq(pricingTargets.customerId, customerId)));
    const heldOut = target ? target.heldOut : inHoldout(batchCode, customerId, b.holdoutBp);
    if (!target) await tx.insert(pricingTargets).values({ refCode: batchCode, customerId, heldOut, assignedAt: now });
    if (heldOut) return { claimed: false, code: null, reason: 'held_out' };
    const [{ mine = 0, all = 0 } = {}] = await queryRows<{ mine: number; all: number }>(tx, sql`
      select count(*) filter (where customer_id = ${customerId})::int as mine, count(*)::int as all from pricing_coupons where batch_id = ${b.id}`);
    if (Number(mine) >= b.maxPerCustomer) return { claimed: false, code: null, reason: 'limit_reached' };
    if (def.totalQuantity !== undefined && Number(all) >= def.totalQuantity) return { claimed: false, code: null, reason: 'sold_out' };
    const code = `${batchCode.slice(0, 12).toUpperCase()}-${randomBytes(5).toString('hex').toUpperCase()}`;
    await tx.insert(pricingCoupons).values({ batchId: b.id, code, customerId, issuedAt: now });
    await audit(tx, actor, { action: 'claim', entity: 'coupon_batch', entityId: batchCode, details: { customerId } });
    return { claimed: true, code, reason: null };
  });
}

export async function listCustomerCoupons(db: Tx, customerId: number) {
  return db.select({ code: pricingCoupons.code, batch: pricingCouponBatches.code, name: pricingCouponBatches.name, status: pricingCoupons.status, issuedAt: pricingCoupons.issuedAt })
    .from(pricingCoupons).innerJoin(pricingCouponBatches, eq(pricingCouponBatches.id, pricingCoupons.batchId))
    .where(eq(pricingCoupons.customerId, customerId)).orderBy(asc(pricingCoupons.id));
}

// ---- quoting with the store's data ---------------------------------------------------------

interface Prepared { rules: PricingRules; cart: Cart; couponByCode: Map<string, { id: number; batch: string }> }

/** Build the engine's input from the store: active promotions, catalog prices and costs, coupons and usage. */
async function prepare(db: Tx, body: StoreQuoteBody, now: Date): Promise<Prepared> {
  const store = await getStoreSettings(db);
  const promos = await db.select().from(pricingPromotions).where(eq(pricingPromotions.status, 'active')).orderBy(asc(pricingPromotions.id));
  // A customer held out of a promotion is not offered it.
  const heldOut = body.customerId === undefined ? new Set<string>() : new Set((await db.select({ r: pricingTargets.refCode }).from(pricingTargets)
    .where(and(eq(pricingTargets.customerId, body.customerId), eq(pricingTargets.heldOut, true)))).map((r) => r.r));
  const promotions = promos.filter((p) => !heldOut.has(p.code) && !(p.holdoutBp > 0 && body.customerId !== undefined && inHoldout(p.code, body.customerId, p.holdoutBp)))
    .map((p) => p.definition as Promotion);

  const { byCode } = await findSaleSkus(db, { ids: [], codes: body.lines.map((l) => l.sku) });
  const lines = body.lines.map((l, i) => {
    const s = byCode.get(l.sku);
    if (!s) throw new AppError('validation_failed', `lines[${i}].sku: no SKU '${l.sku}'`);
    if (!s.sellable) throw new AppError('validation_failed', `lines[${i}].sku: '${l.sku}' is not for sale`);
    return {
      sku: s.code, quantity: l.quantity, listPrice: l.listPrice ?? s.price,
      ...(l.category ? { category: l.category } : {}), ...(l.memberPrices ? { memberPrices: l.memberPrices } : {}), ...(s.unitCost !== null ? { cost: s.unitCost } : {}),
    };
  });

  // Coupons: the shopper's coupon codes, which must be theirs and unused.
  const couponByCode = new Map<string, { id: number; batch: string }>();
  const batchIds: string[] = [];
  const coupons: Coupon[] = [];
  if (body.couponCodes?.length) {
    const rows = await db.select({ id: pricingCoupons.id, code: pricingCoupons.code, customerId: pricingCoupons.customerId, status: pricingCoupons.status, batch: pricingCouponBatches.code, def: pricingCouponBatches.definition })
      .from(pricingCoupons).innerJoin(pricingCouponBatches, eq(pricingCouponBatches.id, pricingCoupons.batchId)).where(inArray(pricingCoupons.code, body.couponCodes));
    for (const code of body.couponCodes) {
      const r = rows.find((x) => x.code === code);
      if (!r) { batchIds.push(`unknown:${code}`); continue; }
      if (r.customerId !== body.customerId || r.status !== 'issued') { batchIds.push(`unusable:${code}`); continue; }
      couponByCode.set(code, { id: r.id, batch: r.batch });
      if (!coupons.some((c) => c.id === r.batch)) coupons.push(r.def as Coupon);
      batchIds.push(r.batch);
    }
  }
  const refs = [...promotions.map((p) => p.id), ...coupons.map((c) => c.id)];
  const usage: NonNullable<Cart['usage']> = {};
  if (refs.length) {
    const rows = await queryRows<{ ref_code: string; uses: number; spent: number; customer_uses: number }>(db, sql`
      select ref_code, count(*)::int as uses, coalesce(sum(amount), 0)::bigint as spent,
             count(*) filter (where customer_id = ${body.customerId ?? -1})::int as customer_uses
      from pricing_redemptions where ref_code in (${sql.join(refs.map((r) => sql`${r}`), sql`, `)}) group by ref_code`);
    for (const r of rows) usage[r.ref_code] = { uses: Number(r.uses), spent: Number(r.spent), customerUses: Number(r.customer_uses) };
  }
  const cart: Cart = {
    at: (body.at ? new Date(body.at) : now).toISOString(),
    ...(body.channel ? { channel: body.channel } : {}),
    ...(body.region ? { region: body.region } : {}),
    customer: {
      ...(body.customerId !== undefined ? { id: String(body.customerId) } : {}),
      ...(body.tier ? { tier: body.tier } : {}), ...(body.segments ? { segments: body.segments } : {}), ...(body.isNew !== undefined ? { isNew: body.isNew } : {}),
    },
    lines,
    coupons: batchIds,
    ...(body.points ? { points: body.points } : {}),
    usage,
  };
  const rules: PricingRules = {
    currency: store.currency, timeZone: store.timeZone, promotions, coupons,
    ...(body.settings?.marginFloor !== undefined ? { marginFloor: body.settings.marginFloor } : {}),
    ...(body.settings?.points ? { points: body.settings.points } : {}),
    ...(body.settings?.shipping ? { shipping: body.settings.shipping } : {}),
  };
  return { rules, cart, couponByCode };
}

function runEngine(rules: PricingRules, cart: Cart): Quote {
  try {
    return quoteCart(rules, cart);
  } catch (e) {
    if (e instanceof PricingInputError) throw new AppError('validation_failed', e.message, { field: e.field });
    throw e;
  }
}

/** Quote a cart against draft rules, with no database (the editor's live preview). */
export function previewQuote(rules: PricingRules, cart: Cart): Quote {
  return runEngine(rules, cart);
}

/** Quote a cart with the store's promotions, catalog and the customer's coupons. Reads only. */
export async function quoteForStore(db: Tx, body: StoreQuoteBody, now: Date): Promise<Quote> {
  const p = await prepare(db, body, now);
  return runEngine(p.rules, p.cart);
}

/**
 * Quote and record what an order used, in one transaction: a redemption per applied discount
 * (promotions, coupons, points), the coupons marked redeemed. Idempotent per order: recording
 * the same order again returns the recorded quote's discounts unchanged.
 */
export async function redeemForOrder(db: Tx, actor: Actor, orderId: number, body: StoreQuoteBody, now: Date): Promise<{ quote: Quote; recorded: number }> {
  return db.transaction(async (tx) => {
    const existing = await tx.select().from(pricingRedemptions).where(eq(pricingRedemptions.orderId, orderId));
    const p = await prepare(tx, body, now);
    const q = runEngine(p.rules, p.cart);
    if (existing.length > 0) return { quote: q, recorded: 0 };
    const rows = q.discounts.filter((d) => d.amount > 0 || d.stage === 'order_promotion').filter((d) => d.stage !== 'item_price' || !d.id.startsWith('member:'))
      .map((d) => ({ orderId, customerId: body.customerId ?? null, refCode: d.id, stage: d.stage, amount: d.amount, redeemedAt: now }));
    // One row per (order, ref): a free-shipping promotion appears at two stages; keep the larger amount.
    const byRef = new Map<string, (typeof rows)[number]>();
    for (const r of rows) { const o = byRef.get(r.refCode); if (!o || r.amount > o.amount) byRef.set(r.refCode, r); }
    if (byRef.size) await tx.insert(pricingRedemptions).values([...byRef.values()]);
    const usedBatches = new Set(q.discounts.filter((d) => d.stage === 'coupon').map((d) => d.id));
    for (const [, c] of p.couponByCode) {
      if (usedBatches.has(c.batch)) await tx.update(pricingCoupons).set({ status: 'redeemed', redeemedAt: now, orderId }).where(eq(pricingCoupons.id, c.id));
    }
    await audit(tx, actor, { action: 'redeem', entity: 'order', entityId: orderId, details: { discounts: [...byRef.keys()] } });
    return { quote: q, recorded: byRef.size };
  });
}

/** Mark issued coupons of batches whose validity has ended as expired (idempotent). */
export async function expireCoupons(db: Tx, now: Date): Promise<number> {
  const store = await getStoreSettings(db);
  const batches = await db.select().from(pricingCouponBatches);
  const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: store.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(now);
  let n = 0;
  for (const b of batches) {
    const to = (b.definition as Coupon).validTo;
    if (to && wall >= to.replace('T', ' ').padEnd(19, ':00').slice(0, 19)) {
      const res = await db.update(pricingCoupons).set({ status: 'expired' }).where(and(eq(pricingCoupons.batchId, b.id), eq(pricingCoupons.status, 'issued'))).returning({ id: pricingCoupons.id });
      n += res.length;
    }
  }
  return n;
}
