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
import { prorate } from '../shared/prorate.js';
import { divHalfUp, percentOf, yuan, zhe } from './money.js';
import { validateCart, validateRules } from './validate.js';
import type {
  Bilingual, Cart, Coupon, PriceStep, PricingRules, Promotion, Quote, QuoteDiscount, QuoteLine, QuoteRejection, Schedule, Stage, Targeting,
} from './types.js';

const bi = (zh: string, en: string): Bilingual => ({ zh, en });
const FLOOR_NOTE = bi('受毛利底线限制，优惠已封顶', 'capped at the margin floor');
const ZERO_NOTE = bi('商品金额不足，优惠已封顶（行金额不低于0）', 'capped so that no line goes below zero');

interface CompiledTargeting {
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
interface EligIndex {
  words: number;
  base: Int32Array;
  skuInc: Map<string, Int32Array>; catInc: Map<string, Int32Array>;
  skuExc: Map<string, Int32Array>; catExc: Map<string, Int32Array>;
}
interface CompiledSchedule { start?: string; end?: string; startN?: number; endN?: number; days?: Set<number>; dailyStart?: string; dailyEnd?: string }
interface CompiledPromotion {
  def: Promotion; order: number; group: string; priority: number;
  /** Copies of def's common fields: defs differ in shape by kind, these reads stay monomorphic. */
  id: string; kind: Promotion['kind']; maxUses?: number; perCustomer?: number; budget?: number; t: CompiledTargeting; s?: CompiledSchedule; note: Bilingual; floorNote: Bilingual; label: Bilingual;
  /** The last "lost to a better one in the group" reason given for this promotion, reused while its figures repeat. */
  lost?: { best: CompiledPromotion; bestBenefit: number; benefit: number; reason: Bilingual };
}
interface CompiledCoupon { def: Coupon; t: CompiledTargeting; s?: CompiledSchedule }

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

const set = (xs?: string[]) => (xs && xs.length > 0 ? new Set(xs) : undefined);
const normWall = (s: string) => { const w = s.replace('T', ' '); return w.length === 16 ? `${w}:00` : w; };
/** "YYYY-MM-DD HH:mm:ss" as the number YYYYMMDDHHmmss: same order as the strings, compared faster. */
const wallNumber = (w: string) => Number(w.replace(/\D/g, ''));

function compileTargeting(all: CompiledTargeting[], t?: Targeting): CompiledTargeting {
  const c: CompiledTargeting = {
    channels: set(t?.channels), tiers: set(t?.tiers), segments: set(t?.segments),
    skus: set(t?.skus), categories: set(t?.categories), excludeSkus: set(t?.excludeSkus), excludeCategories: set(t?.excludeCategories),
    newCustomersOnly: t?.newCustomersOnly === true, allLines: false, bit: all.length,
  };
  c.allLines = !c.skus && !c.categories && !c.excludeSkus && !c.excludeCategories;
  all.push(c);
  return c;
}

function buildElig(all: CompiledTargeting[]): EligIndex {
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
function lineMasks(ix: EligIndex, lines: Cart['lines']): number[] {
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
function compileSchedule(s?: Schedule, from?: string, to?: string): CompiledSchedule | undefined {
  const start = s?.start ?? from;
  const end = s?.end ?? to;
  if (!start && !end && !s?.daysOfWeek && !s?.dailyStart) return undefined;
  return {
    start: start ? normWall(start) : undefined, end: end ? normWall(end) : undefined,
    startN: start ? wallNumber(normWall(start)) : undefined, endN: end ? wallNumber(normWall(end)) : undefined,
    days: s?.daysOfWeek ? new Set(s.daysOfWeek) : undefined, dailyStart: s?.dailyStart, dailyEnd: s?.dailyEnd,
  };
}

function labelOf(p: Promotion): Bilingual {
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

// ---- time in the store's zone ------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();
/** UTC offsets (ms) by zone and quarter hour: zone transitions fall on quarter hours, so one lookup per bucket is exact. */
const offsets = new Map<string, number>();
interface LocalTime { wall: string; dow: number; hhmm: string }
const QUARTER = 15 * 60_000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function offsetAt(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / QUARTER);
  const key = `${timeZone}|${bucket}`;
  let off = offsets.get(key);
  if (off === undefined) {
    let f = formatters.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
      formatters.set(timeZone, f);
    }
    const at = bucket * QUARTER;
    const p: Record<string, number> = {};
    for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, off);
  }
  return off;
}

/** The wall-clock time of an instant in a zone ("YYYY-MM-DD HH:mm:ss"), its ISO weekday and "HH:mm". */
export function localTime(instant: string, timeZone: string): LocalTime {
  const ms = Date.parse(instant);
  const d = new Date(ms + offsetAt(ms, timeZone));
  const hhmm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return {
    wall: `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${hhmm}:${pad2(d.getUTCSeconds())}`,
    dow: d.getUTCDay() === 0 ? 7 : d.getUTCDay(),
    hhmm,
  };
}

const NO_SEGMENTS: ReadonlySet<string> = new Set<string>();
const sum = (xs: number[]) => { let t = 0; for (let i = 0; i < xs.length; i++) t += xs[i]!; return t; };

/** The last quote's moment: carts are often quoted at the same instant (a batch, a preview). */
let lastNow: { at: string; timeZone: string; now: LocalTime; nowN: number } | undefined;
function storeNow(at: string, timeZone: string): { now: LocalTime; nowN: number } {
  if (lastNow && lastNow.at === at && lastNow.timeZone === timeZone) return lastNow;
  const now = localTime(at, timeZone);
  lastNow = { at, timeZone, now, nowN: wallNumber(now.wall) };
  return lastNow;
}

// ---- the quote ----------------------------------------------------------------------------

type Customer = NonNullable<Cart['customer']>;
interface Ctx {
  cr: CompiledRules; cart: Cart; now: LocalTime; nowN: number; customer: Customer; segs: ReadonlySet<string>;
  priceKeys: (string | undefined)[];
  /** Per-line eligibility masks (lineMasks) and their width. */
  mask: number[]; words: number;
  /** aggregate(): the last targeting's eligible lines; all*: cached for all-lines targeting. */
  aN: number; aBase: number; aQty: number; aRoom: number;
  allValid: boolean; allN: number; allBase: number; allQty: number; allRoom: number;
  cur: number[]; floor: number[]; lines: QuoteLine[];
  discounts: QuoteDiscount[]; rejected: QuoteRejection[]; gifts: Quote['gifts'];
  freeShipping?: { id: string; name: string; threshold: number };
}

function inSchedule(s: CompiledSchedule | undefined, now: LocalTime, nowN: number): boolean {
  if (!s) return true;
  if (s.startN !== undefined && nowN < s.startN) return false;
  if (s.endN !== undefined && nowN >= s.endN) return false;
  if (s.days && !s.days.has(now.dow)) return false;
  if (s.dailyStart && s.dailyEnd) {
    const inside = s.dailyStart <= s.dailyEnd ? now.hhmm >= s.dailyStart && now.hhmm < s.dailyEnd : now.hhmm >= s.dailyStart || now.hhmm < s.dailyEnd;
    if (!inside) return false;
  }
  return true;
}

/** Why the customer or moment is not eligible, or null when it is. */
function customerBlock(ctx: Ctx, t: CompiledTargeting, s: CompiledSchedule | undefined): Bilingual | null {
  if (!inSchedule(s, ctx.now, ctx.nowN)) return bi(`不在活动时间内（店铺时间 ${ctx.now.wall}）`, `not running at this time (store time ${ctx.now.wall})`);
  if (t.channels && !(ctx.cart.channel && t.channels.has(ctx.cart.channel))) return bi('不适用于当前渠道', 'not offered on this channel');
  if (t.tiers && !(ctx.customer.tier && t.tiers.has(ctx.customer.tier))) return bi('仅限指定会员等级', 'only for certain member tiers');
  if (t.segments) {
    let hit = false;
    for (const s2 of t.segments) if (ctx.segs.has(s2)) { hit = true; break; }
    if (!hit) return bi('仅限指定人群', 'only for certain customer segments');
  }
  if (t.newCustomersOnly && ctx.customer.isNew !== true) return bi('仅限新客', 'new customers only');
  return null;
}

/**
 * Whether line i passes the line conditions of targeting t: not an excluded SKU or category, and
 * in an included SKU or category when there are include lists (read from the per-quote masks).
 */
function lineEligible(ctx: Ctx, t: CompiledTargeting, i: number): boolean {
  return t.allLines || ((ctx.mask[i * ctx.words + (t.bit >> 5)]! >>> (t.bit & 31)) & 1) === 1;
}

function usageBlock(ctx: Ctx, id: string, maxUses?: number, perCustomer?: number, budget?: number): Bilingual | null {
  const u = ctx.cart.usage?.[id];
  if (maxUses !== undefined && (u?.uses ?? 0) >= maxUses) return bi('活动名额已用完', 'no uses left');
  if (perCustomer !== undefined && (u?.customerUses ?? 0) >= perCustomer) return bi(`每人限用${perCustomer}次，已用完`, `limit of ${perCustomer} per customer reached`);
  if (budget !== undefined && (u?.spent ?? 0) >= budget) return bi('活动预算已用完', 'budget spent');
  return null;
}

/**
 * Split `amount` over `idx` lines in proportion to their current amounts with `prorate`, never
 * taking a line below `limit` (its floor, or zero). Returns the parts (same order as idx) and the
 * amount actually given (less than asked when the lines' room is smaller).
 */
function allocate(ctx: Ctx, amount: number, idx: number[], useFloor: boolean): { parts: number[]; total: number; byFloor: boolean } {
  const n = idx.length;
  const room = new Array<number>(n);
  let roomTotal = 0;
  let anyFloor = false;
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    const f = useFloor ? ctx.floor[i]! : 0;
    const r = Math.max(0, ctx.cur[i]! - f);
    room[k] = r;
    roomTotal += r;
    if (f > 0) anyFloor = true;
  }
  let byFloor = false;
  if (amount > roomTotal) {
    amount = roomTotal;
    byFloor = useFloor && anyFloor;
  }
  const parts = new Array<number>(n).fill(0);
  if (amount === 0) return { parts, total: 0, byFloor };
  let open: number[] = [];
  for (let k = 0; k < n; k++) if (room[k]! > 0) open.push(k);
  let left = amount;
  for (;;) {
    let split: number[];
    // One line takes it all (what prorate gives for a single positive weight).
    if (open.length === 1) split = [left];
    else {
      const weights = new Array<number>(open.length);
      for (let j = 0; j < open.length; j++) weights[j] = ctx.cur[idx[open[j]!]!]!;
      split = prorate(left, weights);
    }
    let over = 0;
    for (let j = 0; j < split.length; j++) if (split[j]! > room[open[j]!]!) over++;
    if (over === 0) {
      for (let j = 0; j < split.length; j++) parts[open[j]!] = split[j]!;
      break;
    }
    // Lines whose share exceeds their room take exactly their room; the rest is re-split.
    const still: number[] = [];
    for (let j = 0; j < split.length; j++) {
      const k = open[j]!;
      if (split[j]! > room[k]!) {
        parts[k] = room[k]!;
        left -= room[k]!;
        byFloor ||= useFloor && ctx.floor[idx[k]!]! > 0;
      } else still.push(k);
    }
    open = still;
    if (left === 0) break;
  }
  return { parts, total: amount, byFloor };
}

