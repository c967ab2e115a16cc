/**
 * Random rule sets and carts for the promotion engine's regression test (quote.regression.test.ts):
 * every promotion kind and option, targeting, schedules, limits with usage, coupons, points,
 * shipping, margin floors, time zones — drawn from a fixed LCG seeded with `seed`, so the same
 * seed always gives the same cases. Test support only (not exported from the package index).
 */
import type { Cart, CartLine, Coupon, PricingRules, Promotion, Targeting } from './types.js';

export interface RegressionCase { rules: PricingRules; carts: Cart[] }

export function regressionCases(seed: number, ruleSets: number, cartsPerSet: number): RegressionCase[] {
  let s = seed >>> 0;
  // The LCG's high bits (its low bits have short periods).
  const rnd = (n: number) => { s = (s * 1103515245 + 12345) % 2 ** 31; return Math.floor((s / 2 ** 31) * n); };
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
  const chance = (pct: number) => rnd(100) < pct;
  const SKUS = 12, CATS = 5;
  const sku = () => `S${rnd(SKUS)}`;
  const cat = () => `c${rnd(CATS)}`;
  const targeting = (): Targeting | undefined => {
    if (!chance(55)) return undefined;
    const t: Targeting = {};
    if (chance(30)) t.categories = [cat(), cat()];
    if (chance(15)) t.skus = [sku(), sku(), sku()];
    if (chance(20)) t.excludeCategories = [cat()];
    if (chance(15)) t.excludeSkus = [sku()];
    if (chance(10)) t.tiers = [pick(['gold', 'silver'])];
    if (chance(8)) t.channels = [pick(['app', 'mini'])];
    if (chance(8)) t.segments = [pick(['vip', 'new-mums', 'b2b'])];
    if (chance(6)) t.newCustomersOnly = true;
    return t;
  };
  const money = (max: number) => 100 * (1 + rnd(max));
  const pct = () => pick([5, 10, 12.5, 15, 20, 33.33, 50, 100]);
  const out: RegressionCase[] = [];
  for (let r = 0; r < ruleSets; r++) {
    const promotions: Promotion[] = [];
    const nPromos = rnd(14);
    const groups = 1 + rnd(5);
    for (let i = 0; i < nPromos; i++) {
      const base: Omit<Promotion, 'kind'> & Record<string, unknown> = { id: `p${i}`, name: `活动${i}` };
      if (chance(70)) base.group = `g${rnd(groups)}`;
      if (chance(60)) base.priority = rnd(4);
      const t = targeting();
      if (t) base.targeting = t;
      if (chance(25)) {
        const sch: NonNullable<Promotion['schedule']> = {};
        if (chance(60)) sch.start = pick(['2026-06-01 00:00', '2026-06-10 12:00', '2026-06-10T11:59:59', '2026-06-11 00:00']);
        if (chance(60)) sch.end = pick(['2026-06-10 12:00:01', '2026-06-12 00:00', '2026-07-01 00:00']);
        if (sch.start && sch.end && sch.start.replace('T', ' ') >= sch.end) delete sch.start;
        if (chance(30)) sch.daysOfWeek = [1 + rnd(7), 1 + rnd(7), 3];
        if (chance(25)) { sch.dailyStart = pick(['08:00', '20:00', '11:00']); sch.dailyEnd = pick(['02:00', '13:00', '22:00']); }
        base.schedule = sch;
      }
      if (chance(20)) base.limits = { ...(chance(50) ? { maxUses: 1 + rnd(5) } : {}), ...(chance(50) ? { budget: money(50) } : {}), ...(chance(50) ? { perCustomer: 1 + rnd(2) } : {}) };
      const kind = rnd(8);
      let p: Promotion;
      switch (kind) {
        case 0: p = chance(50)
          ? { ...base, kind: 'flash_sale', percentOff: pct() === 100 ? 30 : pick([5, 10, 12.5, 20, 45]) }
          : { ...base, kind: 'flash_sale', prices: Object.fromEntries(Array.from({ length: 1 + rnd(4) }, () => [sku(), money(150)])) };
          break;
        case 1: {
          const n = 1 + rnd(3);
          const tiers = Array.from({ length: n }, (_, k) => { const th = money(100) * (k + 1); return { threshold: th, discount: Math.max(1, Math.min(th, 100 * (1 + rnd(th / 400 + 1)))) }; });
          if (chance(10)) tiers.push({ threshold: 0, discount: 50 });
          p = { ...base, kind: 'threshold', tiers };
          break;
        }
        case 2: { const step = money(200); p = { ...base, kind: 'repeating', step, discount: Math.max(1, Math.floor(step / (2 + rnd(10)))), ...(chance(60) ? { cap: money(60) } : {}) }; break; }
        case 3: p = { ...base, kind: 'percent', rules: Array.from({ length: 1 + rnd(3) }, () => ({ ...(chance(60) ? { minQuantity: 1 + rnd(5) } : {}), ...(chance(50) ? { minAmount: money(300) } : {}), percentOff: pick([5, 8.5, 10, 12.5, 20, 33.33]) })) }; break;
        case 4: p = { ...base, kind: 'buy_x_get_y', buy: 1 + rnd(3), get: 1 + rnd(2), ...(chance(40) ? { percentOff: pick([50, 30, 12.5]) } : {}) }; break;
        case 5: p = { ...base, kind: 'nth_item', ...(chance(40) ? { n: 2 + rnd(3) } : {}), ...(chance(40) ? { percentOff: pick([100, 30, 50, 12.5]) } : {}) }; break;
        case 6: p = { ...base, kind: 'gift', threshold: money(300), gift: { sku: 'GIFT', name: '赠品', quantity: 1 + rnd(2), value: money(30) } }; break;
        default: p = { ...base, kind: 'free_shipping', threshold: rnd(3) === 0 ? 0 : money(200) };
      }
      promotions.push(p);
    }
    const coupons: Coupon[] = [];
    for (let i = 0; i < rnd(5); i++) {
      const c: Coupon = { id: `k${i}`, name: `券${i}`, scope: chance(50) ? 'order' : 'item', ...(chance(70) ? { threshold: money(300) } : {}), ...(chance(60) ? { amount: money(50) } : { percentOff: pick([5, 10, 12.5, 20]), ...(chance(50) ? { maxDiscount: money(30) } : {}) }) };
      const t = targeting();
      if (t) c.targeting = t;
      if (chance(15)) c.validFrom = pick(['2026-06-01 00:00', '2026-06-11 00:00']);
      if (chance(15)) c.validTo = pick(['2026-06-10 12:00:01', '2026-06-30 00:00']);
      if (chance(10)) c.perCustomerLimit = 1;
      if (chance(10)) c.totalQuantity = rnd(3);
      coupons.push(c);
    }
    const rules: PricingRules = { promotions, coupons };
    if (chance(60)) rules.timeZone = pick(['Asia/Shanghai', 'America/New_York', 'UTC']);
    if (chance(60)) rules.marginFloor = pick([0, 0.05, 0.2, -0.1]);
    if (chance(70)) rules.points = { pointsPerYuan: pick([100, 50, 1000]), maxShare: pick([0.1, 0.3, 0.5, 1, 0]), ...(chance(30) ? { step: pick([10, 100]) } : {}) };
    if (chance(80)) rules.shipping = { fee: pick([0, 600, 1000]), ...(chance(30) ? { regionFees: { west: 2000 } } : {}), ...(chance(30) ? { freeForTiers: ['gold'] } : {}) };
    if (chance(10)) rules.currency = 'USD';
    const carts: Cart[] = [];
    for (let c = 0; c < cartsPerSet; c++) {
      const lines: CartLine[] = Array.from({ length: 1 + rnd(rnd(4) === 0 ? 25 : 8) }, () => {
        const listPrice = rnd(10) === 0 ? rnd(300) : 100 + rnd(40000);
        const l: CartLine = { sku: sku(), quantity: 1 + rnd(rnd(3) === 0 ? 6 : 2), listPrice };
        if (chance(80)) l.category = cat();
        if (chance(60)) l.cost = Math.round(listPrice * pick([0.3, 0.6, 0.9, 1.1]));
        if (chance(40)) l.memberPrices = { gold: Math.round(listPrice * 0.9), ...(chance(30) ? { staff: Math.round(listPrice * 0.8) } : {}) };
        return l;
      });
      const cart: Cart = { at: pick(['2026-06-10T12:00:00+08:00', '2026-06-10T04:00:00Z', '2026-06-14T21:30:00+08:00', '2026-05-31T23:59:59+08:00']), lines };
      if (chance(30)) cart.channel = pick(['app', 'web']);
      if (chance(20)) cart.region = pick(['west', 'east']);
      if (chance(85)) cart.customer = { id: `u${rnd(5)}`, ...(chance(60) ? { tier: pick(['gold', 'silver']) } : {}), ...(chance(20) ? { groups: ['staff'] } : {}), ...(chance(20) ? { segments: [pick(['vip', 'b2b'])] } : {}), ...(chance(20) ? { isNew: chance(50) } : {}) };
      if (coupons.length > 0 || chance(10)) cart.coupons = Array.from({ length: rnd(4) }, () => (chance(90) ? `k${rnd(coupons.length + 1)}` : 'nope'));
      if (chance(60)) cart.points = rnd(20000);
      if (chance(25)) {
        cart.usage = {};
        for (const p of promotions) if (chance(30)) cart.usage[p.id] = { ...(chance(50) ? { uses: rnd(6) } : {}), ...(chance(50) ? { spent: 100 * rnd(60) } : {}), ...(chance(50) ? { customerUses: rnd(3) } : {}) };
        for (const k of coupons) if (chance(30)) cart.usage[k.id] = { uses: rnd(3), customerUses: rnd(2) };
      }
      carts.push(cart);
    }
    out.push({ rules, carts });
  }
  return out;
}
