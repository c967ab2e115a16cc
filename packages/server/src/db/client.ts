import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The Drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A database or a transaction on it: what services take so they compose inside one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type Driver = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  driver: Driver;
  /** The PGlite instance (embedded mode) — for COPY and dumps. */
  pglite?: PGlite;
  /** The pg pool (server mode). */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export type OpenOptions =
  | { driver: 'pglite'; /** undefined: in memory */ dataDir?: string; /** default PGLITE_CHECKPOINT_MS */ checkpointIntervalMs?: number }
  | { driver: 'postgres'; url: string; poolSize?: number };

// One place where both drivers are made to return the same JS types: int8 and numeric as
// numbers (amounts in minor units and counts stay far below 2^53), date as 'YYYY-MM-DD'.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (v: string) => (v === null ? v : Number(v));
const keepString = (v: string) => v;

/**
 * PGlite runs PostgreSQL as a single-user backend: there is no checkpointer, and WAL-size triggers
 * only fire under a postmaster, so without an explicit CHECKPOINT pg_wal grows with every write
 * (measured: 1.5 GB after 9M small rows, past max_wal_size; bounded at 0.5 GB with a checkpoint
 * between batches). The embedded driver therefore checkpoints on a timer, as checkpoint_timeout
 * (5 min) would; a checkpoint waits for a running transaction, so it never splits one.
 */
export const PGLITE_CHECKPOINT_MS = 5 * 60_000;

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.driver === 'pglite') {
    const client = await PGlite.create({
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: keepString },
    });
    const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
    const timer = setInterval(() => { client.exec('checkpoint').catch(() => {}); }, opts.checkpointIntervalMs ?? PGLITE_CHECKPOINT_MS);
    timer.unref();
    const close = async () => {
      clearInterval(timer);
      await client.close();
    };
    return { db, driver: 'pglite', pglite: client, close };
  }
  // Drizzle's node-postgres session passes its own `types` with each query, built on pg's
  // global parsers, so the normalisation is registered there.
  pg.types.setTypeParser(INT8, toNumber);
  pg.types.setTypeParser(NUMERIC, toNumber);
  pg.types.setTypeParser(DATE, keepString);
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
  // An idle client the server drops (restart, failover) is discarded and replaced by the pool;
  // without a listener its 'error' event would crash the process.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  return { db, driver: 'postgres', pool, close: () => pool.end() };
}

/**
 * Run raw SQL and get its rows, the same shape on both drivers: int8/numeric as numbers, date as
 * YYYY-MM-DD, timestamptz as PostgreSQL text (Drizzle keeps it raw; cast or format in SQL).
 */
export async function queryRows<T = Record<string, unknown>>(db: Tx, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** The PostgreSQL error under a Drizzle query error (which wraps it as `cause`). */
export function pgErrorOf(e: unknown): { code: string; message: string; constraint?: string } | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 4; depth++) {
    const c = cur as { code?: unknown; message?: unknown; cause?: unknown; constraint?: unknown };
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code)) {
      return { code: c.code, message: String(c.message), ...(typeof c.constraint === 'string' ? { constraint: c.constraint } : {}) };
    }
    cur = c.cause;
  }
  return undefined;
}
