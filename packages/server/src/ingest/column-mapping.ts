import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';
import type { ColumnSpec } from './import-types.js';

/**
 * Read an orders-csv column mapping: `{ "columns": { "order_id": "订单号", … } }`, our column
 * name → the header the file uses. Columns it does not name keep our name.
 */
export function readColumnMapping(mappingPath: string, columns: readonly ColumnSpec[]): Map<string, string> {
  const name = path.basename(mappingPath);
  const bad = (reason: string) => new AppError('validation_failed', `${name}: ${reason}`, { field: 'mapping' });
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(mappingPath, 'utf8'));
  } catch (e) {
    throw bad(`not a readable JSON file (${(e as Error).message})`);
  }
  const map = (doc as { columns?: unknown } | null)?.columns;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw bad('expected { "columns": { "order_id": "…", … } }');
  const known = new Set(columns.map((c) => c.name));
  const out = new Map<string, string>();
  for (const [ours, theirs] of Object.entries(map)) {
    if (!known.has(ours)) throw bad(`columns.${ours}: not a column of orders-csv (expected one of ${[...known].join(', ')})`);
    if (typeof theirs !== 'string' || theirs.trim() === '') throw bad(`columns.${ours}: expected the file's column name`);
    out.set(ours, theirs.trim());
  }
  return out;
}
