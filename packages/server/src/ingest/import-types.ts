import type { BulkColumn } from '../db/bulk.js';
import type { Tx } from '../db/client.js';
import type { RecordFormat } from './record-reader.js';
import type { RowCheck } from './row-check.js';

export const IMPORT_SOURCES = ['orders-csv', 'online-retail', 'cdnow'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export interface ImportOptions {
  /** Commit the good rows and write the bad ones to `rejectsPath` (default: reject the whole file). */
  skipBadRows?: boolean;
  /** Default `<file>.rejects.csv`. */
  rejectsPath?: string;
  /** Zone of local times in the file: online-retail default Europe/London, others the store's zone. */
  timeZone?: string;
  /** orders-csv: a JSON file `{ "columns": { "order_id": "订单号", … } }`. */
  mapping?: string;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface ImportSummary extends FactCounts {
  source: ImportSource;
  rowsRead: number;
  rowsRejected: number;
  rejectsPath?: string;
  /** Alert rules evaluated after the commit for the latest days written (docs/analytics.md, "After an import"). */
  alerts: { days: string[]; opened: number; error?: string };
  durationMs: number;
}

/** What an importer knows about the run: names for messages, the zone and currency to apply. */
export interface ImportContext {
  source: ImportSource;
  fileName: string;
  timeZone: string;
  currency: string;
  currencyDigits: number;
}

export interface ColumnSpec {
  name: string;
  required: boolean;
}

/** A row found bad only once the whole file is staged (e.g. order-level values that disagree). */
export interface StagedRowError {
  line: number;
  field: string;
  reason: string;
  /** The row as a CSV line, for the rejects file. */
  raw: string;
}

/** New rows written (0 everywhere on a re-import of the same file) and valid rows that are not facts. */
export interface FactCounts {
  orders: number;
  orderLines: number;
  refunds: number;
  customers: number;
  skus: number;
  /** Valid rows that are not facts of ours, by reason (e.g. bad_debt_adjustment). */
  skipped: Record<string, number>;
}

/** One source format: its columns, how a row is checked and staged, and its mapping to facts. */
export interface Importer {
  format: RecordFormat;
  columns: readonly ColumnSpec[];
  staging: readonly BulkColumn[];
  /** Keep each row's CSV text in staging (for rejects found by `checkStaged`). */
  keepRaw?: boolean;
  /** The staged values in the order of `staging`, or null when `check` holds errors. */
  parseRow(check: RowCheck, ctx: ImportContext): unknown[] | null;
  /** Rules across rows; with skipBadRows, the importer drops the rows it returns. */
  checkStaged?(tx: Tx, ctx: ImportContext, dropBadRows: boolean, label: (column: string) => string): Promise<StagedRowError[]>;
  transform(tx: Tx, ctx: ImportContext): Promise<FactCounts>;
}

export const STAGE = 'zg_import_stage';
