/** The state of one quote and the helpers every stage shares: eligibility, floors, allocation of a discount over lines. */
import { prorateInto } from '../shared/prorate.js';
import { yuan } from './money.js';
import { bi, type CompiledRules, type CompiledSchedule, type CompiledTargeting, FLOOR_NOTE, ZERO_NOTE } from './compile.js';
import { type LocalTime } from './store-time.js';
import type { Bilingual, Cart, Quote, QuoteDiscount, QuoteLine, QuoteRejection, Stage } from './types.js';

let quotes = 0;
/** A new serial number for a quote (never reused, so no per-targeting aggregate of an earlier quote matches it). */
export const nextSerial = () => ++quotes;
export const NO_SEGMENTS: ReadonlySet<string> = new Set<string>();
export const sum = (xs: number[]) => { let t = 0; for (let i = 0; i < xs.length; i++) t += xs[i]!; return t; };

// ---- the quote ----------------------------------------------------------------------------

export type Customer = NonNullable<Cart['customer']>;
export interface Ctx {
  cr: CompiledRules; cart: Cart; now: LocalTime; nowN: number; customer: Customer; segs: ReadonlySet<string>;
  priceKeys: (string | undefined)[];
  /** Per-line eligibility masks (lineMasks) and their width. */
  mask: number[]; words: number;
  /** aggregate(): the last targeting's eligible lines; all*: cached for all-lines targeting. */
  aN: number; aBase: number; aQty: number; aRoom: number;
  allValid: boolean; allN: number; allBase: number; allQty: number; allRoom: number;
  /** This quote's serial number and the version of its line amounts (apply() changes them): the key of the per-targeting aggregates. */
  serial: number; version: number;
  cur: number[]; floor: number[]; lines: QuoteLine[];
  discounts: QuoteDiscount[]; rejected: QuoteRejection[]; gifts: Quote['gifts'];
  freeShipping?: { id: string; name: string; threshold: number };
}

