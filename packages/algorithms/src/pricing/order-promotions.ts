/** Stage 2: order promotions — each candidate evaluated (compared first, built once for the winner), the best of each exclusivity group. */
import { divHalfUp, percentOf, yuan, zhe } from './money.js';
import { bi, type CompiledPromotion } from './compile.js';
import { afterEn, afterZh, aggregate, apply, byUnitValue, type Ctx, customerBlock, type Effect, eligibleLines, EMPTY, lineEligible, minThreshold, NO_ELIGIBLE, orderLevel, type Outcome, perLine, shortOf, usageBlock } from './quote-context.js';
import type { Bilingual, Promotion } from './types.js';

export function evaluate(ctx: Ctx, cp: CompiledPromotion, shippingFee: number, build: boolean): Outcome {
  const p = cp.def;
  const block = customerBlock(ctx, cp.t, cp.s) ?? usageBlock(ctx, cp.id, cp.maxUses, cp.perCustomer, cp.budget);
  if (block) return block;
  aggregate(ctx, cp.t);
  if (ctx.aN === 0) return NO_ELIGIBLE;
  const base = ctx.aBase;
  const qty = ctx.aQty;
  const room = ctx.aRoom;
  // The eligible lines themselves are listed only when needed (building, or per-line kinds).
  const idx = build || cp.kind === 'buy_x_get_y' ? eligibleLines(ctx, cp.t) : EMPTY;
  const budgetLeft = cp.budget !== undefined ? cp.budget - (ctx.cart.usage?.[cp.id]?.spent ?? 0) : Number.MAX_SAFE_INTEGER;
  switch (p.kind) {
    case 'threshold': {
      let best: { threshold: number; discount: number } | undefined;
      for (const t of p.tiers) if (base >= t.threshold && (!best || t.discount > best.discount)) best = t;
      if (!best) return shortOf(base, minThreshold(p.tiers));
      if (!build) return Math.min(best.discount, budgetLeft, room);
      const tiers = p.tiers.map((t) => `满${yuan(t.threshold).slice(1)}减${yuan(t.discount).slice(1)}`).join(' / ');
      return orderLevel(ctx, idx, best.discount, bi(
        `${p.name}（${tiers}）：${afterZh(base)}，达到满${yuan(best.threshold)}档，减${yuan(best.discount)}`,
        `${p.name} (${p.tiers.map((t) => `${yuan(t.discount)} off ${yuan(t.threshold)}`).join(' / ')}): ${afterEn(base)}, reaching the ${yuan(best.threshold)} tier: ${yuan(best.discount)} off`,
      ), budgetLeft);
    }
    case 'repeating': {
      const times = Math.floor(base / p.step);
      if (times === 0) return shortOf(base, p.step);
      let amount = times * p.discount;
      let capNote: Bilingual | undefined;
      if (p.cap !== undefined && amount > p.cap) { amount = p.cap; capNote = bi(`封顶${yuan(p.cap)}`, `capped at ${yuan(p.cap)}`); }
      if (!build) return Math.min(amount, budgetLeft, room);
      return orderLevel(ctx, idx, amount, bi(
        `${p.name}（每满${yuan(p.step)}减${yuan(p.discount)}${p.cap !== undefined ? `，最多减${yuan(p.cap)}` : ''}）：${afterZh(base)}，满${times}次，减${yuan(amount)}`,
        `${p.name} (${yuan(p.discount)} off every ${yuan(p.step)}${p.cap !== undefined ? `, at most ${yuan(p.cap)}` : ''}): ${afterEn(base)}, ${times} × ${yuan(p.discount)}: ${yuan(amount)} off`,
      ), budgetLeft, capNote);
    }
    case 'percent': {
      let best: PercentRule | undefined;
      for (const r of p.rules) {
        if ((r.minQuantity ?? 0) <= qty && (r.minAmount ?? 0) <= base && (!best || r.percentOff > best.percentOff)) best = r;
      }
      if (!best) return bi(`${afterZh(base)}，共${qty}件，未达到条件`, `${afterEn(base)}, ${qty} items: no rule reached`);
      if (!build) return Math.min(percentOf(base, best.percentOff), budgetLeft, room);
      const cond = (r: PercentRule) => [r.minQuantity ? `满${r.minQuantity}件` : '', r.minAmount ? `满${yuan(r.minAmount)}` : ''].join('') || '全场';
      const condEn = (r: PercentRule) => [r.minQuantity ? `${r.minQuantity}+ items` : '', r.minAmount ? `${yuan(r.minAmount)}+` : ''].filter(Boolean).join(' and ') || 'any cart';
      const amount = percentOf(base, best.percentOff);
      return orderLevel(ctx, idx, amount, bi(
        `${p.name}（${cond(best)}${zhe(best.percentOff)}）：${afterZh(base)}，共${qty}件，优惠${yuan(amount)}`,
        `${p.name} (${condEn(best)}: ${best.percentOff}% off): ${afterEn(base)}, ${qty} items: ${yuan(amount)} off`,
      ), budgetLeft);
    }
    case 'buy_x_get_y': {
      const pct = p.percentOff ?? 100;
      const sets = Math.floor(qty / (p.buy + p.get));
      if (sets === 0) return bi(`共${qty}件，需${p.buy + p.get}件`, `${qty} eligible items, ${p.buy + p.get} needed`);
      // The cheapest units (by current unit value; ties by line order) are the free ones.
      const byValue = byUnitValue(ctx, idx);
      let units = sets * p.get;
      const pct100 = Math.round(pct * 100);
      if (!build) {
        // The benefit as perLine would give it, without listing the wanted amounts.
        let total = 0;
        for (let j = 0; j < byValue.length && units > 0; j++) {
          const i = byValue[j]!;
          const q = ctx.cart.lines[i]!.quantity;
          const k = Math.min(units, q);
          units -= k;
          total += Math.min(divHalfUp(ctx.cur[i]! * k * pct100, q * 10_000), Math.max(0, ctx.cur[i]! - ctx.floor[i]!));
        }
        return Math.min(total, budgetLeft);
      }
      const wanted: { line: number; amount: number }[] = [];
      for (const i of byValue) {
        if (units === 0) break;
        const q = ctx.cart.lines[i]!.quantity;
        const k = Math.min(units, q);
        units -= k;
        wanted.push({ line: i, amount: divHalfUp(ctx.cur[i]! * k * pct100, q * 10_000) });
      }
      return perLine(ctx, wanted, bi(`${p.name}（${cp.label.zh}）：${qty}件中${sets * p.get}件最便宜的商品优惠`, `${p.name} (${cp.label.en}): the ${sets * p.get} cheapest of ${qty} items`), budgetLeft);
    }
    case 'nth_item': {
      const n = p.n ?? 2;
      const pct = p.percentOff ?? 50;
      const pct100 = Math.round(pct * 100);
      if (!build) {
        // The benefit as perLine would give it, without listing the wanted amounts.
        let units = 0;
        let total = 0;
        for (let i = 0; i < ctx.cur.length; i++) {
          const c = ctx.cur[i]!;
          if (!(c > 0 && lineEligible(ctx, cp.t, i))) continue;
          const q = ctx.cart.lines[i]!.quantity;
          const k = Math.floor(q / n);
          if (k > 0) { units += k; total += Math.min(divHalfUp(c * k * pct100, q * 10_000), Math.max(0, c - ctx.floor[i]!)); }
        }
        if (units === 0) return bi(`同一商品需买满${n}件`, `needs ${n} units of the same item`);
        return Math.min(total, budgetLeft);
      }
      const wanted: { line: number; amount: number }[] = [];
      let units = 0;
      for (const i of idx) {
        const q = ctx.cart.lines[i]!.quantity;
        const k = Math.floor(q / n);
        if (k > 0) { units += k; wanted.push({ line: i, amount: divHalfUp(ctx.cur[i]! * k * pct100, q * 10_000) }); }
      }
      if (units === 0) return bi(`同一商品需买满${n}件`, `needs ${n} units of the same item`);
      return perLine(ctx, wanted, bi(`${p.name}（${cp.label.zh}）：${units}件按${zhe(pct)}计`, `${p.name} (${cp.label.en}): ${units} units`), budgetLeft);
    }
    case 'gift': {
      if (base < p.threshold) return shortOf(base, p.threshold);
      const g = p.gift;
      if (!build) return g.value * g.quantity;
      return {
        amount: 0, alloc: [], benefit: g.value * g.quantity,
        reason: bi(`${p.name}（满${yuan(p.threshold)}赠${g.name}×${g.quantity}）：${afterZh(base)}`, `${p.name} (${g.name} × ${g.quantity} free over ${yuan(p.threshold)}): ${afterEn(base)}`),
        gift: { promotionId: p.id, sku: g.sku, name: g.name, quantity: g.quantity, value: g.value },
      };
    }
    case 'free_shipping': {
      if (base < p.threshold) return shortOf(base, p.threshold);
      if (!build) return shippingFee;
      return {
        amount: 0, alloc: [], benefit: shippingFee, freeShipping: true,
        reason: bi(`${p.name}（满${yuan(p.threshold)}包邮）：${afterZh(base)}`, `${p.name} (free shipping over ${yuan(p.threshold)}): ${afterEn(base)}`),
      };
    }
    case 'flash_sale':
      return bi('限时折扣在商品价格阶段处理', 'flash sales apply at the item price stage');
  }
}
export type PercentRule = Extract<Promotion, { kind: 'percent' }>['rules'][number];

