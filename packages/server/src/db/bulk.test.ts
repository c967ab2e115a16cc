import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { forEachDriver } from '../test-support/db.js';
import { insertUnnest } from './bulk.js';
import { queryRows } from './client.js';

forEachDriver('insertUnnest', (t) => {
  it('inserts every row with nulls, timestamps, dates and json intact, in chunks', async () => {
    const { db } = t().database;
    await db.execute(sql`create table bulk_t (id int8, name text, at timestamptz, d date, ok bool, meta jsonb)`);
    const n = 45_000;
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    const names = ids.map((i) => (i % 10 === 0 ? null : `名${i},"q"`));
    const ats = ids.map((i) => new Date(Date.UTC(2026, 0, 1) + i * 1000));
    const ds = ids.map((i) => (i % 2 ? '2026-03-01' : null));
    const oks = ids.map((i) => i % 3 === 0);
    const metas = ids.map((i) => (i === 5 ? { a: [1, 'x'] } : null));
    const returned = await insertUnnest<{ id: number }>(db, 'bulk_t',
      [{ name: 'id', type: 'int8' }, { name: 'name', type: 'text' }, { name: 'at', type: 'timestamptz' }, { name: 'd', type: 'date' }, { name: 'ok', type: 'bool' }, { name: 'meta', type: 'jsonb' }],
      [ids, names, ats, ds, oks, metas], sql`returning id`);
    expect(returned).toHaveLength(n);
    const [agg] = await queryRows<Record<string, unknown>>(db, sql`select count(*) as n, count(name) as named, sum(id) as s,
      count(d) as dated, count(*) filter (where ok) as oks, min(at) as first from bulk_t`);
    expect(agg).toEqual({ n, named: n - n / 10, s: (n * (n + 1)) / 2, dated: n / 2, oks: n / 3, first: '2026-01-01 00:00:01+00' });
    const [five] = await queryRows(db, sql`select name, meta from bulk_t where id = 5`);
    expect(five).toEqual({ name: '名5,"q"', meta: { a: [1, 'x'] } });
  });

  it('rejects mismatched column arrays', async () => {
    await expect(insertUnnest(t().database.db, 'bulk_t', [{ name: 'id', type: 'int8' }], [[1], [2]])).rejects.toThrow(/1 columns but 2/);
  });
});
