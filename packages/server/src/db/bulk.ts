import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from './client.js';

/** PostgreSQL element type of each column in a bulk insert. */
export type BulkColumnType = 'int8' | 'int4' | 'int2' | 'text' | 'bool' | 'float8' | 'timestamptz' | 'date' | 'jsonb';

export interface BulkColumn {
  name: string;
  type: BulkColumnType;
}

const ROWS_PER_STATEMENT = 20_000;

/**
 * Insert many rows with one `INSERT … SELECT FROM unnest($1::t[], $2::t[], …)` per chunk: one
 * array parameter per column instead of one parameter per value, about 3× faster than a
 * multi-row VALUES insert on both PGlite and PostgreSQL, and it runs inside the caller's
 * transaction. `rows` holds one array per column, all the same length.
 * `suffix` is appended verbatim (e.g. `on conflict do nothing`, `returning id`).
 */
export async function insertUnnest<R = unknown>(
  db: Tx,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly unknown[])[],
  suffix?: SQL,
): Promise<R[]> {
  if (rows.length !== columns.length) throw new Error(`insertUnnest(${table}): ${columns.length} columns but ${rows.length} value arrays`);
  const n = rows[0]?.length ?? 0;
  for (const [i, r] of rows.entries()) {
    if (r.length !== n) throw new Error(`insertUnnest(${table}): column ${columns[i]!.name} has ${r.length} values, expected ${n}`);
  }
  const out: R[] = [];
  for (let start = 0; start < n; start += ROWS_PER_STATEMENT) {
    const end = Math.min(n, start + ROWS_PER_STATEMENT);
    const arrays = columns.map((c, i) => {
      const values = rows[i]!.slice(start, end).map((v) => (c.type === 'jsonb' && v != null ? JSON.stringify(v) : v instanceof Date ? v.toISOString() : v));
      // jsonb and timestamps travel as text and are cast in SQL, which both drivers serialise alike.
      const pgType = c.type === 'jsonb' || c.type === 'timestamptz' || c.type === 'date' ? 'text' : c.type;
      return sql`${sql.param(values)}::${sql.raw(pgType)}[]`;
    });
    const selects = columns.map((c, i) => {
      const col = sql.raw(`u${i}`);
      return c.type === 'jsonb' || c.type === 'timestamptz' || c.type === 'date' ? sql`${col}::${sql.raw(c.type)}` : col;
    });
    const q = sql`insert into ${sql.identifier(table)} (${sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `)})
      select ${sql.join(selects, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as t(${sql.raw(columns.map((_, i) => `u${i}`).join(', '))})
      ${suffix ?? sql``}`;
    const res = (await db.execute(q)) as unknown as { rows: R[] };
    if (res.rows) out.push(...res.rows);
  }
  return out;
}
