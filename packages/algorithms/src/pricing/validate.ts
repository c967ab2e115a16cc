/** Entry checks of the promotion engine: every bad value is reported with its field path. */
import type { Cart, Coupon, PricingRules, Promotion, Schedule, Targeting } from './types.js';

export class PricingInputError extends RangeError {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'PricingInputError';
  }
}

type Field = string | (() => string);
const fail = (field: Field, msg: string): never => { throw new PricingInputError(typeof field === 'function' ? field() : field, msg); };
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function money(field: Field, v: unknown, opt = false): void {
  if (v === undefined && opt) return;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(field, `must be an integer amount in minor units >= 0, got ${JSON.stringify(v)}`);
}
function posInt(field: Field, v: unknown, opt = false): void {
  if (v === undefined && opt) return;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) fail(field, `must be an integer >= 1, got ${JSON.stringify(v)}`);
}
function nonNegInt(field: Field, v: unknown, opt = false): void {
  if (v === undefined && opt) return;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(field, `must be an integer >= 0, got ${JSON.stringify(v)}`);
}
function percent(field: Field, v: unknown, opt = false): void {
  if (v === undefined && opt) return;
  if (typeof v !== 'number' || !(v > 0 && v <= 100) || Math.round(v * 100) !== v * 100) {
    fail(field, `must be a percentage in (0, 100] with at most 2 decimals, got ${JSON.stringify(v)}`);
  }
}
function str(field: Field, v: unknown, opt = false): void {
  if (v === undefined && opt) return;
  if (typeof v !== 'string' || v.length === 0) fail(field, `must be a non-empty string, got ${JSON.stringify(v)}`);
}
function strList(field: Field, v: unknown): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) fail(field, 'must be an array of strings');
  (v as unknown[]).forEach((s, i) => str(() => `${typeof field === 'function' ? field() : field}[${i}]`, s));
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const WALL = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
function wall(field: Field, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'string' || !WALL.test(v)) fail(field, `must be a store wall-clock time "YYYY-MM-DD HH:mm[:ss]", got ${JSON.stringify(v)}`);
}

function targeting(field: string, t: unknown): void {
  if (t === undefined) return;
  if (!isObj(t)) fail(field, 'must be an object');
  const tt = t as Targeting;
  for (const k of ['channels', 'tiers', 'segments', 'skus', 'categories', 'excludeSkus', 'excludeCategories'] as const) strList(`${field}.${k}`, tt[k]);
  if (tt.newCustomersOnly !== undefined && typeof tt.newCustomersOnly !== 'boolean') fail(`${field}.newCustomersOnly`, 'must be a boolean');
}

function schedule(field: string, s: unknown): void {
  if (s === undefined) return;
  if (!isObj(s)) fail(field, 'must be an object');
  const ss = s as Schedule;
  wall(`${field}.start`, ss.start);
  wall(`${field}.end`, ss.end);
  if (ss.start && ss.end && ss.start.replace('T', ' ') >= ss.end.replace('T', ' ')) fail(`${field}.end`, 'must be after start');
  if (ss.daysOfWeek !== undefined) {
    if (!Array.isArray(ss.daysOfWeek)) fail(`${field}.daysOfWeek`, 'must be an array of 1..7');
    ss.daysOfWeek.forEach((d, i) => { if (!Number.isInteger(d) || d < 1 || d > 7) fail(`${field}.daysOfWeek[${i}]`, `must be 1 (Monday) .. 7 (Sunday), got ${d}`); });
  }
  for (const k of ['dailyStart', 'dailyEnd'] as const) {
    const v = ss[k];
    if (v !== undefined && (typeof v !== 'string' || !HHMM.test(v))) fail(`${field}.${k}`, `must be "HH:mm", got ${JSON.stringify(v)}`);
  }
  if ((ss.dailyStart === undefined) !== (ss.dailyEnd === undefined)) fail(`${field}.dailyEnd`, 'dailyStart and dailyEnd go together');
}

