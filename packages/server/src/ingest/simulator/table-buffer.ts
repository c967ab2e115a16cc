import { sql } from 'drizzle-orm';
import { insertUnnest, type BulkColumn, type BulkColumnType } from '../../db/bulk.js';
import { queryRows, type Tx } from '../../db/client.js';

/**
 * Rows of one table gathered column by column and written with `insertUnnest` (one array per
 * column). Timestamps are given as epoch ms and sent as ISO text.
 */
export class TableBuffer {
  readonly columns: BulkColumn[];
  #values: unknown[][];
  #stamps: boolean[];
  written = 0;

  constructor(readonly table: string, columns: [string, BulkColumnType][]) {
    this.columns = columns.map(([name, type]) => ({ name, type }));
    this.#values = columns.map(() => []);
    this.#stamps = columns.map(([, type]) => type === 'timestamptz');
  }

  get size(): number {
    return this.#values[0]!.length;
  }

  /** One row, values in the order the columns were declared. */
  add(...values: unknown[]): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      this.#values[i]!.push(this.#stamps[i] && typeof v === 'number' ? new Date(v).toISOString() : v);
    }
  }

  async flush(tx: Tx): Promise<void> {
    if (this.size === 0) return;
    await insertUnnest(tx, this.table, this.columns, this.#values);
    this.written += this.size;
    this.#values = this.columns.map(() => []);
  }
}

/**
 * Take `n` consecutive ids from a table's identity sequence, so rows can reference each other
 * before they are written. The caller holds a lock that keeps other writers out meanwhile.
 */
export async function reserveIds(tx: Tx, table: string, n: number): Promise<number> {
  if (n <= 0) return 0;
  const [row] = await queryRows<{ last: number }>(tx, sql`select setval(pg_get_serial_sequence(${table}, 'id'), nextval(pg_get_serial_sequence(${table}, 'id')) + ${n - 1}) as last`);
  return Number(row!.last) - n + 1;
}
