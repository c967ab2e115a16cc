import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { CreateProductInput, ProductDetailDto, ProductDto, ProductListQuery, UpdateProductInput } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { guardContent } from '../compliance/index.js';
import { categories, products, skus } from './catalog.tables.js';
import { containsPattern, hasActiveSku, inCategoryTree } from './catalog-sql.js';
import { pageOf, rethrowConstraint } from '../../db/query-helpers.js';
import { createSkuRows, skuDetailsOf } from './sku.service.js';

const PRODUCT_CONSTRAINTS = {
  products_category_id_categories_id_fk: { field: 'body.categoryId', message: 'no such category' },
  skus_code_unique: { field: 'body.skus.code', message: 'a SKU with this code already exists' },
};

// One row shape for list and detail: the product, its category name and its active-SKU price range.
const productColumns = {
  id: products.id,
  name: products.name,
  categoryId: products.categoryId,
  categoryName: categories.name,
  brand: products.brand,
  status: products.status,
  launchedOn: products.launchedOn,
  createdAt: products.createdAt,
  skuCount: sql<number>`(select count(*) from ${skus} s where s.product_id = ${products.id})`.mapWith(Number),
  minPrice: sql<number | null>`(select min(s.price) from ${skus} s where s.product_id = ${products.id} and s.active)`.mapWith((v) => (v == null ? null : Number(v))),
  maxPrice: sql<number | null>`(select max(s.price) from ${skus} s where s.product_id = ${products.id} and s.active)`.mapWith((v) => (v == null ? null : Number(v))),
};

type ProductRow = { [K in keyof typeof productColumns]: unknown } & { createdAt: Date; status: string };

const toDto = (r: ProductRow): ProductDto => ({
  ...(r as Omit<ProductDto, 'createdAt' | 'status'>),
  status: r.status as ProductDto['status'],
  createdAt: r.createdAt.toISOString(),
});

function listFilter(q: ProductListQuery): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (q.q) {
    const pattern = containsPattern(q.q);
    conds.push(or(ilike(products.name, pattern), ilike(products.brand, pattern),
      sql`exists (select 1 from ${skus} s where s.product_id = ${products.id} and s.code ilike ${pattern})`));
  }
  if (q.categoryId) conds.push(inCategoryTree(q.categoryId));
  if (q.status) conds.push(eq(products.status, q.status));
  if (q.active !== undefined) conds.push(q.active ? hasActiveSku : sql`not ${hasActiveSku}`);
  return and(...conds);
}

export async function listProducts(db: Tx, q: ProductListQuery) {
  const where = listFilter(q);
  const rows = await db.select(productColumns).from(products).leftJoin(categories, eq(categories.id, products.categoryId))
    .where(where).orderBy(asc(products.id)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: count() }).from(products).where(where);
  return pageOf(rows.map((r) => toDto(r as ProductRow)), total?.n ?? 0, q);
}

export async function getProduct(db: Tx, id: number): Promise<ProductDetailDto> {
  const [row] = await db.select(productColumns).from(products).leftJoin(categories, eq(categories.id, products.categoryId)).where(eq(products.id, id));
  if (!row) throw new AppError('not_found', `No product ${id}`, { entity: 'product', id });
  const skuIds = await db.select({ id: skus.id }).from(skus).where(eq(skus.productId, id)).orderBy(asc(skus.id));
  return { ...toDto(row as ProductRow), skus: await skuDetailsOf(db, skuIds.map((s) => s.id)) };
}

/** Create a product and its first SKUs together (a product without a SKU cannot be sold yet). */
export async function createProduct(db: Tx, actor: Actor, input: CreateProductInput): Promise<ProductDetailDto> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(products).values({
        name: input.name, categoryId: input.categoryId ?? null, brand: input.brand ?? null,
        status: input.status, launchedOn: input.launchedOn ?? null,
      }).returning({ id: products.id });
      // Moderation: a blocked title throws (the transaction rolls back); a title to review is saved and queued.
      await guardContent(tx, { kind: 'product', field: 'name', text: input.name, subject: `product:${row!.id}` });
      await createSkuRows(tx, row!.id, input.skus);
      const created = await getProduct(tx, row!.id);
      await audit(tx, actor, { action: 'create', entity: 'product', entityId: row!.id, after: created });
      return created;
    });
  } catch (e) {
    rethrowConstraint(e, PRODUCT_CONSTRAINTS);
  }
}

export async function updateProduct(db: Tx, actor: Actor, id: number, patch: UpdateProductInput): Promise<ProductDetailDto> {
  try {
    return await db.transaction(async (tx) => {
      const before = await getProduct(tx, id);
      if (patch.name !== undefined && patch.name !== before.name) await guardContent(tx, { kind: 'product', field: 'name', text: patch.name, subject: `product:${id}` });
      if (Object.keys(patch).length > 0) await tx.update(products).set(patch).where(eq(products.id, id));
      const after = await getProduct(tx, id);
      await audit(tx, actor, { action: 'update', entity: 'product', entityId: id, before: { ...before, skus: undefined }, after: { ...after, skus: undefined } });
      return after;
    });
  } catch (e) {
    rethrowConstraint(e, PRODUCT_CONSTRAINTS);
  }
}