function promotion(f: string, p: unknown): void {
  if (!isObj(p)) fail(f, 'must be an object');
  const pp = p as unknown as Promotion;
  str(`${f}.id`, pp.id);
  str(`${f}.name`, pp.name);
  str(`${f}.group`, pp.group, true);
  if (pp.priority !== undefined && (typeof pp.priority !== 'number' || !Number.isFinite(pp.priority))) fail(`${f}.priority`, 'must be a number');
  targeting(`${f}.targeting`, pp.targeting);
  schedule(`${f}.schedule`, pp.schedule);
  if (pp.limits !== undefined) {
    if (!isObj(pp.limits)) fail(`${f}.limits`, 'must be an object');
    posInt(`${f}.limits.maxUses`, pp.limits.maxUses, true);
    money(`${f}.limits.budget`, pp.limits.budget, true);
    posInt(`${f}.limits.perCustomer`, pp.limits.perCustomer, true);
  }
  switch (pp.kind) {
    case 'flash_sale':
      if ((pp.prices === undefined) === (pp.percentOff === undefined)) fail(`${f}.prices`, 'a flash sale has either prices or percentOff');
      if (pp.prices !== undefined) {
        if (!isObj(pp.prices)) fail(`${f}.prices`, 'must be an object of SKU → price');
        for (const [sku, v] of Object.entries(pp.prices)) money(`${f}.prices.${sku}`, v);
      }
      percent(`${f}.percentOff`, pp.percentOff, true);
      break;
    case 'threshold':
      if (!Array.isArray(pp.tiers) || pp.tiers.length === 0) fail(`${f}.tiers`, 'must be a non-empty array');
      pp.tiers.forEach((t, i) => {
        money(`${f}.tiers[${i}].threshold`, t?.threshold);
        posInt(`${f}.tiers[${i}].discount`, t?.discount);
        if (t.threshold > 0 && t.discount > t.threshold) fail(`${f}.tiers[${i}].discount`, 'must not exceed the threshold');
      });
      break;
    case 'repeating':
      posInt(`${f}.step`, pp.step);
      posInt(`${f}.discount`, pp.discount);
      if (pp.discount > pp.step) fail(`${f}.discount`, 'must not exceed the step');
      posInt(`${f}.cap`, pp.cap, true);
      break;
    case 'percent':
      if (!Array.isArray(pp.rules) || pp.rules.length === 0) fail(`${f}.rules`, 'must be a non-empty array');
      pp.rules.forEach((r, i) => {
        if (!isObj(r)) fail(`${f}.rules[${i}]`, 'must be an object');
        posInt(`${f}.rules[${i}].minQuantity`, r.minQuantity, true);
        money(`${f}.rules[${i}].minAmount`, r.minAmount, true);
        percent(`${f}.rules[${i}].percentOff`, r.percentOff);
      });
      break;
    case 'buy_x_get_y':
      posInt(`${f}.buy`, pp.buy);
      posInt(`${f}.get`, pp.get);
      percent(`${f}.percentOff`, pp.percentOff, true);
      break;
    case 'nth_item':
      if (pp.n !== undefined && (!Number.isInteger(pp.n) || pp.n < 2)) fail(`${f}.n`, `must be an integer >= 2, got ${JSON.stringify(pp.n)}`);
      percent(`${f}.percentOff`, pp.percentOff, true);
      break;
    case 'gift':
      money(`${f}.threshold`, pp.threshold);
      if (!isObj(pp.gift)) fail(`${f}.gift`, 'must be an object');
      str(`${f}.gift.sku`, pp.gift.sku);
      str(`${f}.gift.name`, pp.gift.name);
      posInt(`${f}.gift.quantity`, pp.gift.quantity);
      money(`${f}.gift.value`, pp.gift.value);
      break;
    case 'free_shipping':
      money(`${f}.threshold`, pp.threshold);
      break;
    default:
      fail(`${f}.kind`, `unknown promotion kind ${JSON.stringify((pp as { kind: unknown }).kind)}`);
  }
}

function coupon(f: string, c: unknown): void {
  if (!isObj(c)) fail(f, 'must be an object');
  const cc = c as unknown as Coupon;
  str(`${f}.id`, cc.id);
  str(`${f}.name`, cc.name);
  if (cc.scope !== 'order' && cc.scope !== 'item') fail(`${f}.scope`, `must be "order" or "item", got ${JSON.stringify(cc.scope)}`);
  money(`${f}.threshold`, cc.threshold, true);
  if ((cc.amount === undefined) === (cc.percentOff === undefined)) fail(`${f}.amount`, 'a coupon has either amount or percentOff');
  posInt(`${f}.amount`, cc.amount, true);
  percent(`${f}.percentOff`, cc.percentOff, true);
  posInt(`${f}.maxDiscount`, cc.maxDiscount, true);
  wall(`${f}.validFrom`, cc.validFrom);
  wall(`${f}.validTo`, cc.validTo);
  posInt(`${f}.perCustomerLimit`, cc.perCustomerLimit, true);
  nonNegInt(`${f}.totalQuantity`, cc.totalQuantity, true);
  targeting(`${f}.targeting`, cc.targeting);
}

