/** Validated promotion rules compiled into indexes (targeting bitmasks, schedules, groups), once per rule set. */
import { yuan, zhe } from './money.js';
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
  /**
   * aggregate()'s last figures for this targeting (eligible lines' count, amount, quantity, room),
   * valid while `aQuote` and `aVersion` are the current quote's serial and amounts version: a
   * group's winner is built right after it was compared, on the same amounts.
   */
  aQuote: number; aVersion: number; aN: number; aBase: number; aQty: number; aRoom: number;
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
  name: string;
  /** The kind's figures with their defaults filled in, in one shape for every kind (see PromoSpec). */
  spec: PromoSpec;
  /** Fixed parts of the reason texts, built once per rule set (see PromoText). */
  text: PromoText;
  /** The last "lost to a better one in the group" reason given for this promotion, reused while its figures repeat. */
  lost?: { best: CompiledPromotion; bestBenefit: number; benefit: number; reason: Bilingual };
}
/**
 * A promotion's figures in one object shape whatever its kind (defs differ in shape by kind and
 * by which optional fields they have; reading them through one shape keeps the engine's property
 * reads monomorphic). Absent optional figures take the engine's defaults.
 */
export interface PromoSpec {
  /** threshold */
  tiers: { threshold: number; discount: number }[];
  /** percent: minQuantity and minAmount 0 when absent. */
  rules: { minQuantity: number; minAmount: number; percentOff: number }[];
  /** repeating */
  step: number; discount: number; cap: number | undefined;
  /** buy_x_get_y, nth_item (n 2 by default); percentOff: 100 for buy_x_get_y, 50 for nth_item by default, a flash sale's own. */
  buy: number; get: number; n: number; percentOff: number;
  /** gift, free_shipping */
  threshold: number;
  gift: { sku: string; name: string; quantity: number; value: number } | undefined;
  /** flash_sale with fixed prices */
  prices: Record<string, number> | undefined;
}

export function specOf(p: Promotion): PromoSpec {
  const sp: PromoSpec = { tiers: [], rules: [], step: 0, discount: 0, cap: undefined, buy: 0, get: 0, n: 2, percentOff: 0, threshold: 0, gift: undefined, prices: undefined };
  switch (p.kind) {
    case 'threshold': sp.tiers = p.tiers.map((t) => ({ threshold: t.threshold, discount: t.discount })); break;
    case 'repeating': sp.step = p.step; sp.discount = p.discount; sp.cap = p.cap; break;
    case 'percent': sp.rules = p.rules.map((r) => ({ minQuantity: r.minQuantity ?? 0, minAmount: r.minAmount ?? 0, percentOff: r.percentOff })); break;
    case 'buy_x_get_y': sp.buy = p.buy; sp.get = p.get; sp.percentOff = p.percentOff ?? 100; break;
    case 'nth_item': sp.n = p.n ?? 2; sp.percentOff = p.percentOff ?? 50; break;
    case 'gift': sp.threshold = p.threshold; sp.gift = { sku: p.gift.sku, name: p.gift.name, quantity: p.gift.quantity, value: p.gift.value }; break;
    case 'free_shipping': sp.threshold = p.threshold; break;
    case 'flash_sale': sp.prices = p.prices; sp.percentOff = p.percentOff ?? 0; break;
  }
  return sp;
}

/**
 * The parts of a promotion's reason texts that depend only on its definition, so a quote only
 * joins them with its own figures (the texts are the same as when built whole).
 */
export interface PromoText {
  /** "name（…）：" / "name (…): ": everything before the figures of the quote. */
  headZh: string; headEn: string;
  /** threshold: per tier "，达到满¥299档，减¥40" / ", reaching the ¥299 tier: ¥40 off"; percent: per rule the head. */
  partsZh: string[]; partsEn: string[];
  /** repeating: " × ¥20: "; nth_item: "件按5折计". */
  tailZh: string; tailEn: string;
  /** repeating: the cap note; nth_item: the "needs n units" reason. */
  note?: Bilingual;
  /** threshold: the lowest tier's threshold. */
  min: number;
  /** The start of the reason a group member loses to this promotion: "与「name」同属互斥组「group」，后者更优惠（" / "same exclusivity group "group" as "name", which is better (". */
  lostZh: string; lostEn: string;
}
export interface CompiledCoupon {
  def: Coupon; t: CompiledTargeting; s?: CompiledSchedule;
  /** The reason's fixed parts: "优惠券「name」（满¥200减¥15）：适用商品金额" / "coupon "name" (¥15 off over ¥200): eligible items come to ", and the maxDiscount note. */
  headZh: string; headEn: string; capNote?: Bilingual;
}

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
  /** The points rule's maxShare in percent as the reasons print it ("10", "12.5"). */
  readonly pointsShare: string;
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
    aQuote: -1, aVersion: -1, aN: 0, aBase: 0, aQty: 0, aRoom: 0,
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

type PercentRule = Extract<Promotion, { kind: 'percent' }>['rules'][number];
const condZh = (r: PercentRule) => [r.minQuantity ? `满${r.minQuantity}件` : '', r.minAmount ? `满${yuan(r.minAmount)}` : ''].join('') || '全场';
const condEn = (r: PercentRule) => [r.minQuantity ? `${r.minQuantity}+ items` : '', r.minAmount ? `${yuan(r.minAmount)}+` : ''].filter(Boolean).join(' and ') || 'any cart';

