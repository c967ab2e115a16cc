import { sql, type SQL } from 'drizzle-orm';
import { categories, products, skus } from './catalog.tables.js';

/** An ILIKE pattern matching `text` anywhere, with the caller's % and _ taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** Products in the category or any category below it (categories nest). */
export const inCategoryTree = (categoryId: number): SQL => sql`${products.categoryId} in (
  with recursive tree(id) as (
    select ${categoryId}::int8
    union all
    select c.id from ${categories} c join tree on c.parent_id = tree.id
  ) select id from tree)`;

/** Whether the product has at least one active SKU. */
export const hasActiveSku = sql`exists (select 1 from ${skus} s where s.product_id = ${products.id} and s.active)`;