interface Effect {
  amount: number;
  /** Per line index. */
  alloc: { line: number; amount: number }[];
  reason: Bilingual;
  capped?: Bilingual;
  gift?: Quote['gifts'][number];
  freeShipping?: boolean;
  /** For choosing the best in a group: discount + gift value + shipping saved. */
  benefit: number;
}
/**
 * What evaluating a candidate gives: the reason it does not apply (a Bilingual), its benefit (a
 * number, when only comparing: nothing is built) or, asked again with build = true for the one
 * chosen, its effect. Candidates that are only compared allocate no closures and no text.
 */
type Outcome = Bilingual | number | Effect;
const isReason = (o: Outcome): o is Bilingual => typeof o === 'object' && 'zh' in o;

function roomOf(ctx: Ctx, idx: number[]): number {
  let r = 0;
  for (const i of idx) r += Math.max(0, ctx.cur[i]! - ctx.floor[i]!);
  return r;
}


function orderLevel(ctx: Ctx, idx: number[], amount: number, reason: Bilingual, budgetLeft: number, extraCap?: Bilingual): Effect {
  let capped = extraCap;
  if (amount > budgetLeft) { amount = budgetLeft; capped = bi('受活动剩余预算限制', 'capped by the remaining budget'); }
  const { parts, total, byFloor } = allocate(ctx, amount, idx, true);
  if (total < amount) capped = byFloor ? FLOOR_NOTE : ZERO_NOTE;
  const alloc: { line: number; amount: number }[] = [];
  for (let k = 0; k < idx.length; k++) if (parts[k]! > 0) alloc.push({ line: idx[k]!, amount: parts[k]! });
  const e: Effect = { amount: total, alloc, reason, benefit: total };
  if (capped) e.capped = capped;
  return e;
}

