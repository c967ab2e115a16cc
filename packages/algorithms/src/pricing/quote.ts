/**
 * The promotion engine: prices a cart against the store's promotions, coupons, points and
 * shipping rules, in five stages (docs/promotions.md):
 *   1. item price   — min(list, member price, flash-sale price), never stacked;
 *   2. order promotions — exclusivity groups by descending priority, the best of each group;
 *   3. coupons      — item/category coupons, then at most one order coupon;
 *   4. points       — capped at a share of what is left;
 *   5. shipping     — fee by region, waived by a free-shipping promotion or a tier benefit.
 * Every threshold is checked against the amount left after everything applied before it.
 * Order-level discounts are split over the eligible lines with `prorate` (largest remainder);
 * no line goes below its floor (cost × (1 + marginFloor), or zero) — a capped discount says so.
 * Pure and deterministic: the quote's moment is `cart.at`, nothing reads a clock.
 */
import { divHalfUp, percentOf, yuan } from './money.js';
import { validateCart } from './validate.js';
import { bi, type CompiledCoupon, type CompiledPromotion, type CompiledRules, compileRules, FLOOR_NOTE, lineMasks } from './compile.js';
import { storeNow } from './store-time.js';
import { allocate, apply, type Ctx, customerBlock, type Effect, inSchedule, isReason, lineEligible, nextSerial, NO_SEGMENTS, orderLevel, type Outcome, roomOf, sum, usageBlock } from './quote-context.js';
import { stageOrderPromotions } from './order-promotions.js';
import type { Bilingual, Cart, PriceStep, PricingRules, Quote } from './types.js';

function shippingFeeOf(cr: CompiledRules, cart: Cart): number {
  const s = cr.rules.shipping;
  if (!s) return 0;
  return (cart.region !== undefined ? s.regionFees?.[cart.region] : undefined) ?? s.fee;
}

const memberKeys = new Map<string, string>();
/** "member:gold", the id of a member price's saving (one string per tier, not one per line). */
function memberKey(key: string): string {
  let k = memberKeys.get(key);
  if (k === undefined) { k = `member:${key}`; if (memberKeys.size < 1000) memberKeys.set(key, k); }
  return k;
}
interface Saving { key: string; kind: string; name: string; alloc: { line: number; amount: number }[]; capped?: Bilingual }

const memberNotes = new Map<string, Bilingual>();
function memberNote(key: string): Bilingual {
  let n = memberNotes.get(key);
  if (!n) { n = bi(`${key}会员价`, `${key} member price`); if (memberNotes.size < 1000) memberNotes.set(key, n); }
  return n;
}

