import type { Rng } from '@zhanggui/algorithms';
import { CATEGORIES, BRANDS, MODIFIERS, SUPPLIERS } from './catalog-data.js';
import { chance, intBetween, logNormal, pick, uniform, WeightedSampler } from './sampling.js';

export interface SimProduct {
  name: string;
  category: number;
  brand: string;
  /** Day index of launch (negative: before the simulated period). */
  launchDay: number;
  growthDays: number;
  /** Day the decline starts, and the day the product is taken off sale (null: still on sale). */
  declineDay: number | null;
  retireDay: number | null;
  /** Base popularity: heavy-tailed so that a few products carry most sales (ABC). */
  popularity: number;
  /** Share of orders that come back; drives refunds and review ratings. */
  defectRate: number;
}

export interface SupplierLink { supplier: number; unitCost: number; leadTimeDays: number; minOrderQty: number; primary: boolean }

export interface SimSku {
  product: number;
  code: string;
  name: string;
  price: number;
  /** Unit cost at day 0; costs drift up ~3% a year. */
  baseCost: number;
  suppliers: SupplierLink[];
  /** Kept in the regional warehouses too (the fast movers), not only the central one. */
  regional: boolean;
}

export interface SimCatalog { products: SimProduct[]; skus: SimSku[] }

/** Price in 分 ending in 9 yuan or 9.9 yuan, as shops price. */
function shelfPrice(rng: Rng, lo: number, hi: number): number {
  const yuan = Math.exp(uniform(rng, Math.log(lo), Math.log(hi)));
  return yuan < 60 ? Math.max(990, Math.round(yuan) * 100 - 10) : (Math.round(yuan / 10) * 10 - 1) * 100;
}

export function generateCatalog(rng: Rng, days: number, productCount = 110): SimCatalog {
  const brands = new WeightedSampler(BRANDS.map(([, w]) => w));
  const products: SimProduct[] = [];
  const skus: SimSku[] = [];
  const names = new Set<string>();
  for (let p = 0; p < productCount; p++) {
    const category = p % CATEGORIES.length;
    const spec = CATEGORIES[category]!;
    let name = `${pick(rng, MODIFIERS)}${pick(rng, spec.items)}`;
    for (let k = 2; names.has(name); k++) name = `${name.replace(/ \d+$/, '')} ${k}`;
    names.add(name);
    // A third of the range predates the period; the rest launches through it.
    const launchDay = chance(rng, 0.35) ? -intBetween(rng, 30, 600) : intBetween(rng, 0, Math.max(0, days - 20));
    const life = intBetween(rng, 200, 900);
    const declineDay = chance(rng, 0.45) ? launchDay + life : null;
    const retireDay = declineDay !== null && chance(rng, 0.6) ? declineDay + intBetween(rng, 60, 180) : null;
    products.push({
      name, category, brand: BRANDS[brands.sample(rng)]![0], launchDay, growthDays: intBetween(rng, 20, 90),
      declineDay, retireDay, popularity: logNormal(rng, 1, 1.1), defectRate: chance(rng, 0.12) ? uniform(rng, 0.07, 0.16) : uniform(rng, 0.015, 0.05),
    });
    const variants = spec.variants.slice(0, Math.min(spec.variants.length, intBetween(rng, 1, 4)));
    const basePrice = shelfPrice(rng, spec.price[0], spec.price[1]);
    for (const [v, variant] of variants.entries()) {
      const price = v === 0 ? basePrice : shelfPrice(rng, basePrice / 100 * 0.9, basePrice / 100 * 1.35);
      const baseCost = Math.round(price * (1 - uniform(rng, 0.3, 0.7)));
      const lead = Math.max(3, Math.round(SUPPLIERS[spec.supplier]!.leadTime * uniform(rng, 0.8, 1.3)));
      const moq = price < 5000 ? 100 : price < 20000 ? 50 : 20;
      const links: SupplierLink[] = [{ supplier: spec.supplier, unitCost: baseCost, leadTimeDays: lead, minOrderQty: moq, primary: true }];
      if (chance(rng, 0.3)) {
        // A second source: dearer but faster, kept for emergencies.
        const alt = (spec.supplier + intBetween(rng, 1, SUPPLIERS.length - 1)) % SUPPLIERS.length;
        links.push({ supplier: alt, unitCost: Math.round(baseCost * uniform(rng, 1.05, 1.2)), leadTimeDays: Math.max(2, Math.round(lead * 0.6)), minOrderQty: Math.round(moq / 2), primary: false });
      }
      skus.push({ product: p, code: `ZG-${String(p + 1).padStart(3, '0')}-${v + 1}`, name: `${name} ${variant}`, price, baseCost, suppliers: links, regional: false });
    }
  }
  // The fast movers (top quarter by popularity) are also stocked regionally.
  const ranked = skus.map((s, i) => ({ i, pop: products[s.product]!.popularity })).sort((a, b) => b.pop - a.pop || a.i - b.i);
  for (const r of ranked.slice(0, Math.ceil(skus.length / 4))) skus[r.i]!.regional = true;
  return { products, skus };
}

/** Relative demand of a product on a day: launch ramp, maturity, decline, off sale; category season. */
export function lifecycle(p: SimProduct, day: number, month: number, season?: 'summer' | 'winter'): number {
  if (day < p.launchDay || (p.retireDay !== null && day >= p.retireDay)) return 0;
  const age = day - p.launchDay;
  let f = age < p.growthDays ? 0.15 + (0.85 * age) / p.growthDays : 1;
  if (p.declineDay !== null && day > p.declineDay) f *= Math.exp(-(day - p.declineDay) / 120);
  if (season === 'summer') f *= month >= 5 && month <= 8 ? 2.2 : 0.25;
  if (season === 'winter') f *= month >= 11 || month <= 1 ? 2.2 : 0.25;
  return f * p.popularity;
}

/** Unit cost of a SKU on a day: supplier prices creep up ~3% a year. */
export const costOn = (sku: SimSku, day: number): number => Math.round(sku.baseCost * (1 + (0.03 * day) / 365));