export function inSchedule(s: CompiledSchedule | undefined, now: LocalTime, nowN: number): boolean {
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
export function customerBlock(ctx: Ctx, t: CompiledTargeting, s: CompiledSchedule | undefined): Bilingual | null {
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
export function lineEligible(ctx: Ctx, t: CompiledTargeting, i: number): boolean {
  return t.allLines || ((ctx.mask[i * ctx.words + (t.bit >> 5)]! >>> (t.bit & 31)) & 1) === 1;
}

export function usageBlock(ctx: Ctx, id: string, maxUses?: number, perCustomer?: number, budget?: number): Bilingual | null {
  const u = ctx.cart.usage?.[id];
  if (maxUses !== undefined && (u?.uses ?? 0) >= maxUses) return bi('活动名额已用完', 'no uses left');
  if (perCustomer !== undefined && (u?.customerUses ?? 0) >= perCustomer) return bi(`每人限用${perCustomer}次，已用完`, `limit of ${perCustomer} per customer reached`);
  if (budget !== undefined && (u?.spent ?? 0) >= budget) return bi('活动预算已用完', 'budget spent');
  return null;
}

// Scratch arrays of allocate (a quote runs synchronously; the parts are read before the next call).
const roomS: number[] = [], partsS: number[] = [], openS: number[] = [], stillS: number[] = [], weightsS: number[] = [], splitS: number[] = [];

/**
 * Split `amount` over `idx` lines in proportion to their current amounts with `prorate`, never
 * taking a line below `limit` (its floor, or zero). Returns the parts (same order as idx; a
 * scratch array, valid until the next call, read only its first idx.length) and the amount
 * actually given (less than asked when the lines' room is smaller).
 */
export function allocate(ctx: Ctx, amount: number, idx: number[], useFloor: boolean): { parts: number[]; total: number; byFloor: boolean } {
  const n = idx.length;
  const cur = ctx.cur, floor = ctx.floor;
  const room = roomS, parts = partsS;
  let roomTotal = 0;
  let anyFloor = false;
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    const f = useFloor ? floor[i]! : 0;
    const r = Math.max(0, cur[i]! - f);
    room[k] = r;
    parts[k] = 0;
    roomTotal += r;
    if (f > 0) anyFloor = true;
  }
  let byFloor = false;
  if (amount > roomTotal) {
    amount = roomTotal;
    byFloor = useFloor && anyFloor;
  }
  if (amount === 0) return { parts, total: 0, byFloor };
  // The lines still open (positions in idx with room), and the next round's.
  let open = openS, still = stillS;
  let m = 0;
  for (let k = 0; k < n; k++) if (room[k]! > 0) open[m++] = k;
  let left = amount;
  const weights = weightsS, split = splitS;
  for (;;) {
    // One line takes it all (what prorate gives for a single positive weight).
    if (m === 1) split[0] = left;
    else {
      for (let j = 0; j < m; j++) weights[j] = cur[idx[open[j]!]!]!;
      prorateInto(left, weights, m, split);
    }
    let over = 0;
    for (let j = 0; j < m; j++) if (split[j]! > room[open[j]!]!) over++;
    if (over === 0) {
      for (let j = 0; j < m; j++) parts[open[j]!] = split[j]!;
      break;
    }
    // Lines whose share exceeds their room take exactly their room; the rest is re-split.
    let s = 0;
    for (let j = 0; j < m; j++) {
      const k = open[j]!;
      if (split[j]! > room[k]!) {
        parts[k] = room[k]!;
        left -= room[k]!;
        byFloor ||= useFloor && floor[idx[k]!]! > 0;
      } else still[s++] = k;
    }
    const t = open; open = still; still = t;
    m = s;
    if (left === 0) break;
  }
  return { parts, total: amount, byFloor };
}

export interface Effect {
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
export type Outcome = Bilingual | number | Effect;
export const isReason = (o: Outcome): o is Bilingual => typeof o === 'object' && 'zh' in o;

export function roomOf(ctx: Ctx, idx: number[]): number {
  let r = 0;
  for (const i of idx) r += Math.max(0, ctx.cur[i]! - ctx.floor[i]!);
  return r;
}


export function orderLevel(ctx: Ctx, idx: number[], amount: number, reason: Bilingual, budgetLeft: number, extraCap?: Bilingual): Effect {
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
export function perLine(ctx: Ctx, wanted: { line: number; amount: number }[], reason: Bilingual, budgetLeft: number): Effect {
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

/** "参与活动商品金额¥…（已扣除此前的优惠）" / "eligible items come to ¥… after earlier discounts", in pieces around the amount. */
export const AFTER_ZH = '参与活动商品金额', AFTER_ZH_END = '（已扣除此前的优惠）';
export const AFTER_EN = 'eligible items come to ', AFTER_EN_END = ' after earlier discounts';
export const shortOf = (base: number, t: number) => {
  const b = yuan(base), s = yuan(t - base);
  return bi(`${AFTER_ZH}${b}${AFTER_ZH_END}，还差${s}`, `${AFTER_EN}${b}${AFTER_EN_END}, ${s} short`);
};
export const NO_ELIGIBLE = bi('购物车中没有参与活动的商品', 'no eligible items in the cart');

export const EMPTY: number[] = [];
/**
 * Eligible lines of targeting t (current amount > 0): their count, amount, quantity and room
 * above the floor, into ctx.a*. The all-lines figures are kept until `apply` changes an amount.
 */
export function aggregate(ctx: Ctx, t: CompiledTargeting): void {
  if (t.allLines && ctx.allValid) {
    ctx.aN = ctx.allN; ctx.aBase = ctx.allBase; ctx.aQty = ctx.allQty; ctx.aRoom = ctx.allRoom;
    return;
  }
  if (t.aQuote === ctx.serial && t.aVersion === ctx.version) {
    ctx.aN = t.aN; ctx.aBase = t.aBase; ctx.aQty = t.aQty; ctx.aRoom = t.aRoom;
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
  t.aQuote = ctx.serial; t.aVersion = ctx.version; t.aN = n; t.aBase = base; t.aQty = qty; t.aRoom = room;
  if (t.allLines) { ctx.allValid = true; ctx.allN = n; ctx.allBase = base; ctx.allQty = qty; ctx.allRoom = room; }
}
export function eligibleLines(ctx: Ctx, t: CompiledTargeting): number[] {
  const idx: number[] = [];
  for (let i = 0; i < ctx.cur.length; i++) if (ctx.cur[i]! > 0 && lineEligible(ctx, t, i)) idx.push(i);
  return idx;
}

/** idx sorted by current unit value (amount / quantity), ties by line order; insertion sort for the usual short lists. */
export function byUnitValue(ctx: Ctx, idx: number[]): number[] {
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


export function apply(ctx: Ctx, id: string, stage: Stage, kind: string, name: string, e: Effect): void {
  ctx.allValid = false;
  ctx.version++;
  for (const a of e.alloc) {
    ctx.cur[a.line]! -= a.amount;
    ctx.lines[a.line]!.discounts.push({ id, stage, amount: a.amount });
  }
  const d: QuoteDiscount = { id, stage, kind, name, amount: e.amount, allocations: e.alloc, reason: e.reason };
  if (e.capped) d.capped = e.capped;
  ctx.discounts.push(d);
}
