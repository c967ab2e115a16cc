import { asc, count, eq, ilike } from 'drizzle-orm';
import type { CreateCategoryInput, CreateSupplierInput, SupplierDto, SupplierListQuery, UpdateSupplierInput } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { categories, suppliers } from './catalog.tables.js';
import { containsPattern } from './catalog-sql.js';
import { pageOf, rethrowConstraint } from '../../db/query-helpers.js';

/** Every category (a store has tens, not thousands), parents before their children by id. */
export async function listCategories(db: Tx) {
  return db.select({ id: categories.id, name: categories.name, parentId: categories.parentId }).from(categories).orderBy(asc(categories.id));
}

export async function createCategory(db: Tx, actor: Actor, input: CreateCategoryInput) {
  try {
    return await db.transaction(async (tx) => {
      // parent_id carries no foreign key (a category tree may be imported out of order), so check here.
      if (input.parentId !== undefined) {
        const [parent] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, input.parentId));
        if (!parent) throw new AppError('validation_failed', 'body.parentId: no such category', { issues: [{ field: 'body.parentId', message: 'no such category' }] });
      }
      const [row] = await tx.insert(categories).values({ name: input.name, parentId: input.parentId ?? null })
        .returning({ id: categories.id, name: categories.name, parentId: categories.parentId });
      await audit(tx, actor, { action: 'create', entity: 'category', entityId: row!.id, after: row });
      return row!;
    });
  } catch (e) {
    rethrowConstraint(e, { categories_name_parent_key: { field: 'body.name', message: 'a category with this name already exists under this parent' } });
  }
}

const supplierColumns = {
  id: suppliers.id, name: suppliers.name, region: suppliers.region, defaultLeadTimeDays: suppliers.defaultLeadTimeDays, createdAt: suppliers.createdAt,
};
const toDto = (r: { createdAt: Date } & Omit<SupplierDto, 'createdAt'>): SupplierDto => ({ ...r, createdAt: r.createdAt.toISOString() });

export async function listSuppliers(db: Tx, q: SupplierListQuery) {
  const where = q.q ? ilike(suppliers.name, containsPattern(q.q)) : undefined;
  const rows = await db.select(supplierColumns).from(suppliers).where(where).orderBy(asc(suppliers.id)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: count() }).from(suppliers).where(where);
  return pageOf(rows.map(toDto), total?.n ?? 0, q);
}

export async function getSupplier(db: Tx, id: number): Promise<SupplierDto> {
  const [row] = await db.select(supplierColumns).from(suppliers).where(eq(suppliers.id, id));
  if (!row) throw new AppError('not_found', `No supplier ${id}`, { entity: 'supplier', id });
  return toDto(row);
}

export async function createSupplier(db: Tx, actor: Actor, input: CreateSupplierInput): Promise<SupplierDto> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(suppliers).values({ name: input.name, region: input.region ?? null, defaultLeadTimeDays: input.defaultLeadTimeDays })
      .returning(supplierColumns);
    const created = toDto(row!);
    await audit(tx, actor, { action: 'create', entity: 'supplier', entityId: created.id, after: created });
    return created;
  });
}

export async function updateSupplier(db: Tx, actor: Actor, id: number, patch: UpdateSupplierInput): Promise<SupplierDto> {
  return db.transaction(async (tx) => {
    const before = await getSupplier(tx, id);
    if (Object.keys(patch).length > 0) await tx.update(suppliers).set(patch).where(eq(suppliers.id, id));
    const after = await getSupplier(tx, id);
    await audit(tx, actor, { action: 'update', entity: 'supplier', entityId: id, before, after });
    return after;
  });
}
