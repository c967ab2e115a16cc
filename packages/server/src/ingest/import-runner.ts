import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { STAGE, type FactCounts, type ImportContext, type Importer } from './import-types.js';
import { readRecords } from './record-reader.js';
import { csvLine, type RejectsFile } from './rejects-file.js';
import { RowCheck } from './row-check.js';
import { StagingTable } from './staging-table.js';

export interface RunOptions {
  filePath: string;
  /** Our column name → the file's header name (orders-csv mapping). */
  rename: ReadonlyMap<string, string>;
  rejects?: RejectsFile;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface RunResult extends FactCounts {
  rowsRead: number;
  rowsRejected: number;
}

const rejected = (ctx: ImportContext, errors: string[]) =>
  // One line of message; every problem is in details.errors (the CLI prints them all).
  new AppError('import_rejected', `${ctx.fileName}: ${errors.length} problem${errors.length === 1 ? '' : 's'} in the file; nothing was imported (use --skip-bad-rows to import the good rows)`, { errors });

function resolveHeader(importer: Importer, header: readonly string[], rename: ReadonlyMap<string, string>, ctx: ImportContext) {
  const position = new Map(header.map((h, i) => [h.trim(), i] as const));
  const index = new Map<string, number>();
  const label = new Map<string, string>();
  const missing: string[] = [];
  for (const col of importer.columns) {
    const name = rename.get(col.name) ?? col.name;
    label.set(col.name, name);
    const i = position.get(name);
    if (i !== undefined) index.set(col.name, i);
    else if (col.required) missing.push(`${ctx.fileName}:1: header: missing column '${name}'${name === col.name ? '' : ` (${col.name})`}`);
  }
  if (missing.length > 0) throw rejected(ctx, missing);
  return new RowCheck(index, label);
}

/**
 * Stream a file through an importer inside the caller's transaction: check every row, stage the
 * good ones, then map them to facts in SQL. Without a rejects file any bad row fails the whole
 * import (the caller's transaction rolls back); with one, bad rows go there and the rest load.
 */
export async function runImport(tx: Tx, importer: Importer, ctx: ImportContext, opts: RunOptions): Promise<RunResult> {
  const columns = importer.keepRaw ? [...importer.staging, { name: 'raw', type: 'text' as const }] : importer.staging;
  const stage = new StagingTable(tx, STAGE, columns);
  await stage.create();
  const errors: string[] = [];
  let check: RowCheck | undefined;
  let width = 0;
  let rowsRead = 0;
  let rowsRejected = 0;
  for await (const { line, values } of readRecords(opts.filePath, importer.format, opts.onProgress)) {
    if (!check) {
      check = resolveHeader(importer, values, opts.rename, ctx);
      width = values.length;
      await opts.rejects?.header(values);
      continue;
    }
    rowsRead++;
    check.reset(values);
    if (values.length !== width) check.fail('row', `expected ${width} fields, found ${values.length}`);
    const staged = check.ok ? importer.parseRow(check, ctx) : null;
    if (staged === null || !check.ok) {
      rowsRejected++;
      const reasons = check.errors.map((e) => `${e.field}: ${e.reason}`);
      if (opts.rejects) await opts.rejects.reject(line, reasons.join('; '), values);
      else errors.push(...reasons.map((r) => `${ctx.fileName}:${line}: ${r}`));
      continue;
    }
    // Once the file is known to be rejected, rows are only checked, not staged.
    if (errors.length === 0) await stage.add(line, importer.keepRaw ? [...staged, csvLine(values).slice(0, -1)] : staged);
  }
  if (!check) throw rejected(ctx, [`${ctx.fileName}:1: header: the file is empty`]);
  if (errors.length > 0) throw rejected(ctx, errors);
  await stage.flush();
  await stage.analyze();

  if (importer.checkStaged) {
    const bad = await importer.checkStaged(tx, ctx, !!opts.rejects, (c) => check!.labelOf(c));
    if (bad.length > 0 && !opts.rejects) throw rejected(ctx, bad.map((e) => `${ctx.fileName}:${e.line}: ${e.field}: ${e.reason}`));
    const lines = new Set(bad.map((e) => e.line));
    rowsRejected += lines.size;
    for (const e of bad) await opts.rejects?.reject(e.line, `${e.field}: ${e.reason}`, e.raw);
  }
  const facts = await importer.transform(tx, ctx);
  return { ...facts, rowsRead, rowsRejected };
}