/** Per-line discounts (buy X get Y, n-th item): each capped at the line's room. */
function perLine(ctx: Ctx, wanted: { line: number; amount: number }[], reason: Bilingual, budgetLeft: number): Effect {
  let capped: Bilingual | undefined;
  const alloc: { line: number; amount: number }[] = [];
  let total = 0;
  for (const w of wanted) {
    const room = Math.max(0, ctx.cur[w.line]! - ctx.floor[w.line]!);
    let a = Math.min(w.amount, room);
    if (a < w.amount) capped = ctx.floor[w.line]! > 0 ? FLOOR_NOTE : ZERO_NOTE;
    if (total + a > budgetLeft) { a = budgetLeft - total; capped = bi('受活动剩余预算限制', 'capped by the remaining budget'); }
    if (a > 0) { alloc.push({ line: w.line, amount: a }); total += a; }
  }
  const e: Effect = { amount: total, alloc, reason, benefit: total };
  if (capped) e.capped = capped;
  return e;
}

const afterZh = (base: number) => `参与活动商品金额${yuan(base)}（已扣除此前的优惠）`;
const afterEn = (base: number) => `eligible items come to ${yuan(base)} after earlier discounts`;
const shortOf = (base: number, t: number) => bi(`${afterZh(base)}，还差${yuan(t - base)}`, `${afterEn(base)}, ${yuan(t - base)} short`);
const minThreshold = (tiers: { threshold: number }[]) => { let m = Infinity; for (const t of tiers) if (t.threshold < m) m = t.threshold; return m; };
const NO_ELIGIBLE = bi('购物车中没有参与活动的商品', 'no eligible items in the cart');

