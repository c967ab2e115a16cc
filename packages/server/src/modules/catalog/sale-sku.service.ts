import { eq, inArray, or } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { products, skus } from './catalog.tables.js';

/** What the order workflow needs to price a line and snapshot its cost. */
export interface SaleSku {
  id: number;
  code: string;
  name: string;
  /** List price, minor units. */
  price: number;
  unitCost: number | null;
  /** An inactive SKU or a product that is not active cannot be sold. */
  sellable: boolean;
}

/**
 * Look SKUs up by id or code in one query (the order workflow's read of the catalog, so the
 * orders module does not query catalog tables itself). Unknown references are simply absent.
 */
export async function findSaleSkus(db: Tx, refs: { ids: number[]; codes: string[] }): Promise<{ byId: Map<number, SaleSku>; byCode: Map<string, SaleSku> }> {
  const byId = new Map<number, SaleSku>();
  const byCode = new Map<string, SaleSku>();
  if (refs.ids.length === 0 && refs.codes.length === 0) return { byId, byCode };
  const rows = await db.select({
    id: skus.id, code: skus.code, name: skus.name, price: skus.price, unitCost: skus.unitCost, active: skus.active, status: products.status,
  }).from(skus).innerJoin(products, eq(products.id, skus.productId))
    .where(or(refs.ids.length ? inArray(skus.id, refs.ids) : undefined, refs.codes.length ? inArray(skus.code, refs.codes) : undefined));
  for (const r of rows) {
    const s: SaleSku = { id: r.id, code: r.code, name: r.name, price: r.price, unitCost: r.unitCost, sellable: r.active && r.status === 'active' };
    byId.set(s.id, s);
    byCode.set(s.code, s);
  }
  return { byId, byCode };
}
