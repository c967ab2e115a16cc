import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { insertUnnest, type BulkColumn } from '../db/bulk.js';

const BATCH_ROWS = 20_000;

/**
 * A TEMP table the parsed rows of a file are loaded into, a batch at a time, before the
 * set-based mapping to facts. It lives in the import's transaction and is dropped at its end,
 * so memory holds one batch, never the file.
 */
export class StagingTable {
  readonly #columns: readonly BulkColumn[];
  #buffers: unknown[][];
  rows = 0;

  constructor(private readonly tx: Tx, readonly name: string, columns: readonly BulkColumn[]) {
    this.#columns = [{ name: 'line', type: 'int8' }, ...columns];
    this.#buffers = this.#columns.map(() => []);
  }

  async create(): Promise<void> {
    const defs = this.#columns.map((c) => `${c.name} ${c.type === 'timestamptz' || c.type === 'date' ? 'text' : c.type}`).join(', ');
    await this.tx.execute(sql.raw(`create temp table ${this.name} (${defs}) on commit drop`));
  }

  /** `values` in the order of the columns given to the constructor. */
  async add(line: number, values: readonly unknown[]): Promise<void> {
    this.#buffers[0]!.push(line);
    for (let i = 0; i < values.length; i++) this.#buffers[i + 1]!.push(values[i]);
    if (this.#buffers[0]!.length >= BATCH_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    const n = this.#buffers[0]!.length;
    if (n === 0) return;
    // Dates and times stay text in staging; the mapping applies the import's time zone.
    const cols = this.#columns.map((c) => (c.type === 'timestamptz' || c.type === 'date' ? { ...c, type: 'text' as const } : c));
    await insertUnnest(this.tx, this.name, cols, this.#buffers);
    this.rows += n;
    this.#buffers = this.#columns.map(() => []);
  }

  async analyze(): Promise<void> {
    await this.tx.execute(sql.raw(`analyze ${this.name}`));
  }
}