function stageItemPrice(ctx: Ctx): number {
  const { cr, cart } = ctx;
  const mf = cr.rules.marginFloor;
  // Stage 1: item price — the lowest of list, member and flash-sale prices; never stacked.
  const flashOk: CompiledPromotion[] = [];
  for (const fp of cr.flash) {
    const p = fp.def;
    const block = customerBlock(ctx, fp.t, fp.s) ?? usageBlock(ctx, fp.id, fp.maxUses, fp.perCustomer, fp.budget);
    if (block) ctx.rejected.push({ id: p.id, stage: 'item_price', reason: block }); else flashOk.push(fp);
  }
  // The savings by member tier or flash sale, in the order first chosen (a short list: a scan finds one).
  const itemSavings: Saving[] = [];
  let listAmount = 0;
  for (let i = 0; i < cart.lines.length; i++) {
    const l = cart.lines[i]!;
    const unitFloor = mf !== undefined && l.cost !== undefined ? Math.min(l.listPrice, divHalfUp(l.cost * Math.round((1 + mf) * 10_000), 10_000)) : 0;
    const path: PriceStep[] = [{ source: 'list', unitPrice: l.listPrice, chosen: false }];
    let best = 0;
    const keys = ctx.priceKeys;
    for (const key of keys) {
      const mp = key !== undefined ? l.memberPrices?.[key] : undefined;
      if (mp === undefined) continue;
      path.push({ source: 'member', ref: key, unitPrice: mp, chosen: false, note: memberNote(key!) });
      if (mp < path[best]!.unitPrice) best = path.length - 1;
    }
    let bestFlash: CompiledPromotion | undefined;
    for (const fp of flashOk) {
      if (!lineEligible(ctx, fp.t, i)) continue;
      const sp = fp.spec;
      let price = sp.prices ? sp.prices[l.sku] : l.listPrice - percentOf(l.listPrice, sp.percentOff);
      if (price === undefined) continue;
      let note = fp.note;
      if (price < unitFloor) {
        price = unitFloor;
        note = fp.floorNote;
      }
      path.push({ source: 'flash_sale', ref: fp.id, unitPrice: price, chosen: false, note });
      if (price < path[best]!.unitPrice) { best = path.length - 1; bestFlash = fp; }
    }
    path[best]!.chosen = true;
    const unit = path[best]!.unitPrice;
    const itemAmount = unit * l.quantity;
    listAmount += l.listPrice * l.quantity;
    ctx.cur.push(itemAmount);
    ctx.floor.push(Math.min(itemAmount, unitFloor * l.quantity));
    ctx.lines.push({ index: i, sku: l.sku, quantity: l.quantity, listPrice: l.listPrice, unitPrice: unit, itemAmount, pricePath: path, discounts: [], netAmount: 0, floorAmount: ctx.floor[i]! });
    const chosen = path[best]!;
    if (chosen.source !== 'list') {
      const member = chosen.source === 'member';
      // A flash sale chosen is the last one that lowered the price (bestFlash); its id is unique.
      const key = member ? memberKey(chosen.ref!) : chosen.ref!;
      let rec: Saving | undefined;
      for (let r = 0; r < itemSavings.length; r++) if (itemSavings[r]!.key === key) { rec = itemSavings[r]!; break; }
      if (!rec) {
        rec = { key, kind: member ? 'member_price' : 'flash_sale', name: member ? chosen.note!.zh : bestFlash!.name, alloc: [] };
        itemSavings.push(rec);
      }
      rec.alloc.push({ line: i, amount: (l.listPrice - unit) * l.quantity });
      if (!member && chosen.note === bestFlash!.floorNote) rec.capped = FLOOR_NOTE;
    }
  }
  for (const rec of itemSavings) {
    const key = rec.key;
    const amount = rec.alloc.reduce((s, a) => s + a.amount, 0);
    const skus = rec.alloc.map((a) => cart.lines[a.line]!.sku).join(', ');
    ctx.discounts.push({
      id: key, stage: 'item_price', kind: rec.kind, name: rec.name, amount, allocations: rec.alloc,
      reason: rec.kind === 'member_price'
        ? bi(`${rec.name}低于标价（${skus}），共省${yuan(amount)}`, `${key.slice(7)} member price below list (${skus}): ${yuan(amount)} saved`)
        : bi(`限时折扣「${rec.name}」价低于标价（${skus}），共省${yuan(amount)}`, `flash sale "${rec.name}" price below list (${skus}): ${yuan(amount)} saved`),
      ...(rec.capped ? { capped: rec.capped } : {}),
    });
  }

  return listAmount;
}

