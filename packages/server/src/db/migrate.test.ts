import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { pgErrorOf, queryRows } from './client.js';
import { migrate } from './migrate.js';
import { forEachDriver } from '../test-support/db.js';
import { auditLog } from './schema.js';
import { getStoreSettings } from '../modules/store/index.js';

const EXPECTED_TABLES = [
  'api_tokens', 'audit_chain_head', 'audit_log', 'campaigns', 'categories', 'channels', 'customers', 'idempotency_keys',
  'kpi_daily', 'login_attempts', 'marketing_spend', 'order_lines', 'orders', 'payments', 'pipeline_runs',
  'products', 'refund_lines', 'refunds', 'reviews', 'sessions', 'shipments', 'sku_suppliers', 'skus',
  'stock_levels', 'stock_movements', 'stock_reservations', 'store_settings', 'suppliers', 'tickets',
  'traffic_events', 'traffic_sessions', 'users', 'warehouses',
];

forEachDriver('migrations', (t) => {
  it('create every table, and a second run changes nothing', async () => {
    const { db } = t().database;
    const list = async () => (await queryRows<{ table_name: string }>(db, sql`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`)).map((r) => r.table_name);
    expect(await list()).toEqual(EXPECTED_TABLES);
    await migrate(t().database);
    expect(await list()).toEqual(EXPECTED_TABLES);
  });

  it('start the store with the defaults', async () => {
    expect(await getStoreSettings(t().database.db)).toEqual({ name: '我的店铺', currency: 'CNY', timeZone: 'Asia/Shanghai' });
  });

  it('return counts and sums as numbers and dates as strings on every driver', async () => {
    const [row] = await queryRows<{ n: unknown; s: unknown; d: unknown }>(t().database.db,
      sql`select count(*) as n, sum(x)::numeric as s, date '2026-01-02' as d from (values (1::bigint), (2::bigint)) v(x)`);
    expect(row).toEqual({ n: 2, s: 3, d: '2026-01-02' });
  });

  it('keep the audit log append-only', async () => {
    const { db } = t().database;
    await db.insert(auditLog).values({ actorType: 'system', actorName: 'test', action: 'create', entity: 'x' });
    const refusal = (q: Promise<unknown>) => q.then(() => 'allowed', (e) => pgErrorOf(e)?.message);
    expect(await refusal(db.execute(sql`update audit_log set action = 'changed'`))).toMatch(/append-only \(UPDATE refused\)/);
    expect(await refusal(db.execute(sql`delete from audit_log`))).toMatch(/append-only \(DELETE refused\)/);
    const rows = await db.select().from(auditLog);
    expect(rows.map((r) => r.action)).toEqual(['create']);
  });
});

describe('migrations folder', () => {
  it('is found from source and from the build', async () => {
    const { migrationsFolder } = await import('./migrate.js');
    expect(migrationsFolder.endsWith('/packages/server/src/db/migrations')).toBe(true);
  });
});
