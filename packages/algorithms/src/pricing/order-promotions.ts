/** Stage 2: order promotions — each candidate evaluated (compared first, built once for the winner), the best of each exclusivity group. */
import { divHalfUp, percentOf, yuan } from './money.js';
import { bi, type CompiledPromotion, type PromoText } from './compile.js';
import { AFTER_EN, AFTER_EN_END, AFTER_ZH, AFTER_ZH_END, aggregate, apply, byUnitValue, type Ctx, customerBlock, type Effect, eligibleLines, EMPTY, lineEligible, NO_ELIGIBLE, orderLevel, type Outcome, perLine, shortOf, usageBlock } from './quote-context.js';
import type { Bilingual, Promotion } from './types.js';

const afterBoth = (text: PromoText, base: number): Bilingual => { const b = yuan(base); return bi(text.headZh + AFTER_ZH + b + AFTER_ZH_END, text.headEn + AFTER_EN + b + AFTER_EN_END); };

export function evaluate(ctx: Ctx, cp: CompiledPromotion, shippingFee: number, build: boolean): Outcome {
  const sp = cp.spec;
  const text = cp.text;
  // The winner of a group is built right after it was compared: its customer and usage checks passed.
  if (!build) {
    const block = customerBlock(ctx, cp.t, cp.s) ?? usageBlock(ctx, cp.id, cp.maxUses, cp.perCustomer, cp.budget);
    if (block) return block;
  }
  aggregate(ctx, cp.t);
  if (ctx.aN === 0) return NO_ELIGIBLE;
  const base = ctx.aBase;
  const qty = ctx.aQty;
  const room = ctx.aRoom;
  // The eligible lines themselves are listed only when needed (building, or per-line kinds).
  const idx = build || cp.kind === 'buy_x_get_y' ? eligibleLines(ctx, cp.t) : EMPTY;
  const budgetLeft = cp.budget !== undefined ? cp.budget - (ctx.cart.usage?.[cp.id]?.spent ?? 0) : Number.MAX_SAFE_INTEGER;
  switch (cp.kind) {
    case 'threshold': {
      const tiers = sp.tiers;
      let k = -1;
      for (let j = 0; j < tiers.length; j++) if (base >= tiers[j]!.threshold && (k < 0 || tiers[j]!.discount > tiers[k]!.discount)) k = j;
      if (k < 0) return shortOf(base, text.min);
      const discount = tiers[k]!.discount;
      if (!build) return Math.min(discount, budgetLeft, room);
      const b = yuan(base);
      return orderLevel(ctx, idx, discount, bi(
        text.headZh + AFTER_ZH + b + AFTER_ZH_END + text.partsZh[k]!,
        text.headEn + AFTER_EN + b + AFTER_EN_END + text.partsEn[k]!,
      ), budgetLeft);
    }
    case 'repeating': {
      const times = Math.floor(base / sp.step);
      if (times === 0) return shortOf(base, sp.step);
      let amount = times * sp.discount;
      let capNote: Bilingual | undefined;
      if (sp.cap !== undefined && amount > sp.cap) { amount = sp.cap; capNote = text.note; }
      if (!build) return Math.min(amount, budgetLeft, room);
      const b = yuan(base), a = yuan(amount);
      return orderLevel(ctx, idx, amount, bi(
        `${text.headZh}${AFTER_ZH}${b}${AFTER_ZH_END}，满${times}次，减${a}`,
        `${text.headEn}${AFTER_EN}${b}${AFTER_EN_END}, ${times}${text.tailEn}${a} off`,
      ), budgetLeft, capNote);
    }
    case 'percent': {
      const rules = sp.rules;
      let k = -1;
      for (let j = 0; j < rules.length; j++) {
        const r = rules[j]!;
        if (r.minQuantity <= qty && r.minAmount <= base && (k < 0 || r.percentOff > rules[k]!.percentOff)) k = j;
      }
      if (k < 0) { const b = yuan(base); return bi(`${AFTER_ZH}${b}${AFTER_ZH_END}，共${qty}件，未达到条件`, `${AFTER_EN}${b}${AFTER_EN_END}, ${qty} items: no rule reached`); }
      const amount = percentOf(base, rules[k]!.percentOff);
      if (!build) return Math.min(amount, budgetLeft, room);
      const b = yuan(base), a = yuan(amount);
      return orderLevel(ctx, idx, amount, bi(
        `${text.partsZh[k]!}${AFTER_ZH}${b}${AFTER_ZH_END}，共${qty}件，优惠${a}`,
        `${text.partsEn[k]!}${AFTER_EN}${b}${AFTER_EN_END}, ${qty} items: ${a} off`,
      ), budgetLeft);
    }
    case 'buy_x_get_y': {
      const pct = sp.percentOff;
      const sets = Math.floor(qty / (sp.buy + sp.get));
      if (sets === 0) return bi(`共${qty}件，需${sp.buy + sp.get}件`, `${qty} eligible items, ${sp.buy + sp.get} needed`);
      // The cheapest units (by current unit value; ties by line order) are the free ones.
      const byValue = byUnitValue(ctx, idx);
      let units = sets * sp.get;
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
      return perLine(ctx, wanted, bi(`${text.headZh}${qty}件中${sets * sp.get}件最便宜的商品优惠`, `${text.headEn}${sets * sp.get} cheapest of ${qty} items`), budgetLeft);
    }
    case 'nth_item': {
      const n = sp.n;
      const pct = sp.percentOff;
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
        if (units === 0) return text.note!;
        return Math.min(total, budgetLeft);
      }
      const wanted: { line: number; amount: number }[] = [];
      let units = 0;
      for (const i of idx) {
        const q = ctx.cart.lines[i]!.quantity;
        const k = Math.floor(q / n);
        if (k > 0) { units += k; wanted.push({ line: i, amount: divHalfUp(ctx.cur[i]! * k * pct100, q * 10_000) }); }
      }
      if (units === 0) return text.note!;
      return perLine(ctx, wanted, bi(`${text.headZh}${units}${text.tailZh}`, `${text.headEn}${units} units`), budgetLeft);
    }
    case 'gift': {
      if (base < sp.threshold) return shortOf(base, sp.threshold);
      const g = sp.gift!;
      if (!build) return g.value * g.quantity;
      return {
        amount: 0, alloc: [], benefit: g.value * g.quantity,
        reason: afterBoth(text, base),
        gift: { promotionId: cp.id, sku: g.sku, name: g.name, quantity: g.quantity, value: g.value },
      };
    }
    case 'free_shipping': {
      if (base < sp.threshold) return shortOf(base, sp.threshold);
      if (!build) return shippingFee;
      return {
        amount: 0, alloc: [], benefit: shippingFee, freeShipping: true,
        reason: afterBoth(text, base),
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
      const bestText = best!.text;
      // 与「best」同属互斥组「group」，后者更优惠（¥x 对 ¥y） / same exclusivity group "group" as "best", which is better (¥x vs ¥y):
      // the part up to ¥x is joined once per group.
      let headZh: string | undefined, headEn = '';
      for (let k = 0; k < losers.length; k++) {
        const loser = losers[k]!;
        const lb = loserBenefits![k]!;
        const last = loser.lost;
        let reason: Bilingual;
        if (last && last.best === best && last.bestBenefit === bestBenefit && last.benefit === lb) reason = last.reason;
        else {
          const ly = yuan(lb);
          if (headZh === undefined) {
            const by = yuan(bestBenefit);
            headZh = `${bestText.lostZh}${by} 对 `;
            headEn = `${bestText.lostEn}${by} vs `;
          }
          reason = bi(`${headZh}${ly}）`, `${headEn}${ly})`);
          if (last) { last.best = best!; last.bestBenefit = bestBenefit; last.benefit = lb; last.reason = reason; }
          else loser.lost = { best: best!, bestBenefit, benefit: lb, reason };
        }
        ctx.rejected.push({ id: loser.id, stage: 'order_promotion', reason });
      }
    }
    if (!best) continue;
    // Built only for the one chosen: evaluated again (nothing has changed since) with its text.
    const e = evaluate(ctx, best, shippingFee, true) as Effect;
    if (e.gift) ctx.gifts.push(e.gift);
    if (e.freeShipping && !ctx.freeShipping) ctx.freeShipping = { id: best.id, name: best.name, threshold: best.spec.threshold };
    if (e.amount > 0 || e.gift || e.freeShipping) {
      if (e.freeShipping || e.gift) ctx.discounts.push({ id: best.id, stage: 'order_promotion', kind: best.kind, name: best.name, amount: 0, allocations: [], reason: e.reason });
      else apply(ctx, best.id, 'order_promotion', best.kind, best.name, e);
      orderPromotionDiscount += e.amount;
    } else {
      ctx.rejected.push({ id: best.id, stage: 'order_promotion', reason: e.capped ?? bi('优惠为0', 'nothing to discount') });
    }
  }

  return orderPromotionDiscount;
}