function stageCoupons(ctx: Ctx): number {
  const { cr, cart } = ctx;
  // Stage 3: coupons — item/category coupons, then at most one order coupon.
  let couponDiscount = 0;
  const seen = new Set<string>();
  const orderCoupons: CompiledCoupon[] = [];
  const itemCoupons: CompiledCoupon[] = [];
  for (const id of cart.coupons ?? []) {
    if (seen.has(id)) continue;
    seen.add(id);
    const cc = cr.coupons.get(id);
    if (!cc) { ctx.rejected.push({ id, stage: 'coupon', reason: bi('优惠券不存在', 'no such coupon') }); continue; }
    const block = customerBlock(ctx, cc.t, undefined)
      ?? (inSchedule(cc.s, ctx.now, ctx.nowN) ? null : bi(`不在有效期内（店铺时间 ${ctx.now.wall}）`, `not valid at this time (store time ${ctx.now.wall})`))
      ?? usageBlock(ctx, id, cc.def.totalQuantity, cc.def.perCustomerLimit, undefined);
    if (block) {
      const soldOut = cc.def.totalQuantity !== undefined && (cart.usage?.[id]?.uses ?? 0) >= cc.def.totalQuantity;
      ctx.rejected.push({ id, stage: 'coupon', reason: soldOut ? bi('优惠券已被领用完', 'all coupons of this batch are used') : block });
      continue;
    }
    (cc.def.scope === 'order' ? orderCoupons : itemCoupons).push(cc);
  }
  const couponEffect = (cc: CompiledCoupon, build: boolean): Outcome => {
    const c = cc.def;
    const idx: number[] = [];
    let base = 0;
    for (let i = 0; i < cart.lines.length; i++) {
      if (ctx.cur[i]! > 0 && lineEligible(ctx, cc.t, i)) { idx.push(i); base += ctx.cur[i]!; }
    }
    if (idx.length === 0) return bi('购物车中没有适用商品', 'no eligible items in the cart');
    const t = c.threshold ?? 0;
    if (base < t) {
      const b = yuan(base), ty = yuan(t), short = yuan(t - base);
      return bi(`适用商品金额${b}（已扣除此前的优惠），未满${ty}，还差${short}`, `eligible items come to ${b} after earlier discounts, ${short} short of ${ty}`);
    }
    let amount = c.amount ?? percentOf(base, c.percentOff!);
    let capNote: Bilingual | undefined;
    if (c.maxDiscount !== undefined && amount > c.maxDiscount) { amount = c.maxDiscount; capNote = cc.capNote; }
    if (!build) return Math.min(amount, Number.MAX_SAFE_INTEGER, roomOf(ctx, idx));
    const b = yuan(base), a = yuan(amount);
    return orderLevel(ctx, idx, amount, bi(
      `${cc.headZh}${b}（已扣除此前的优惠），减${a}`,
      `${cc.headEn}${b} after earlier discounts: ${a} off`,
    ), Number.MAX_SAFE_INTEGER, capNote);
  };
  for (const cc of itemCoupons) {
    const o = couponEffect(cc, true);
    if (isReason(o)) { ctx.rejected.push({ id: cc.def.id, stage: 'coupon', reason: o }); continue; }
    const e = o as Effect;
    apply(ctx, cc.def.id, 'coupon', 'item_coupon', cc.def.name, e);
    couponDiscount += e.amount;
  }
  if (orderCoupons.length > 0) {
    let best: { cc: CompiledCoupon; benefit: number } | undefined;
    const others: CompiledCoupon[] = [];
    for (const cc of orderCoupons) {
      const o = couponEffect(cc, false);
      if (typeof o !== 'number') { ctx.rejected.push({ id: cc.def.id, stage: 'coupon', reason: o as Bilingual }); continue; }
      if (!best || o > best.benefit) { if (best) others.push(best.cc); best = { cc, benefit: o }; } else others.push(cc);
    }
    for (const cc of others) {
      ctx.rejected.push({ id: cc.def.id, stage: 'coupon', reason: bi(`每单限用一张店铺券，已选更优惠的「${best!.cc.def.name}」`, `one order coupon per order: "${best!.cc.def.name}" is better`) });
    }
    if (best) {
      const e = couponEffect(best.cc, true) as Effect;
      apply(ctx, best.cc.def.id, 'coupon', 'order_coupon', best.cc.def.name, e);
      couponDiscount += e.amount;
    }
  }

  return couponDiscount;
}

function stagePoints(ctx: Ctx): { pointsUsed: number; pointsDiscount: number } {
  const { cr, cart } = ctx;
  // Stage 4: points, capped at a share of what is left; never below zero (not the margin floor:
  // points pay for goods, they are not a promotion).
  let pointsUsed = 0;
  let pointsDiscount = 0;
  if ((cart.points ?? 0) > 0) {
    const rule = cr.rules.points;
    if (!rule) ctx.rejected.push({ id: 'points', stage: 'points', reason: bi('本店未开通积分抵扣', 'this store does not take points') });
    else {
      const left = sum(ctx.cur);
      const cap = Math.floor(left * rule.maxShare + 1e-9);
      const step = rule.step ?? 1;
      let use = Math.min(cart.points!, Math.floor((cap * rule.pointsPerYuan) / 100));
      use -= use % step;
      const value = Math.floor((use * 100) / rule.pointsPerYuan);
      if (step === 1) use = Math.ceil((value * rule.pointsPerYuan) / 100);
      if (value > 0) {
        const idx: number[] = [];
        for (let i = 0; i < ctx.cur.length; i++) if (ctx.cur[i]! > 0) idx.push(i);
        const { parts } = allocate(ctx, value, idx, false);
        const share = cr.pointsShare;
        const capped = use < cart.points!
          ? bi(`最多抵扣应付金额的${share}%（${yuan(cap)}）`, `at most ${share}% of the amount due (${yuan(cap)})`)
          : undefined;
        const alloc: { line: number; amount: number }[] = [];
        for (let k = 0; k < idx.length; k++) if (parts[k]! > 0) alloc.push({ line: idx[k]!, amount: parts[k]! });
        const v = yuan(value), l = yuan(left);
        apply(ctx, 'points', 'points', 'points', '积分抵扣', {
          amount: value, benefit: value, alloc,
          reason: bi(
            `使用${use}积分抵扣${v}（${rule.pointsPerYuan}积分=¥1，最多抵扣${l}的${share}%）`,
            `${use} points redeemed for ${v} (${rule.pointsPerYuan} points = ¥1, at most ${share}% of ${l})`,
          ),
          ...(capped ? { capped } : {}),
        });
        pointsUsed = use;
        pointsDiscount = value;
      } else {
        ctx.rejected.push({ id: 'points', stage: 'points', reason: bi('可抵扣金额为0', 'nothing can be paid with points') });
      }
    }
  }

  return { pointsUsed, pointsDiscount };
}