const EMPTY: number[] = [];
/**
 * Eligible lines of targeting t (current amount > 0): their count, amount, quantity and room
 * above the floor, into ctx.a*. The all-lines figures are kept until `apply` changes an amount.
 */
function aggregate(ctx: Ctx, t: CompiledTargeting): void {
  if (t.allLines && ctx.allValid) {
    ctx.aN = ctx.allN; ctx.aBase = ctx.allBase; ctx.aQty = ctx.allQty; ctx.aRoom = ctx.allRoom;
    return;
  }
  let n = 0, base = 0, qty = 0, room = 0;
  const cur = ctx.cur, floor = ctx.floor, lines = ctx.cart.lines;
  for (let i = 0; i < cur.length; i++) {
    const c = cur[i]!;
    if (c > 0 && lineEligible(ctx, t, i)) {
      n++; base += c; qty += lines[i]!.quantity;
      const r = c - floor[i]!;
      if (r > 0) room += r;
    }
  }
  ctx.aN = n; ctx.aBase = base; ctx.aQty = qty; ctx.aRoom = room;
  if (t.allLines) { ctx.allValid = true; ctx.allN = n; ctx.allBase = base; ctx.allQty = qty; ctx.allRoom = room; }
}
function eligibleLines(ctx: Ctx, t: CompiledTargeting): number[] {
  const idx: number[] = [];
  for (let i = 0; i < ctx.cur.length; i++) if (ctx.cur[i]! > 0 && lineEligible(ctx, t, i)) idx.push(i);
  return idx;
}

