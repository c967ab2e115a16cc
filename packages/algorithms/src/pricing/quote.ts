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
}
interface CompiledSchedule { start?: string; end?: string; days?: Set<number>; dailyStart?: string; dailyEnd?: string }
interface CompiledPromotion { def: Promotion; order: number; group: string; priority: number; t: CompiledTargeting; s?: CompiledSchedule; note: Bilingual; floorNote: Bilingual; label: Bilingual }
interface CompiledCoupon { def: Coupon; t: CompiledTargeting; s?: CompiledSchedule }

/** Validated and indexed rules; compile once, quote many carts. */
export interface CompiledRules {
  readonly rules: PricingRules;
  readonly timeZone: string;
  readonly currency: string;
  readonly flash: CompiledPromotion[];
  /** Order promotions by group, groups in application order. */
  readonly groups: { name: string; members: CompiledPromotion[] }[];
  readonly coupons: Map<string, CompiledCoupon>;
}

const set = (xs?: string[]) => (xs && xs.length > 0 ? new Set(xs) : undefined);
const normWall = (s: string) => { const w = s.replace('T', ' '); return w.length === 16 ? `${w}:00` : w; };

function compileTargeting(t?: Targeting): CompiledTargeting {
  const c: CompiledTargeting = {
    channels: set(t?.channels), tiers: set(t?.tiers), segments: set(t?.segments),
    skus: set(t?.skus), categories: set(t?.categories), excludeSkus: set(t?.excludeSkus), excludeCategories: set(t?.excludeCategories),
    newCustomersOnly: t?.newCustomersOnly === true, allLines: false,
  };
  c.allLines = !c.skus && !c.categories && !c.excludeSkus && !c.excludeCategories;
  return c;
}
function compileSchedule(s?: Schedule, from?: string, to?: string): CompiledSchedule | undefined {
  const start = s?.start ?? from;
  const end = s?.end ?? to;
  if (!start && !end && !s?.daysOfWeek && !s?.dailyStart) return undefined;
  return {
    start: start ? normWall(start) : undefined, end: end ? normWall(end) : undefined,
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
  const flash: CompiledPromotion[] = [];
  const byGroup = new Map<string, CompiledPromotion[]>();
  rules.promotions.forEach((def, order) => {
    const cp: CompiledPromotion = {
      def, order, group: def.group ?? def.id, priority: def.priority ?? 0, t: compileTargeting(def.targeting), s: compileSchedule(def.schedule),
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
  const groups = [...byGroup.entries()].map(([name, members]) => ({
    name,
    members: members.sort((a, b) => b.priority - a.priority || a.order - b.order),
  }));
  groups.sort((a, b) => b.members[0]!.priority - a.members[0]!.priority || Math.min(...a.members.map((m) => m.order)) - Math.min(...b.members.map((m) => m.order)));
  const coupons = new Map<string, CompiledCoupon>();
  for (const def of rules.coupons ?? []) coupons.set(def.id, { def, t: compileTargeting(def.targeting), s: compileSchedule(undefined, def.validFrom, def.validTo) });
  return { rules, timeZone: rules.timeZone ?? 'Asia/Shanghai', currency: rules.currency ?? 'CNY', flash, groups, coupons };
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

// ---- the quote ----------------------------------------------------------------------------

type Customer = NonNullable<Cart['customer']>;
interface Ctx {
  cr: CompiledRules; cart: Cart; now: LocalTime; customer: Customer; segs: Set<string>;
  priceKeys: (string | undefined)[];
  cur: number[]; floor: number[]; lines: QuoteLine[];
  discounts: QuoteDiscount[]; rejected: QuoteRejection[]; gifts: Quote['gifts'];
  freeShipping?: { id: string; name: string; threshold: number };
}

function inSchedule(s: CompiledSchedule | undefined, now: LocalTime): boolean {
  if (!s) return true;
  if (s.start && now.wall < s.start) return false;
  if (s.end && now.wall >= s.end) return false;
  if (s.days && !s.days.has(now.dow)) return false;
  if (s.dailyStart && s.dailyEnd) {
    const inside = s.dailyStart <= s.dailyEnd ? now.hhmm >= s.dailyStart && now.hhmm < s.dailyEnd : now.hhmm >= s.dailyStart || now.hhmm < s.dailyEnd;
    if (!inside) return false;
  }
  return true;
}

/** Why the customer or moment is not eligible, or null when it is. */
function customerBlock(ctx: Ctx, t: CompiledTargeting, s: CompiledSchedule | undefined): Bilingual | null {
  if (!inSchedule(s, ctx.now)) return bi(`不在活动时间内（店铺时间 ${ctx.now.wall}）`, `not running at this time (store time ${ctx.now.wall})`);
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

function lineEligible(t: CompiledTargeting, sku: string, category: string | undefined): boolean {
  if (t.allLines) return true;
  if (t.excludeSkus?.has(sku)) return false;
  if (category !== undefined && t.excludeCategories?.has(category)) return false;
  if (!t.skus && !t.categories) return true;
  return (t.skus?.has(sku) ?? false) || (category !== undefined && (t.categories?.has(category) ?? false));
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
  const room = idx.map((i) => Math.max(0, ctx.cur[i]! - (useFloor ? ctx.floor[i]! : 0)));
  const roomTotal = room.reduce((s, r) => s + r, 0);
  let byFloor = false;
  if (amount > roomTotal) {
    amount = roomTotal;
    byFloor = useFloor && idx.some((i) => ctx.floor[i]! > 0);
  }
  const parts = new Array<number>(idx.length).fill(0);
  if (amount === 0) return { parts, total: 0, byFloor };
  const open = idx.map((_, k) => k).filter((k) => room[k]! > 0);
  let left = amount;
  for (;;) {
    const split = prorate(left, open.map((k) => ctx.cur[idx[k]!]!));
    const over: number[] = [];
    split.forEach((p, j) => { if (p > room[open[j]!]!) over.push(j); });
    if (over.length === 0) {
      split.forEach((p, j) => { parts[open[j]!] = p; });
      break;
    }
    // Lines whose share exceeds their room take exactly their room; the rest is re-split.
    for (const j of over) { parts[open[j]!] = room[open[j]!]!; left -= room[open[j]!]!; byFloor ||= useFloor && ctx.floor[idx[open[j]!]!]! > 0; }
    const fixed = new Set(over.map((j) => open[j]!));
    for (let j = open.length - 1; j >= 0; j--) if (fixed.has(open[j]!)) open.splice(j, 1);
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
/** A candidate's benefit is computed without building anything; `build` makes the effect of the one chosen. */
type Outcome = { ok: true; benefit: number; build: () => Effect } | { ok: false; reason: Bilingual };

function roomOf(ctx: Ctx, idx: number[]): number {
  let r = 0;
  for (const i of idx) r += Math.max(0, ctx.cur[i]! - ctx.floor[i]!);
  return r;
}
function lazyOrder(ctx: Ctx, idx: number[], amount: number, reason: () => Bilingual, budgetLeft: number, extraCap?: Bilingual): Outcome {
  return { ok: true, benefit: Math.min(amount, budgetLeft, roomOf(ctx, idx)), build: () => orderLevel(ctx, idx, amount, reason(), budgetLeft, extraCap) };
}
function lazyPerLine(ctx: Ctx, wanted: { line: number; amount: number }[], reason: () => Bilingual, budgetLeft: number): Outcome {
  let total = 0;
  for (const w of wanted) total += Math.min(w.amount, Math.max(0, ctx.cur[w.line]! - ctx.floor[w.line]!));
  return { ok: true, benefit: Math.min(total, budgetLeft), build: () => perLine(ctx, wanted, reason(), budgetLeft) };
}


function orderLevel(ctx: Ctx, idx: number[], amount: number, reason: Bilingual, budgetLeft: number, extraCap?: Bilingual): Effect {
  let capped = extraCap;
  if (amount > budgetLeft) { amount = budgetLeft; capped = bi('受活动剩余预算限制', 'capped by the remaining budget'); }
  const { parts, total, byFloor } = allocate(ctx, amount, idx, true);
  if (total < amount) capped = byFloor ? FLOOR_NOTE : ZERO_NOTE;
  const alloc = idx.map((line, k) => ({ line, amount: parts[k]! })).filter((a) => a.amount > 0);
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

function evaluate(ctx: Ctx, cp: CompiledPromotion, shippingFee: number): Outcome {
  const p = cp.def;
  const block = customerBlock(ctx, cp.t, cp.s) ?? usageBlock(ctx, p.id, p.limits?.maxUses, p.limits?.perCustomer, p.limits?.budget);
  if (block) return { ok: false, reason: block };
  const idx: number[] = [];
  let base = 0;
  let qty = 0;
  for (let i = 0; i < ctx.lines.length; i++) {
    const l = ctx.cart.lines[i]!;
    if (ctx.cur[i]! > 0 && lineEligible(cp.t, l.sku, l.category)) { idx.push(i); base += ctx.cur[i]!; qty += l.quantity; }
  }
  if (idx.length === 0) return { ok: false, reason: NO_ELIGIBLE };
  const budgetLeft = p.limits?.budget !== undefined ? p.limits.budget - (ctx.cart.usage?.[p.id]?.spent ?? 0) : Number.MAX_SAFE_INTEGER;
  switch (p.kind) {
    case 'threshold': {
      let best: { threshold: number; discount: number } | undefined;
      for (const t of p.tiers) if (base >= t.threshold && (!best || t.discount > best.discount)) best = t;
      if (!best) return { ok: false, reason: shortOf(base, minThreshold(p.tiers)) };
      const tiers = () => p.tiers.map((t) => `满${yuan(t.threshold).slice(1)}减${yuan(t.discount).slice(1)}`).join(' / ');
      return lazyOrder(ctx, idx, best.discount, () => bi(
        `${p.name}（${tiers()}）：${afterZh(base)}，达到满${yuan(best!.threshold)}档，减${yuan(best!.discount)}`,
        `${p.name} (${p.tiers.map((t) => `${yuan(t.discount)} off ${yuan(t.threshold)}`).join(' / ')}): ${afterEn(base)}, reaching the ${yuan(best!.threshold)} tier: ${yuan(best!.discount)} off`,
      ), budgetLeft);
    }
    case 'repeating': {
      const times = Math.floor(base / p.step);
      if (times === 0) return { ok: false, reason: shortOf(base, p.step) };
      let amount = times * p.discount;
      let capNote: Bilingual | undefined;
      if (p.cap !== undefined && amount > p.cap) { amount = p.cap; capNote = bi(`封顶${yuan(p.cap)}`, `capped at ${yuan(p.cap)}`); }
      return lazyOrder(ctx, idx, amount, () => bi(
        `${p.name}（每满${yuan(p.step)}减${yuan(p.discount)}${p.cap !== undefined ? `，最多减${yuan(p.cap)}` : ''}）：${afterZh(base)}，满${times}次，减${yuan(amount)}`,
        `${p.name} (${yuan(p.discount)} off every ${yuan(p.step)}${p.cap !== undefined ? `, at most ${yuan(p.cap)}` : ''}): ${afterEn(base)}, ${times} × ${yuan(p.discount)}: ${yuan(amount)} off`,
      ), budgetLeft, capNote);
    }
    case 'percent': {
      let best: PercentRule | undefined;
      for (const r of p.rules) {
        if ((r.minQuantity ?? 0) <= qty && (r.minAmount ?? 0) <= base && (!best || r.percentOff > best.percentOff)) best = r;
      }
      if (!best) return { ok: false, reason: bi(`${afterZh(base)}，共${qty}件，未达到条件`, `${afterEn(base)}, ${qty} items: no rule reached`) };
      const cond = (r: PercentRule) => [r.minQuantity ? `满${r.minQuantity}件` : '', r.minAmount ? `满${yuan(r.minAmount)}` : ''].join('') || '全场';
      const condEn = (r: PercentRule) => [r.minQuantity ? `${r.minQuantity}+ items` : '', r.minAmount ? `${yuan(r.minAmount)}+` : ''].filter(Boolean).join(' and ') || 'any cart';
      const amount = percentOf(base, best.percentOff);
      return lazyOrder(ctx, idx, amount, () => bi(
        `${p.name}（${cond(best!)}${zhe(best!.percentOff)}）：${afterZh(base)}，共${qty}件，优惠${yuan(amount)}`,
        `${p.name} (${condEn(best!)}: ${best!.percentOff}% off): ${afterEn(base)}, ${qty} items: ${yuan(amount)} off`,
      ), budgetLeft);
    }
    case 'buy_x_get_y': {
      const pct = p.percentOff ?? 100;
      const sets = Math.floor(qty / (p.buy + p.get));
      if (sets === 0) return { ok: false, reason: bi(`共${qty}件，需${p.buy + p.get}件`, `${qty} eligible items, ${p.buy + p.get} needed`) };
      // The cheapest units (by current unit value) are the free ones.
      const unit = new Map<number, number>();
      for (const i of idx) unit.set(i, ctx.cur[i]! / ctx.cart.lines[i]!.quantity);
      const byValue = idx.slice().sort((a, b) => unit.get(a)! - unit.get(b)! || a - b);
      let units = sets * p.get;
      const wanted: { line: number; amount: number }[] = [];
      for (const i of byValue) {
        if (units === 0) break;
        const q = ctx.cart.lines[i]!.quantity;
        const k = Math.min(units, q);
        units -= k;
        wanted.push({ line: i, amount: divHalfUp(ctx.cur[i]! * k * Math.round(pct * 100), q * 10_000) });
      }
      const label = cp.label.zh;
      const labelEn = cp.label.en;
      return lazyPerLine(ctx, wanted, () => bi(`${p.name}（${label}）：${qty}件中${sets * p.get}件最便宜的商品优惠`, `${p.name} (${labelEn}): the ${sets * p.get} cheapest of ${qty} items`), budgetLeft);
    }
    case 'nth_item': {
      const n = p.n ?? 2;
      const pct = p.percentOff ?? 50;
      const wanted: { line: number; amount: number }[] = [];
      let units = 0;
      for (const i of idx) {
        const q = ctx.cart.lines[i]!.quantity;
        const k = Math.floor(q / n);
        if (k > 0) { units += k; wanted.push({ line: i, amount: divHalfUp(ctx.cur[i]! * k * Math.round(pct * 100), q * 10_000) }); }
      }
      if (units === 0) return { ok: false, reason: bi(`同一商品需买满${n}件`, `needs ${n} units of the same item`) };
      return lazyPerLine(ctx, wanted, () => bi(`${p.name}（${cp.label.zh}）：${units}件按${zhe(pct)}计`, `${p.name} (${cp.label.en}): ${units} units`), budgetLeft);
    }
    case 'gift': {
      if (base < p.threshold) return { ok: false, reason: shortOf(base, p.threshold) };
      const g = p.gift;
      return { ok: true, benefit: g.value * g.quantity, build: () => ({
        amount: 0, alloc: [], benefit: g.value * g.quantity,
        reason: bi(`${p.name}（满${yuan(p.threshold)}赠${g.name}×${g.quantity}）：${afterZh(base)}`, `${p.name} (${g.name} × ${g.quantity} free over ${yuan(p.threshold)}): ${afterEn(base)}`),
        gift: { promotionId: p.id, sku: g.sku, name: g.name, quantity: g.quantity, value: g.value },
      }) };
    }
    case 'free_shipping': {
      if (base < p.threshold) return { ok: false, reason: shortOf(base, p.threshold) };
      return { ok: true, benefit: shippingFee, build: () => ({
        amount: 0, alloc: [], benefit: shippingFee, freeShipping: true,
        reason: bi(`${p.name}（满${yuan(p.threshold)}包邮）：${afterZh(base)}`, `${p.name} (free shipping over ${yuan(p.threshold)}): ${afterEn(base)}`),
      }) };
    }
    case 'flash_sale':
      return { ok: false, reason: bi('限时折扣在商品价格阶段处理', 'flash sales apply at the item price stage') };
  }
}
type PercentRule = Extract<Promotion, { kind: 'percent' }>['rules'][number];

function apply(ctx: Ctx, id: string, stage: Stage, kind: string, name: string, e: Effect): void {
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
    const block = customerBlock(ctx, fp.t, fp.s) ?? usageBlock(ctx, p.id, p.limits?.maxUses, p.limits?.perCustomer, p.limits?.budget);
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
      if (!lineEligible(fp.t, l.sku, l.category)) continue;
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
      const rec = itemSavings.get(key) ?? { kind: chosen.source === 'member' ? 'member_price' : 'flash_sale', name: chosen.source === 'member' ? chosen.note!.zh : (cr.flash.find((f) => f.def.id === chosen.ref)!.def.name), alloc: [] };
      rec.alloc.push({ line: i, amount: (l.listPrice - unit) * l.quantity });
      if (chosen.source === 'flash_sale' && chosen.note === cr.flash.find((f) => f.def.id === chosen.ref)!.floorNote) rec.capped = FLOOR_NOTE;
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
    let best: { cp: CompiledPromotion; benefit: number; build: () => Effect } | undefined;
    const losers: { cp: CompiledPromotion; benefit: number }[] = [];
    for (const cp of g.members) {
      const o = evaluate(ctx, cp, tierFreeShipping ? 0 : fee);
      if (!o.ok) { ctx.rejected.push({ id: cp.def.id, stage: 'order_promotion', reason: o.reason }); continue; }
      if (!best || o.benefit > best.benefit) { if (best) losers.push(best); best = { cp, benefit: o.benefit, build: o.build }; } else losers.push({ cp, benefit: o.benefit });
    }
    for (const l of losers) {
      ctx.rejected.push({ id: l.cp.def.id, stage: 'order_promotion', reason: bi(
        `与「${best!.cp.def.name}」同属互斥组「${g.name}」，后者更优惠（${yuan(best!.benefit)} 对 ${yuan(l.benefit)}）`,
        `same exclusivity group "${g.name}" as "${best!.cp.def.name}", which is better (${yuan(best!.benefit)} vs ${yuan(l.benefit)})`,
      ) });
    }
    if (!best) continue;
    const p = best.cp.def;
    const e = best.build();
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
      ?? (inSchedule(cc.s, ctx.now) ? null : bi(`不在有效期内（店铺时间 ${ctx.now.wall}）`, `not valid at this time (store time ${ctx.now.wall})`))
      ?? usageBlock(ctx, id, cc.def.totalQuantity, cc.def.perCustomerLimit, undefined);
    if (block) {
      const soldOut = cc.def.totalQuantity !== undefined && (cart.usage?.[id]?.uses ?? 0) >= cc.def.totalQuantity;
      ctx.rejected.push({ id, stage: 'coupon', reason: soldOut ? bi('优惠券已被领用完', 'all coupons of this batch are used') : block });
      continue;
    }
    (cc.def.scope === 'order' ? orderCoupons : itemCoupons).push(cc);
  }
  const couponEffect = (cc: CompiledCoupon): Outcome => {
    const c = cc.def;
    const idx: number[] = [];
    let base = 0;
    for (let i = 0; i < cart.lines.length; i++) {
      const l = cart.lines[i]!;
      if (ctx.cur[i]! > 0 && lineEligible(cc.t, l.sku, l.category)) { idx.push(i); base += ctx.cur[i]!; }
    }
    if (idx.length === 0) return { ok: false, reason: bi('购物车中没有适用商品', 'no eligible items in the cart') };
    const t = c.threshold ?? 0;
    if (base < t) return { ok: false, reason: bi(`适用商品金额${yuan(base)}（已扣除此前的优惠），未满${yuan(t)}，还差${yuan(t - base)}`, `eligible items come to ${yuan(base)} after earlier discounts, ${yuan(t - base)} short of ${yuan(t)}`) };
    let amount = c.amount ?? percentOf(base, c.percentOff!);
    let capNote: Bilingual | undefined;
    if (c.maxDiscount !== undefined && amount > c.maxDiscount) { amount = c.maxDiscount; capNote = bi(`最多减${yuan(c.maxDiscount)}`, `at most ${yuan(c.maxDiscount)}`); }
    const what = c.amount !== undefined ? `${t > 0 ? `满${yuan(t)}` : '无门槛'}减${yuan(c.amount)}` : `${t > 0 ? `满${yuan(t)}` : '无门槛'}${zhe(c.percentOff!)}`;
    const whatEn = c.amount !== undefined ? `${yuan(c.amount)} off${t > 0 ? ` over ${yuan(t)}` : ''}` : `${c.percentOff}% off${t > 0 ? ` over ${yuan(t)}` : ''}`;
    return lazyOrder(ctx, idx, amount, () => bi(
      `优惠券「${c.name}」（${what}）：适用商品金额${yuan(base)}（已扣除此前的优惠），减${yuan(amount)}`,
      `coupon "${c.name}" (${whatEn}): eligible items come to ${yuan(base)} after earlier discounts: ${yuan(amount)} off`,
    ), Number.MAX_SAFE_INTEGER, capNote);
  };
  for (const cc of itemCoupons) {
    const o = couponEffect(cc);
    if (!o.ok) { ctx.rejected.push({ id: cc.def.id, stage: 'coupon', reason: o.reason }); continue; }
    const e = o.build();
    apply(ctx, cc.def.id, 'coupon', 'item_coupon', cc.def.name, e);
    couponDiscount += e.amount;
  }
  if (orderCoupons.length > 0) {
    let best: { cc: CompiledCoupon; benefit: number; build: () => Effect } | undefined;
    const others: CompiledCoupon[] = [];
    for (const cc of orderCoupons) {
      const o = couponEffect(cc);
      if (!o.ok) { ctx.rejected.push({ id: cc.def.id, stage: 'coupon', reason: o.reason }); continue; }
      if (!best || o.benefit > best.benefit) { if (best) others.push(best.cc); best = { cc, benefit: o.benefit, build: o.build }; } else others.push(cc);
    }
    for (const cc of others) {
      ctx.rejected.push({ id: cc.def.id, stage: 'coupon', reason: bi(`每单限用一张店铺券，已选更优惠的「${best!.cc.def.name}」`, `one order coupon per order: "${best!.cc.def.name}" is better`) });
    }
    if (best) {
      const e = best.build();
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
      const left = ctx.cur.reduce((s, v) => s + v, 0);
      const cap = Math.floor(left * rule.maxShare + 1e-9);
      const step = rule.step ?? 1;
      let use = Math.min(cart.points!, Math.floor((cap * rule.pointsPerYuan) / 100));
      use -= use % step;
      const value = Math.floor((use * 100) / rule.pointsPerYuan);
      if (step === 1) use = Math.ceil((value * rule.pointsPerYuan) / 100);
      if (value > 0) {
        const idx = ctx.cur.map((_, i) => i).filter((i) => ctx.cur[i]! > 0);
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
  const ctx: Ctx = {
    cr, cart, now: localTime(cart.at, cr.timeZone), customer, segs: new Set([...(customer.segments ?? []), ...(customer.groups ?? [])]),
    priceKeys: customer.groups ? [customer.tier, ...customer.groups] : [customer.tier],
    cur: [], floor: [], lines: [], discounts: [], rejected: [], gifts: [],
  };

  const listAmount = stageItemPrice(ctx);
  const itemAmount = ctx.cur.reduce((s, v) => s + v, 0);
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
  ctx.lines.forEach((l, i) => { l.netAmount = ctx.cur[i]!; goodsAmount += l.netAmount; });
  return {
    currency: cr.currency, listAmount, itemAmount, orderPromotionDiscount, couponDiscount, pointsUsed, pointsDiscount, goodsAmount,
    shippingFee: fee, shippingDiscount, payable: goodsAmount + fee - shippingDiscount,
    lines: ctx.lines, discounts: ctx.discounts, gifts: ctx.gifts, rejected: ctx.rejected,
  };
}