export function validateRules(rules: unknown): asserts rules is PricingRules {
  if (!isObj(rules)) fail('rules', 'must be an object');
  const r = rules as unknown as PricingRules;
  str('currency', r.currency, true);
  str('timeZone', r.timeZone, true);
  if (r.timeZone !== undefined) {
    try { new Intl.DateTimeFormat('en-US', { timeZone: r.timeZone }); } catch { fail('timeZone', `unknown time zone ${JSON.stringify(r.timeZone)}`); }
  }
  if (r.marginFloor !== undefined && (typeof r.marginFloor !== 'number' || !Number.isFinite(r.marginFloor) || r.marginFloor < -1 || r.marginFloor > 10)) {
    fail('marginFloor', `must be a number in [-1, 10], got ${JSON.stringify(r.marginFloor)}`);
  }
  if (!Array.isArray(r.promotions)) fail('promotions', 'must be an array');
  const ids = new Set<string>();
  r.promotions.forEach((p, i) => {
    promotion(`promotions[${i}]`, p);
    if (ids.has(p.id)) fail(`promotions[${i}].id`, `duplicate id ${JSON.stringify(p.id)}`);
    ids.add(p.id);
  });
  if (r.coupons !== undefined) {
    if (!Array.isArray(r.coupons)) fail('coupons', 'must be an array');
    r.coupons.forEach((c, i) => {
      coupon(`coupons[${i}]`, c);
      if (ids.has(c.id)) fail(`coupons[${i}].id`, `duplicate id ${JSON.stringify(c.id)}`);
      ids.add(c.id);
    });
  }
  if (r.points !== undefined) {
    if (!isObj(r.points)) fail('points', 'must be an object');
    posInt('points.pointsPerYuan', r.points.pointsPerYuan);
    if (typeof r.points.maxShare !== 'number' || !(r.points.maxShare >= 0 && r.points.maxShare <= 1)) fail('points.maxShare', `must be a share in [0, 1], got ${JSON.stringify(r.points.maxShare)}`);
    posInt('points.step', r.points.step, true);
  }
  if (r.shipping !== undefined) {
    if (!isObj(r.shipping)) fail('shipping', 'must be an object');
    money('shipping.fee', r.shipping.fee);
    if (r.shipping.regionFees !== undefined) {
      if (!isObj(r.shipping.regionFees)) fail('shipping.regionFees', 'must be an object of region → fee');
      for (const [k, v] of Object.entries(r.shipping.regionFees)) money(`shipping.regionFees.${k}`, v);
    }
    strList('shipping.freeForTiers', r.shipping.freeForTiers);
  }
}

function memberPricesOk(m: unknown): boolean {
  if (m === undefined) return true;
  if (!isObj(m)) return false;
  for (const k in m) { const v = m[k]; if (!Number.isSafeInteger(v) || (v as number) < 0) return false; }
  return true;
}

function lineDetail(l: unknown, i: number): void {
  const f = `cart.lines[${i}]`;
  if (!isObj(l)) fail(f, 'must be an object');
  const line = l as Record<string, unknown>;
  str(`${f}.sku`, line.sku);
  str(`${f}.category`, line.category, true);
  posInt(`${f}.quantity`, line.quantity);
  money(`${f}.listPrice`, line.listPrice);
  money(`${f}.cost`, line.cost, true);
  if (line.memberPrices !== undefined) {
    if (!isObj(line.memberPrices)) fail(`${f}.memberPrices`, 'must be an object of tier/group → price');
    for (const [k, v] of Object.entries(line.memberPrices as Record<string, unknown>)) money(`${f}.memberPrices.${k}`, v);
  }
}

let lastValidAt: string | null = null;
export function validateCart(cart: unknown): asserts cart is Cart {
  if (!isObj(cart)) fail('cart', 'must be an object');
  const c = cart as unknown as Cart;
  // Carts are often quoted at the same instant (a batch, a preview): the last valid one is remembered.
  if (typeof c.at !== 'string' || c.at !== lastValidAt) {
    if (typeof c.at !== 'string' || !ISO_INSTANT.test(c.at) || !Number.isFinite(Date.parse(c.at))) {
      fail('cart.at', `must be an ISO 8601 timestamp with a zone (Z or ±hh:mm), got ${JSON.stringify(c.at)}`);
    }
    lastValidAt = c.at;
  }
  str('cart.channel', c.channel, true);
  str('cart.region', c.region, true);
  if (c.customer !== undefined) {
    if (!isObj(c.customer)) fail('cart.customer', 'must be an object');
    str('cart.customer.id', c.customer.id, true);
    str('cart.customer.tier', c.customer.tier, true);
    strList('cart.customer.groups', c.customer.groups);
    strList('cart.customer.segments', c.customer.segments);
  }
  if (!Array.isArray(c.lines) || c.lines.length === 0) fail('cart.lines', 'must be a non-empty array');
  for (let i = 0; i < c.lines.length; i++) {
    const l = c.lines[i];
    // Fast path: a well-formed line is checked without building any field name.
    if (isObj(l) && typeof l.sku === 'string' && l.sku.length > 0 && (l.category === undefined || (typeof l.category === 'string' && l.category.length > 0))
      && Number.isSafeInteger(l.quantity) && l.quantity >= 1 && Number.isSafeInteger(l.listPrice) && l.listPrice >= 0
      && (l.cost === undefined || (Number.isSafeInteger(l.cost) && l.cost >= 0)) && memberPricesOk(l.memberPrices)) continue;
    lineDetail(l, i);
  }
  strList('cart.coupons', c.coupons);
  nonNegInt('cart.points', c.points, true);
  if (c.usage !== undefined) {
    if (!isObj(c.usage)) fail('cart.usage', 'must be an object keyed by promotion or coupon id');
    for (const [k, u] of Object.entries(c.usage)) {
      if (!isObj(u)) fail(`cart.usage.${k}`, 'must be an object');
      nonNegInt(`cart.usage.${k}.uses`, u.uses, true);
      money(`cart.usage.${k}.spent`, u.spent, true);
      nonNegInt(`cart.usage.${k}.customerUses`, u.customerUses, true);
    }
  }
}
