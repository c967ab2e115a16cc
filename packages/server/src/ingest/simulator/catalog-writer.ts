import { sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.js';
import { queryRows, type Tx } from '../../db/client.js';
import { costOn, type SimCatalog } from './catalog-generator.js';
import { CATEGORIES, SUPPLIERS } from './catalog-data.js';
import { CHANNELS } from './channel-specs.js';
import { addDays, type Calendar } from './store-calendar.js';
import { reserveIds, TableBuffer } from './table-buffer.js';
import { WAREHOUSES } from './warehouse-specs.js';

export interface CatalogIds { channels: number[]; warehouses: number[]; suppliers: number[]; skus: number[]; rows: Record<string, number> }

/** Insert rows keyed by a unique code unless present, and return the ids in the given order. */
async function upsertByCode(tx: Tx, table: 'channels' | 'warehouses', codes: string[], write: () => Promise<unknown>): Promise<number[]> {
  await write();
  const rows = await queryRows<{ id: number; code: string }>(tx, sql`select id, code from ${sql.identifier(table)} where code = any(${sql.param(codes)}::text[])`);
  const byCode = new Map(rows.map((r) => [r.code, Number(r.id)]));
  return codes.map((c) => byCode.get(c)!);
}

/** Category ids by name under a parent, creating the ones that do not exist yet. */
async function ensureCategories(tx: Tx, names: string[], parentIds: (number | null)[]): Promise<number[]> {
  await insertUnnest(tx, 'categories', [{ name: 'name', type: 'text' }, { name: 'parent_id', type: 'int8' }], [names, parentIds], sql`on conflict do nothing`);
  const rows = await queryRows<{ id: number; name: string; parent: number }>(tx, sql`select id, name, coalesce(parent_id, 0) as parent from categories`);
  const byKey = new Map(rows.map((r) => [`${r.parent}/${r.name}`, Number(r.id)]));
  return names.map((n, i) => byKey.get(`${parentIds[i] ?? 0}/${n}`)!);
}

export async function writeCatalog(tx: Tx, cal: Calendar, catalog: SimCatalog): Promise<CatalogIds> {
  const channels = await upsertByCode(tx, 'channels', CHANNELS.map((c) => c.code), () => insertUnnest(tx, 'channels',
    [{ name: 'code', type: 'text' }, { name: 'name', type: 'text' }, { name: 'kind', type: 'text' }],
    [CHANNELS.map((c) => c.code), CHANNELS.map((c) => c.name), CHANNELS.map((c) => c.kind)], sql`on conflict (code) do nothing`));
  const whCols = ['code', 'name', 'kind', 'region', 'city', 'lat', 'lng'] as const;
  const warehouses = await upsertByCode(tx, 'warehouses', WAREHOUSES.map((w) => w.code), () => insertUnnest(tx, 'warehouses',
    whCols.map((name) => ({ name, type: name === 'lat' || name === 'lng' ? 'float8' : 'text' })),
    whCols.map((k) => WAREHOUSES.map((w) => w[k])), sql`on conflict (code) do nothing`));

  const parents = [...new Set(CATEGORIES.map((c) => c.parent))];
  const parentIds = await ensureCategories(tx, parents, parents.map(() => null));
  const categoryIds = await ensureCategories(tx, CATEGORIES.map((c) => c.name), CATEGORIES.map((c) => parentIds[parents.indexOf(c.parent)]!));

  const firstSupplier = await reserveIds(tx, 'suppliers', SUPPLIERS.length);
  const suppliers = SUPPLIERS.map((_, i) => firstSupplier + i);
  const sup = new TableBuffer('suppliers', [['id', 'int8'], ['source', 'text'], ['external_id', 'text'], ['name', 'text'], ['region', 'text'], ['default_lead_time_days', 'int4']]);
  SUPPLIERS.forEach((s, i) => sup.add(suppliers[i], 'simulator', `SUP-${i + 1}`, s.name, s.region, s.leadTime));
  await sup.flush(tx);

  const n = cal.dates.length;
  const firstProduct = await reserveIds(tx, 'products', catalog.products.length);
  const prod = new TableBuffer('products', [['id', 'int8'], ['source', 'text'], ['external_id', 'text'], ['name', 'text'], ['category_id', 'int8'], ['brand', 'text'], ['status', 'text'], ['launched_on', 'date']]);
  catalog.products.forEach((p, i) => prod.add(firstProduct + i, 'simulator', `P${i + 1}`, p.name, categoryIds[p.category], p.brand,
    p.retireDay !== null && p.retireDay < n ? 'retired' : 'active', addDays(cal.dates[0]!, p.launchDay)));
  await prod.flush(tx);

  const firstSku = await reserveIds(tx, 'skus', catalog.skus.length);
  const skus = catalog.skus.map((_, i) => firstSku + i);
  const sku = new TableBuffer('skus', [['id', 'int8'], ['source', 'text'], ['external_id', 'text'], ['product_id', 'int8'], ['code', 'text'], ['name', 'text'], ['price', 'int8'], ['unit_cost', 'int8'], ['active', 'bool']]);
  const link = new TableBuffer('sku_suppliers', [['sku_id', 'int8'], ['supplier_id', 'int8'], ['unit_cost', 'int8'], ['lead_time_days', 'int4'], ['min_order_qty', 'int4'], ['is_primary', 'bool']]);
  catalog.skus.forEach((s, i) => {
    const p = catalog.products[s.product]!;
    sku.add(skus[i], 'simulator', s.code, firstProduct + s.product, s.code, s.name, s.price, costOn(s, n - 1), !(p.retireDay !== null && p.retireDay < n));
    for (const l of s.suppliers) link.add(skus[i], suppliers[l.supplier], Math.round(l.unitCost * costOn(s, n - 1) / s.baseCost), l.leadTimeDays, l.minOrderQty, l.primary);
  });
  await sku.flush(tx);
  await link.flush(tx);
  return {
    channels, warehouses, suppliers, skus,
    rows: { channels: CHANNELS.length, warehouses: WAREHOUSES.length, categories: parents.length + CATEGORIES.length, suppliers: sup.written, products: prod.written, skus: sku.written, sku_suppliers: link.written },
  };
}