/** Quote a cart. `rules` may be compiled once with `compileRules` for speed. */
export function quote(rules: PricingRules | CompiledRules, cart: Cart): Quote {
  const cr = 'groups' in rules && 'flash' in rules ? rules as CompiledRules : compileRules(rules as PricingRules);
  validateCart(cart);
  const customer = cart.customer ?? {};
  const { now, nowN } = storeNow(cart.at, cr.timeZone);
  const ctx: Ctx = {
    cr, cart, now, nowN, customer, segs: customer.segments || customer.groups ? new Set([...(customer.segments ?? []), ...(customer.groups ?? [])]) : NO_SEGMENTS,
    priceKeys: customer.groups ? [customer.tier, ...customer.groups] : [customer.tier],
    mask: lineMasks(cr.elig, cart.lines), words: cr.elig.words,
    aN: 0, aBase: 0, aQty: 0, aRoom: 0, allValid: false, allN: 0, allBase: 0, allQty: 0, allRoom: 0, serial: nextSerial(), version: 0,
    cur: [], floor: [], lines: [], discounts: [], rejected: [], gifts: [],
  };

  const listAmount = stageItemPrice(ctx);
  const itemAmount = sum(ctx.cur);
  const fee = shippingFeeOf(cr, cart);
  const tierFreeShipping = customer.tier !== undefined && (cr.rules.shipping?.freeForTiers?.includes(customer.tier) ?? false);
  const orderPromotionDiscount = stageOrderPromotions(ctx, fee, tierFreeShipping);
  const couponDiscount = stageCoupons(ctx);
  const { pointsUsed, pointsDiscount } = stagePoints(ctx);

  // Stage 5: shipping.
  let shippingDiscount = 0;
  if (fee > 0) {
    if (tierFreeShipping) {
      shippingDiscount = fee;
      ctx.discounts.push({ id: 'shipping', stage: 'shipping', kind: 'tier_free_shipping', name: '会员包邮', amount: fee, allocations: [],
        reason: bi(`${customer.tier}会员权益：免运费${yuan(fee)}`, `${customer.tier} member benefit: ${yuan(fee)} shipping waived`) });
    } else if (ctx.freeShipping) {
      shippingDiscount = fee;
      ctx.discounts.push({ id: ctx.freeShipping.id, stage: 'shipping', kind: 'free_shipping', name: ctx.freeShipping.name, amount: fee, allocations: [],
        reason: bi(`「${ctx.freeShipping.name}」满${yuan(ctx.freeShipping.threshold)}包邮：免运费${yuan(fee)}`, `"${ctx.freeShipping.name}": free shipping over ${yuan(ctx.freeShipping.threshold)}: ${yuan(fee)} waived`) });
    }
  }

  let goodsAmount = 0;
  for (let i = 0; i < ctx.lines.length; i++) { const l = ctx.lines[i]!; l.netAmount = ctx.cur[i]!; goodsAmount += l.netAmount; }
  return {
    currency: cr.currency, listAmount, itemAmount, orderPromotionDiscount, couponDiscount, pointsUsed, pointsDiscount, goodsAmount,
    shippingFee: fee, shippingDiscount, payable: goodsAmount + fee - shippingDiscount,
    lines: ctx.lines, discounts: ctx.discounts, gifts: ctx.gifts, rejected: ctx.rejected,
  };
}
