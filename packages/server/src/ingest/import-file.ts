import fs from 'node:fs';
import path from 'node:path';
import type { Platform } from '../platform.js';
import { AppError } from '../errors.js';
import { getStoreSettings, validateTimeZone } from '../modules/store/index.js';
import { daysWrittenInTransaction, evaluateAlertsAfterImport, lowerRollupWatermark } from '../modules/analytics/index.js';
import { cdnowImporter } from './cdnow.importer.js';
import { currencyDigits } from './field-parsers.js';
import { runImport } from './import-runner.js';
import { IMPORT_SOURCES, type ImportContext, type ImportOptions, type ImportSource, type ImportSummary, type Importer } from './import-types.js';
import { onlineRetailImporter } from './online-retail.importer.js';
import { ordersCsvImporter } from './orders-csv.importer.js';
import { readColumnMapping } from './column-mapping.js';
import { RejectsFile } from './rejects-file.js';

const IMPORTERS: Record<ImportSource, Importer> = {
  'orders-csv': ordersCsvImporter,
  'online-retail': onlineRetailImporter,
  cdnow: cdnowImporter,
};

/**
 * Import one file of a known source in one transaction: stream, check, stage, map to facts.
 * Throws AppError('import_rejected') with every problem as `file:line: field: reason` when a row
 * is bad and `skipBadRows` is not set; nothing is committed then.
 */
export async function importFile(
  { database }: Pick<Platform, 'database' | 'cipher'>,
  source: ImportSource,
  filePath: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  if (!IMPORT_SOURCES.includes(source)) {
    throw new AppError('validation_failed', `source: expected one of ${IMPORT_SOURCES.join(', ')}, got '${source}'`, { field: 'source' });
  }
  if (!fs.existsSync(filePath) || !fs.statSync(filePath).isFile()) {
    throw new AppError('not_found', `${filePath}: no such file`, { field: 'file' });
  }
  if (options.mapping && source !== 'orders-csv') {
    throw new AppError('validation_failed', 'mapping: a column mapping applies to orders-csv only', { field: 'mapping' });
  }
  const rename = options.mapping ? readColumnMapping(options.mapping, ordersCsvImporter.columns) : new Map<string, string>();
  const store = await getStoreSettings(database.db);
  const timeZone = validateTimeZone(options.timeZone ?? (source === 'online-retail' ? 'Europe/London' : store.timeZone));
  const ctx: ImportContext = {
    source,
    fileName: path.basename(filePath),
    timeZone,
    currency: store.currency,
    currencyDigits: currencyDigits(store.currency),
  };
  const rejectsPath = options.skipBadRows ? (options.rejectsPath ?? `${filePath}.rejects.csv`) : undefined;
  const rejects = rejectsPath ? new RejectsFile(rejectsPath) : undefined;
  try {
    const { result, writtenDays } = await database.db.transaction(async (tx) => {
      const r = await runImport(tx, IMPORTERS[source], ctx, { filePath, rename, ...(rejects ? { rejects } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
      const writtenDays = await daysWrittenInTransaction(tx);
      // Back-filled history: the analytics rollups give way to the facts from the first day written.
      if (writtenDays.length > 0) await lowerRollupWatermark(tx, writtenDays[0]!);
      return { result: r, writtenDays };
    });
    // The facts are committed; alert rules then look at the days they touched (docs/analytics.md).
    // A failure here does not undo the import: it is reported in the summary instead.
    let alerts: ImportSummary['alerts'];
    try {
      alerts = await evaluateAlertsAfterImport(database.db, writtenDays);
    } catch (e) {
      alerts = { days: [], opened: 0, error: e instanceof Error ? e.message : String(e) };
    }
    return {
      source,
      rowsRead: result.rowsRead,
      rowsRejected: result.rowsRejected,
      orders: result.orders,
      orderLines: result.orderLines,
      refunds: result.refunds,
      customers: result.customers,
      skus: result.skus,
      skipped: result.skipped,
      ...(rejectsPath ? { rejectsPath } : {}),
      alerts,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await rejects?.close();
  }
}