/** idx sorted by current unit value (amount / quantity), ties by line order; insertion sort for the usual short lists. */
function byUnitValue(ctx: Ctx, idx: number[]): number[] {
  const n = idx.length;
  const unit = new Array<number>(n);
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    const u = ctx.cur[i]! / ctx.cart.lines[i]!.quantity;
    // idx is ascending, so inserting after equal values keeps ties in line order.
    let j = k - 1;
    while (j >= 0 && unit[j]! > u) { unit[j + 1] = unit[j]!; out[j + 1] = out[j]!; j--; }
    unit[j + 1] = u;
    out[j + 1] = i;
  }
  return out;
}

function evaluate(ctx: Ctx, cp: CompiledPromotion, shippingFee: number, build: boolean): Outcome {
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
type PercentRule = Extract<Promotion, { kind: 'percent' }>['rules'][number];

function apply(ctx: Ctx, id: string, stage: Stage, kind: string, name: string, e: Effect): void {
  ctx.allValid = false;
  for (const a of e.alloc) {
    ctx.cur[a.line]! -= a.amount;
    ctx.lines[a.line]!.discounts.push({ id, stage, amount: a.amount });
  }
  const d: QuoteDiscount = { id, stage, kind, name, amount: e.amount, allocations: e.alloc, reason: e.reason };
  if (e.capped) d.capped = e.capped;
  ctx.discounts.push(d);
}

function shippingFeeOf(cr: CompiledRules, cart: Cart): number {
  const s = cr.rules.shipping;
  if (!s) return 0;
  return (cart.region !== undefined ? s.regionFees?.[cart.region] : undefined) ?? s.fee;
}

/** Quote a cart. `rules` may be compiled once with `compileRules` for speed. */
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
  const itemSavings = new Map<string, { kind: string; name: string; alloc: { line: number; amount: number }[]; capped?: Bilingual }>();
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
    for (const fp of flashOk) {
      const p = fp.def as Extract<Promotion, { kind: 'flash_sale' }>;
      if (!lineEligible(ctx, fp.t, i)) continue;
      let price = p.prices ? p.prices[l.sku] : l.listPrice - percentOf(l.listPrice, p.percentOff!);
      if (price === undefined) continue;
      let note = fp.note;
      if (price < unitFloor) {
        price = unitFloor;
        note = fp.floorNote;
      }
      path.push({ source: 'flash_sale', ref: p.id, unitPrice: price, chosen: false, note });
      if (price < path[best]!.unitPrice) best = path.length - 1;
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
      const key = chosen.source === 'member' ? `member:${chosen.ref}` : chosen.ref!;
      const rec = itemSavings.get(key) ?? { kind: chosen.source === 'member' ? 'member_price' : 'flash_sale', name: chosen.source === 'member' ? chosen.note!.zh : cr.flashById.get(chosen.ref!)!.def.name, alloc: [] };
      rec.alloc.push({ line: i, amount: (l.listPrice - unit) * l.quantity });
      if (chosen.source === 'flash_sale' && chosen.note === cr.flashById.get(chosen.ref!)!.floorNote) rec.capped = FLOOR_NOTE;
      itemSavings.set(key, rec);
    }
  }
  for (const [key, rec] of itemSavings) {
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

function stageOrderPromotions(ctx: Ctx, fee: number, tierFreeShipping: boolean): number {
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
    if (base < t) return bi(`适用商品金额${yuan(base)}（已扣除此前的优惠），未满${yuan(t)}，还差${yuan(t - base)}`, `eligible items come to ${yuan(base)} after earlier discounts, ${yuan(t - base)} short of ${yuan(t)}`);
    let amount = c.amount ?? percentOf(base, c.percentOff!);
    let capNote: Bilingual | undefined;
    if (c.maxDiscount !== undefined && amount > c.maxDiscount) { amount = c.maxDiscount; capNote = bi(`最多减${yuan(c.maxDiscount)}`, `at most ${yuan(c.maxDiscount)}`); }
    const what = c.amount !== undefined ? `${t > 0 ? `满${yuan(t)}` : '无门槛'}减${yuan(c.amount)}` : `${t > 0 ? `满${yuan(t)}` : '无门槛'}${zhe(c.percentOff!)}`;
    const whatEn = c.amount !== undefined ? `${yuan(c.amount)} off${t > 0 ? ` over ${yuan(t)}` : ''}` : `${c.percentOff}% off${t > 0 ? ` over ${yuan(t)}` : ''}`;
    if (!build) return Math.min(amount, Number.MAX_SAFE_INTEGER, roomOf(ctx, idx));
    return orderLevel(ctx, idx, amount, bi(
      `优惠券「${c.name}」（${what}）：适用商品金额${yuan(base)}（已扣除此前的优惠），减${yuan(amount)}`,
      `coupon "${c.name}" (${whatEn}): eligible items come to ${yuan(base)} after earlier discounts: ${yuan(amount)} off`,
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
        const capped = use < cart.points!
          ? bi(`最多抵扣应付金额的${+(rule.maxShare * 100).toFixed(2)}%（${yuan(cap)}）`, `at most ${+(rule.maxShare * 100).toFixed(2)}% of the amount due (${yuan(cap)})`)
          : undefined;
        apply(ctx, 'points', 'points', 'points', '积分抵扣', {
          amount: value, benefit: value, alloc: idx.map((line, k) => ({ line, amount: parts[k]! })).filter((a) => a.amount > 0),
          reason: bi(
            `使用${use}积分抵扣${yuan(value)}（${rule.pointsPerYuan}积分=¥1，最多抵扣${yuan(left)}的${+(rule.maxShare * 100).toFixed(2)}%）`,
            `${use} points redeemed for ${yuan(value)} (${rule.pointsPerYuan} points = ¥1, at most ${+(rule.maxShare * 100).toFixed(2)}% of ${yuan(left)})`,
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

export function quote(rules: PricingRules | CompiledRules, cart: Cart): Quote {
  const cr = 'groups' in rules && 'flash' in rules ? rules as CompiledRules : compileRules(rules as PricingRules);
  validateCart(cart);
  const customer = cart.customer ?? {};
  const { now, nowN } = storeNow(cart.at, cr.timeZone);
  const ctx: Ctx = {
    cr, cart, now, nowN, customer, segs: customer.segments || customer.groups ? new Set([...(customer.segments ?? []), ...(customer.groups ?? [])]) : NO_SEGMENTS,
    priceKeys: customer.groups ? [customer.tier, ...customer.groups] : [customer.tier],
    mask: lineMasks(cr.elig, cart.lines), words: cr.elig.words,
    aN: 0, aBase: 0, aQty: 0, aRoom: 0, allValid: false, allN: 0, allBase: 0, allQty: 0, allRoom: 0,
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