export function stageOrderPromotions(ctx: Ctx, fee: number, tierFreeShipping: boolean): number {
  const { cr } = ctx;
  // Stage 2: order promotions, group by group (descending priority); the best of each group.
  let orderPromotionDiscount = 0;
  for (const g of cr.groups) {
    let best: CompiledPromotion | undefined;
    let bestBenefit = 0;
    let losers: CompiledPromotion[] | undefined;
    let loserBenefits: number[] | undefined;
    const shippingFee = tierFreeShipping ? 0 : fee;
    for (const cp of g.members) {
      const o = evaluate(ctx, cp, shippingFee, false) as Bilingual | number;
      if (typeof o !== 'number') { ctx.rejected.push({ id: cp.id, stage: 'order_promotion', reason: o }); continue; }
      if (!best || o > bestBenefit) {
        if (best) { (losers ??= []).push(best); (loserBenefits ??= []).push(bestBenefit); }
        best = cp; bestBenefit = o;
      } else { (losers ??= []).push(cp); (loserBenefits ??= []).push(o); }
    }
    if (losers) {
      const bestName = best!.def.name;
      let bestYuan: string | undefined;
      for (let k = 0; k < losers.length; k++) {
        const loser = losers[k]!;
        const lb = loserBenefits![k]!;
        const last = loser.lost;
        let reason: Bilingual;
        if (last && last.best === best && last.bestBenefit === bestBenefit && last.benefit === lb) reason = last.reason;
        else {
          const ly = yuan(lb);
          bestYuan ??= yuan(bestBenefit);
          reason = bi(
            `与「${bestName}」同属互斥组「${g.name}」，后者更优惠（${bestYuan} 对 ${ly}）`,
            `same exclusivity group "${g.name}" as "${bestName}", which is better (${bestYuan} vs ${ly})`,
          );
          loser.lost = { best: best!, bestBenefit, benefit: lb, reason };
        }
        ctx.rejected.push({ id: loser.id, stage: 'order_promotion', reason });
      }
    }
    if (!best) continue;
    const p = best.def;
    // Built only for the one chosen: evaluated again (nothing has changed since) with its text.
    const e = evaluate(ctx, best, shippingFee, true) as Effect;
    if (e.gift) ctx.gifts.push(e.gift);
    if (e.freeShipping && !ctx.freeShipping) ctx.freeShipping = { id: p.id, name: p.name, threshold: (p as { threshold: number }).threshold };
    if (e.amount > 0 || e.gift || e.freeShipping) {
      if (e.freeShipping || e.gift) ctx.discounts.push({ id: p.id, stage: 'order_promotion', kind: p.kind, name: p.name, amount: 0, allocations: [], reason: e.reason });
      else apply(ctx, p.id, 'order_promotion', p.kind, p.name, e);
      orderPromotionDiscount += e.amount;
    } else {
      ctx.rejected.push({ id: p.id, stage: 'order_promotion', reason: e.capped ?? bi('优惠为0', 'nothing to discount') });
    }
  }

  return orderPromotionDiscount;
}
