import { and, asc, count, eq, ilike, inArray, ne, or, type SQL } from 'drizzle-orm';
import type { CreateSkuInput, PutSkuSupplierInput, SkuDetailDto, SkuDto, SkuListQuery, UpdateSkuInput } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { products, skuSuppliers, skus, suppliers } from './catalog.tables.js';
import { containsPattern, inCategoryTree } from './catalog-sql.js';
import { pageOf, rethrowConstraint } from '../../db/query-helpers.js';

const SKU_CONSTRAINTS = {
  skus_code_unique: { field: 'body.code', message: 'a SKU with this code already exists' },
  skus_product_id_products_id_fk: { field: 'params.id', message: 'no such product', notFound: true },
  sku_suppliers_supplier_id_suppliers_id_fk: { field: 'params.supplierId', message: 'no such supplier', notFound: true },
};

const skuColumns = {
  id: skus.id, productId: skus.productId, productName: products.name, code: skus.code, name: skus.name,
  price: skus.price, unitCost: skus.unitCost, active: skus.active,
};

function listFilter(q: SkuListQuery): SQL | undefined {
  const pattern = q.q ? containsPattern(q.q) : undefined;
  return and(
    pattern ? or(ilike(skus.code, pattern), ilike(skus.name, pattern), ilike(products.name, pattern)) : undefined,
    q.categoryId ? inCategoryTree(q.categoryId) : undefined,
    q.productId ? eq(skus.productId, q.productId) : undefined,
    q.status ? eq(products.status, q.status) : undefined,
    q.active !== undefined ? eq(skus.active, q.active) : undefined,
  );
}

export async function listSkus(db: Tx, q: SkuListQuery) {
  const where = listFilter(q);
  const items: SkuDto[] = await db.select(skuColumns).from(skus).innerJoin(products, eq(products.id, skus.productId))
    .where(where).orderBy(asc(skus.id)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: count() }).from(skus).innerJoin(products, eq(products.id, skus.productId)).where(where);
  return pageOf(items, total?.n ?? 0, q);
}

/** SKUs with their suppliers, in the order of `ids`. */
export async function skuDetailsOf(db: Tx, ids: number[]): Promise<SkuDetailDto[]> {
  if (ids.length === 0) return [];
  const rows = await db.select(skuColumns).from(skus).innerJoin(products, eq(products.id, skus.productId)).where(inArray(skus.id, ids));
  const terms = await db.select({
    skuId: skuSuppliers.skuId, supplierId: skuSuppliers.supplierId, supplierName: suppliers.name, unitCost: skuSuppliers.unitCost,
    leadTimeDays: skuSuppliers.leadTimeDays, minOrderQty: skuSuppliers.minOrderQty, primary: skuSuppliers.primary,
  }).from(skuSuppliers).innerJoin(suppliers, eq(suppliers.id, skuSuppliers.supplierId))
    .where(inArray(skuSuppliers.skuId, ids)).orderBy(asc(skuSuppliers.skuId), asc(skuSuppliers.supplierId));
  const byId = new Map(rows.map((r) => [r.id, { ...r, suppliers: [] as SkuDetailDto['suppliers'] }]));
  for (const { skuId, ...t } of terms) byId.get(skuId)?.suppliers.push(t);
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function getSku(db: Tx, id: number): Promise<SkuDetailDto> {
  const [found] = await skuDetailsOf(db, [id]);
  if (!found) throw new AppError('not_found', `No SKU ${id}`, { entity: 'sku', id });
  return found;
}

/** Insert SKUs of a product in the caller's transaction (no audit: the caller audits the whole change). */
export async function createSkuRows(tx: Tx, productId: number, inputs: CreateSkuInput[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const rows = await tx.insert(skus).values(inputs.map((s) => ({
    productId, code: s.code, name: s.name, price: s.price, unitCost: s.unitCost ?? null, active: s.active,
  }))).returning({ id: skus.id });
  return rows.map((r) => r.id);
}

export async function createSku(db: Tx, actor: Actor, productId: number, input: CreateSkuInput): Promise<SkuDetailDto> {
  try {
    return await db.transaction(async (tx) => {
      const [id] = await createSkuRows(tx, productId, [input]);
      const created = await getSku(tx, id!);
      await audit(tx, actor, { action: 'create', entity: 'sku', entityId: id, after: created });
      return created;
    });
  } catch (e) {
    rethrowConstraint(e, SKU_CONSTRAINTS);
  }
}

export async function updateSku(db: Tx, actor: Actor, id: number, patch: UpdateSkuInput): Promise<SkuDetailDto> {
  return db.transaction(async (tx) => {
    const before = await getSku(tx, id);
    if (Object.keys(patch).length > 0) await tx.update(skus).set(patch).where(eq(skus.id, id));
    const after = await getSku(tx, id);
    await audit(tx, actor, { action: 'update', entity: 'sku', entityId: id, before, after });
    return after;
  });
}

/** Set one supplier's terms for a SKU (insert or replace); a primary supplier demotes the others. */
export async function putSkuSupplier(db: Tx, actor: Actor, skuId: number, supplierId: number, terms: PutSkuSupplierInput): Promise<SkuDetailDto> {
  try {
    return await db.transaction(async (tx) => {
      const before = await getSku(tx, skuId);
      await tx.insert(skuSuppliers).values({ skuId, supplierId, ...terms })
        .onConflictDoUpdate({ target: [skuSuppliers.skuId, skuSuppliers.supplierId], set: terms });
      if (terms.primary) {
        await tx.update(skuSuppliers).set({ primary: false }).where(and(eq(skuSuppliers.skuId, skuId), ne(skuSuppliers.supplierId, supplierId)));
      }
      const after = await getSku(tx, skuId);
      await audit(tx, actor, { action: 'update', entity: 'sku_supplier', entityId: `${skuId}:${supplierId}`, before: before.suppliers, after: after.suppliers });
      return after;
    });
  } catch (e) {
    rethrowConstraint(e, SKU_CONSTRAINTS);
  }
}
