/** Validated promotion rules compiled into indexes (targeting bitmasks, schedules, groups), once per rule set. */
import { zhe } from './money.js';
import { validateRules } from './validate.js';
import type { Bilingual, Cart, Coupon, PricingRules, Promotion, Schedule, Targeting } from './types.js';

export const bi = (zh: string, en: string): Bilingual => ({ zh, en });
export const FLOOR_NOTE = bi('受毛利底线限制，优惠已封顶', 'capped at the margin floor');
export const ZERO_NOTE = bi('商品金额不足，优惠已封顶（行金额不低于0）', 'capped so that no line goes below zero');

export interface CompiledTargeting {
  channels?: Set<string>; tiers?: Set<string>; segments?: Set<string>;
  skus?: Set<string>; categories?: Set<string>; excludeSkus?: Set<string>; excludeCategories?: Set<string>;
  newCustomersOnly: boolean;
  /** No line-level condition: every line is eligible. */
  allLines: boolean;
  /** Bit position in the per-line eligibility masks (see EligIndex). */
  bit: number;
}
/**
 * Line eligibility of every targeting at once: a line's mask has bit `t.bit` set when the line
 * passes targeting t. Built once per rule set; a quote computes one mask per line with four map
 * look-ups instead of testing every promotion's sets against every line.
 */
export interface EligIndex {
  words: number;
  base: Int32Array;
  skuInc: Map<string, Int32Array>; catInc: Map<string, Int32Array>;
  skuExc: Map<string, Int32Array>; catExc: Map<string, Int32Array>;
}
export interface CompiledSchedule { start?: string; end?: string; startN?: number; endN?: number; days?: Set<number>; dailyStart?: string; dailyEnd?: string }
export interface CompiledPromotion {
  def: Promotion; order: number; group: string; priority: number;
  /** Copies of def's common fields: defs differ in shape by kind, these reads stay monomorphic. */
  id: string; kind: Promotion['kind']; maxUses?: number; perCustomer?: number; budget?: number; t: CompiledTargeting; s?: CompiledSchedule; note: Bilingual; floorNote: Bilingual; label: Bilingual;
  /** The last "lost to a better one in the group" reason given for this promotion, reused while its figures repeat. */
  lost?: { best: CompiledPromotion; bestBenefit: number; benefit: number; reason: Bilingual };
}
export interface CompiledCoupon { def: Coupon; t: CompiledTargeting; s?: CompiledSchedule }

/** Validated and indexed rules; compile once, quote many carts. */
export interface CompiledRules {
  readonly rules: PricingRules;
  readonly timeZone: string;
  readonly currency: string;
  readonly flash: CompiledPromotion[];
  /** Flash sales by id (the first of an id, as a search in `flash` finds). */
  readonly flashById: Map<string, CompiledPromotion>;
  /** Order promotions by group, groups in application order. */
  readonly groups: { name: string; members: CompiledPromotion[] }[];
  readonly coupons: Map<string, CompiledCoupon>;
  readonly elig: EligIndex;
}

export const set = (xs?: string[]) => (xs && xs.length > 0 ? new Set(xs) : undefined);
export const normWall = (s: string) => { const w = s.replace('T', ' '); return w.length === 16 ? `${w}:00` : w; };
/** "YYYY-MM-DD HH:mm:ss" as the number YYYYMMDDHHmmss: same order as the strings, compared faster. */
export const wallNumber = (w: string) => Number(w.replace(/\D/g, ''));

export function compileTargeting(all: CompiledTargeting[], t?: Targeting): CompiledTargeting {
  const c: CompiledTargeting = {
    channels: set(t?.channels), tiers: set(t?.tiers), segments: set(t?.segments),
    skus: set(t?.skus), categories: set(t?.categories), excludeSkus: set(t?.excludeSkus), excludeCategories: set(t?.excludeCategories),
    newCustomersOnly: t?.newCustomersOnly === true, allLines: false, bit: all.length,
  };
  c.allLines = !c.skus && !c.categories && !c.excludeSkus && !c.excludeCategories;
  all.push(c);
  return c;
}

export function buildElig(all: CompiledTargeting[]): EligIndex {
  const words = Math.max(1, Math.ceil(all.length / 32));
  const base = new Int32Array(words);
  const skuInc = new Map<string, Int32Array>(), catInc = new Map<string, Int32Array>();
  const skuExc = new Map<string, Int32Array>(), catExc = new Map<string, Int32Array>();
  const mark = (m: Map<string, Int32Array>, keys: Set<string> | undefined, t: CompiledTargeting) => {
    if (!keys) return;
    for (const k of keys) {
      let a = m.get(k);
      if (!a) { a = new Int32Array(words); m.set(k, a); }
      a[t.bit >> 5]! |= 1 << (t.bit & 31);
    }
  };
  for (const t of all) {
    // Same rule as lineEligible: excluded SKU or category → no; no include list → yes; else in an include list.
    if (t.allLines || (!t.skus && !t.categories)) base[t.bit >> 5]! |= 1 << (t.bit & 31);
    mark(skuInc, t.skus, t); mark(catInc, t.categories, t);
    mark(skuExc, t.excludeSkus, t); mark(catExc, t.excludeCategories, t);
  }
  return { words, base, skuInc, catInc, skuExc, catExc };
}