export function textOf(p: Promotion, label: Bilingual, group: string): PromoText {
  const t: PromoText = {
    headZh: '', headEn: '', partsZh: [], partsEn: [], tailZh: '', tailEn: '', min: 0,
    lostZh: `与「${p.name}」同属互斥组「${group}」，后者更优惠（`, lostEn: `same exclusivity group "${group}" as "${p.name}", which is better (`,
  };
  switch (p.kind) {
    case 'threshold':
      t.headZh = `${p.name}（${p.tiers.map((x) => `满${yuan(x.threshold).slice(1)}减${yuan(x.discount).slice(1)}`).join(' / ')}）：`;
      t.headEn = `${p.name} (${p.tiers.map((x) => `${yuan(x.discount)} off ${yuan(x.threshold)}`).join(' / ')}): `;
      t.partsZh = p.tiers.map((x) => `，达到满${yuan(x.threshold)}档，减${yuan(x.discount)}`);
      t.partsEn = p.tiers.map((x) => `, reaching the ${yuan(x.threshold)} tier: ${yuan(x.discount)} off`);
      t.min = Infinity;
      for (const x of p.tiers) if (x.threshold < t.min) t.min = x.threshold;
      break;
    case 'repeating':
      t.headZh = `${p.name}（每满${yuan(p.step)}减${yuan(p.discount)}${p.cap !== undefined ? `，最多减${yuan(p.cap)}` : ''}）：`;
      t.headEn = `${p.name} (${yuan(p.discount)} off every ${yuan(p.step)}${p.cap !== undefined ? `, at most ${yuan(p.cap)}` : ''}): `;
      t.tailEn = ` × ${yuan(p.discount)}: `;
      if (p.cap !== undefined) t.note = bi(`封顶${yuan(p.cap)}`, `capped at ${yuan(p.cap)}`);
      break;
    case 'percent':
      t.partsZh = p.rules.map((r) => `${p.name}（${condZh(r)}${zhe(r.percentOff)}）：`);
      t.partsEn = p.rules.map((r) => `${p.name} (${condEn(r)}: ${r.percentOff}% off): `);
      break;
    case 'buy_x_get_y':
      t.headZh = `${p.name}（${label.zh}）：`;
      t.headEn = `${p.name} (${label.en}): the `;
      break;
    case 'nth_item': {
      const n = p.n ?? 2;
      t.headZh = `${p.name}（${label.zh}）：`;
      t.headEn = `${p.name} (${label.en}): `;
      t.tailZh = `件按${zhe(p.percentOff ?? 50)}计`;
      t.note = bi(`同一商品需买满${n}件`, `needs ${n} units of the same item`);
      break;
    }
    case 'gift':
      t.headZh = `${p.name}（满${yuan(p.threshold)}赠${p.gift.name}×${p.gift.quantity}）：`;
      t.headEn = `${p.name} (${p.gift.name} × ${p.gift.quantity} free over ${yuan(p.threshold)}): `;
      break;
    case 'free_shipping':
      t.headZh = `${p.name}（满${yuan(p.threshold)}包邮）：`;
      t.headEn = `${p.name} (free shipping over ${yuan(p.threshold)}): `;
      break;
    case 'flash_sale':
      break;
  }
  return t;
}

function compileCoupon(targetings: CompiledTargeting[], c: Coupon): CompiledCoupon {
  const t = c.threshold ?? 0;
  const what = c.amount !== undefined ? `${t > 0 ? `满${yuan(t)}` : '无门槛'}减${yuan(c.amount)}` : `${t > 0 ? `满${yuan(t)}` : '无门槛'}${zhe(c.percentOff!)}`;
  const whatEn = c.amount !== undefined ? `${yuan(c.amount)} off${t > 0 ? ` over ${yuan(t)}` : ''}` : `${c.percentOff}% off${t > 0 ? ` over ${yuan(t)}` : ''}`;
  const cc: CompiledCoupon = {
    def: c, t: compileTargeting(targetings, c.targeting), s: compileSchedule(undefined, c.validFrom, c.validTo),
    headZh: `优惠券「${c.name}」（${what}）：适用商品金额`, headEn: `coupon "${c.name}" (${whatEn}): eligible items come to `,
  };
  if (c.maxDiscount !== undefined) cc.capNote = bi(`最多减${yuan(c.maxDiscount)}`, `at most ${yuan(c.maxDiscount)}`);
  return cc;
}

export function compileRules(rules: PricingRules): CompiledRules {
  validateRules(rules);
  const targetings: CompiledTargeting[] = [];
  const flash: CompiledPromotion[] = [];
  const byGroup = new Map<string, CompiledPromotion[]>();
  rules.promotions.forEach((def, order) => {
    const label = labelOf(def);
    const cp: CompiledPromotion = {
      def, order, group: def.group ?? def.id, id: def.id, kind: def.kind, maxUses: def.limits?.maxUses, perCustomer: def.limits?.perCustomer, budget: def.limits?.budget, priority: def.priority ?? 0, t: compileTargeting(targetings, def.targeting), s: compileSchedule(def.schedule),
      note: bi(`限时折扣「${def.name}」`, `flash sale "${def.name}"`),
      floorNote: bi(`限时折扣「${def.name}」，${FLOOR_NOTE.zh}`, `flash sale "${def.name}", ${FLOOR_NOTE.en}`),
      name: def.name, spec: specOf(def), label, text: textOf(def, label, def.group ?? def.id),
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
  for (const def of rules.coupons ?? []) coupons.set(def.id, compileCoupon(targetings, def));
  const pointsShare = rules.points ? String(+(rules.points.maxShare * 100).toFixed(2)) : '';
  return { rules, timeZone: rules.timeZone ?? 'Asia/Shanghai', currency: rules.currency ?? 'CNY', flash, groups, coupons, elig: buildElig(targetings), flashById, pointsShare };
}
