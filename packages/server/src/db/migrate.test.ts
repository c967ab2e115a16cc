import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { pgErrorOf, queryRows } from './client.js';
import { migrate } from './migrate.js';
import { forEachDriver } from '../test-support/db.js';
import * as schema from './schema.js';
import { auditLog } from './schema.js';
import { getStoreSettings } from '../modules/store/index.js';

// The migrations must create exactly the tables the modules declare (drizzle-kit generates one
// from the other; a table added without its migration, or the reverse, fails here).
const DECLARED_TABLES = Object.values(schema).filter((v) => is(v, PgTable)).map((t) => getTableName(t as PgTable)).sort();

forEachDriver('migrations', (t) => {
  it('create every table, and a second run changes nothing', async () => {
    const { db } = t().database;
    const list = async () => (await queryRows<{ table_name: string }>(db, sql`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`)).map((r) => r.table_name);
    expect(await list()).toEqual(DECLARED_TABLES);
    await migrate(t().database);
    expect(await list()).toEqual(DECLARED_TABLES);
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
  it('lists every migration once, in order, with increasing timestamps', () => {
    // Drizzle's migrator applies, on an existing database, only migrations whose journal
    // timestamp is later than the last one applied: an out-of-order timestamp would be skipped.
    const dir = fileURLToPath(new URL('./migrations/', import.meta.url));
    const journal = JSON.parse(fs.readFileSync(`${dir}meta/_journal.json`, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
    expect(journal.entries.map((e) => e.idx)).toEqual(journal.entries.map((_, i) => i));
    for (let i = 1; i < journal.entries.length; i++) expect(journal.entries[i]!.when, journal.entries[i]!.tag).toBeGreaterThan(journal.entries[i - 1]!.when);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
    expect(files).toEqual(journal.entries.map((e) => `${e.tag}.sql`));
  });

  it('is found from source and from the build', async () => {
    const { migrationsFolder } = await import('./migrate.js');
    expect(migrationsFolder.endsWith('/packages/server/src/db/migrations')).toBe(true);
  });
});