/** Eligibility masks of a cart's lines, `words` 32-bit ints per line (a plain array: cheaper to make per quote). */
export function lineMasks(ix: EligIndex, lines: Cart['lines']): number[] {
  const w = ix.words;
  const out = new Array<number>(lines.length * w);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const si = ix.skuInc.get(l.sku), se = ix.skuExc.get(l.sku);
    const ci = l.category !== undefined ? ix.catInc.get(l.category) : undefined;
    const ce = l.category !== undefined ? ix.catExc.get(l.category) : undefined;
    for (let k = 0; k < w; k++) {
      let m = ix.base[k]!;
      if (si) m |= si[k]!;
      if (ci) m |= ci[k]!;
      if (se) m &= ~se[k]!;
      if (ce) m &= ~ce[k]!;
      out[i * w + k] = m;
    }
  }
  return out;
}
export function compileSchedule(s?: Schedule, from?: string, to?: string): CompiledSchedule | undefined {
  const start = s?.start ?? from;
  const end = s?.end ?? to;
  if (!start && !end && !s?.daysOfWeek && !s?.dailyStart) return undefined;
  return {
    start: start ? normWall(start) : undefined, end: end ? normWall(end) : undefined,
    startN: start ? wallNumber(normWall(start)) : undefined, endN: end ? wallNumber(normWall(end)) : undefined,
    days: s?.daysOfWeek ? new Set(s.daysOfWeek) : undefined, dailyStart: s?.dailyStart, dailyEnd: s?.dailyEnd,
  };
}

export function labelOf(p: Promotion): Bilingual {
  if (p.kind === 'buy_x_get_y') {
    const pct = p.percentOff ?? 100;
    return pct === 100 ? bi(`买${p.buy}送${p.get}`, `buy ${p.buy} get ${p.get} free`) : bi(`买${p.buy}件，另${p.get}件${zhe(pct)}`, `buy ${p.buy}, ${p.get} more at ${pct}% off`);
  }
  if (p.kind === 'nth_item') {
    const n = p.n ?? 2;
    const pct = p.percentOff ?? 50;
    return n === 2 && pct === 50 ? bi('第二件半价', 'second unit half price') : bi(`第${n}件${zhe(pct)}`, `every ${n}th unit of an item ${pct}% off`);
  }
  return bi(p.name, p.name);
}

export function compileRules(rules: PricingRules): CompiledRules {
  validateRules(rules);
  const targetings: CompiledTargeting[] = [];
  const flash: CompiledPromotion[] = [];
  const byGroup = new Map<string, CompiledPromotion[]>();
  rules.promotions.forEach((def, order) => {
    const cp: CompiledPromotion = {
      def, order, group: def.group ?? def.id, id: def.id, kind: def.kind, maxUses: def.limits?.maxUses, perCustomer: def.limits?.perCustomer, budget: def.limits?.budget, priority: def.priority ?? 0, t: compileTargeting(targetings, def.targeting), s: compileSchedule(def.schedule),
      note: bi(`限时折扣「${def.name}」`, `flash sale "${def.name}"`),
      floorNote: bi(`限时折扣「${def.name}」，${FLOOR_NOTE.zh}`, `flash sale "${def.name}", ${FLOOR_NOTE.en}`),
      label: labelOf(def),
    };
    if (def.kind === 'flash_sale') flash.push(cp);
    else {
      const g = byGroup.get(cp.group);
      if (g) g.push(cp); else byGroup.set(cp.group, [cp]);
    }
  });
  const flashById = new Map<string, CompiledPromotion>();
  for (const f of flash) if (!flashById.has(f.def.id)) flashById.set(f.def.id, f);
  const groups = [...byGroup.entries()].map(([name, members]) => ({
    name,
    members: members.sort((a, b) => b.priority - a.priority || a.order - b.order),
  }));
  groups.sort((a, b) => b.members[0]!.priority - a.members[0]!.priority || Math.min(...a.members.map((m) => m.order)) - Math.min(...b.members.map((m) => m.order)));
  const coupons = new Map<string, CompiledCoupon>();
  for (const def of rules.coupons ?? []) coupons.set(def.id, { def, t: compileTargeting(targetings, def.targeting), s: compileSchedule(undefined, def.validFrom, def.validTo) });
  return { rules, timeZone: rules.timeZone ?? 'Asia/Shanghai', currency: rules.currency ?? 'CNY', flash, groups, coupons, elig: buildElig(targetings), flashById };
}
