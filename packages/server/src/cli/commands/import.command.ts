import type { Command } from 'commander';
import { importFile, IMPORT_SOURCES, type ImportSource } from '../../ingest/index.js';
import { withPlatform } from '../context.js';
import { createProgress } from '../progress.js';

export function registerImportCommand(program: Command): void {
  program.command('import <source> <file>')
    .description(`Load a file of facts; sources: ${IMPORT_SOURCES.join(', ')} (see docs/import.md)`)
    .option('--skip-bad-rows', 'commit the good rows and write the bad ones to a rejects file (default: reject the whole file)')
    .option('--rejects <file>', 'where --skip-bad-rows writes bad rows (default <file>.rejects.csv)')
    .option('--timezone <zone>', 'zone of local times in the file (online-retail: Europe/London; others: the store zone)')
    .option('--mapping <file>', 'orders-csv: JSON file mapping our column names to the file\'s')
    .addHelpText('after', '\nA file with bad rows is rejected whole by default, every bad row reported as file:line: field: reason.\nRe-importing a file adds nothing: rows are keyed by (source, external id).')
    .action(async (source: string, file: string, opts: { skipBadRows?: boolean; rejects?: string; timezone?: string; mapping?: string }, cmd: Command) => {
      if (!(IMPORT_SOURCES as readonly string[]).includes(source)) throw new Error(`source: expected one of ${IMPORT_SOURCES.join(', ')}, got '${source}'`);
      await withPlatform(cmd, async (p) => {
        const bar = createProgress(`import ${source}`);
        let summary;
        try {
          summary = await importFile(p, source as ImportSource, file, {
            skipBadRows: Boolean(opts.skipBadRows),
            ...(opts.rejects ? { rejectsPath: opts.rejects } : {}),
            ...(opts.timezone ? { timeZone: opts.timezone } : {}),
            ...(opts.mapping ? { mapping: opts.mapping } : {}),
            onProgress: (read, total) => bar.update(total > 0 ? read / total : 0, total > 0 && read >= total ? 'writing' : 'reading'),
          });
        } finally {
          bar.stop();
        }
        const s = summary;
        process.stdout.write(`Imported ${s.rowsRead.toLocaleString('en')} rows from ${file} in ${(s.durationMs / 1000).toFixed(1)} s\n`);
        process.stdout.write(`  new: ${s.orders} orders, ${s.orderLines} lines, ${s.refunds} refunds, ${s.customers} customers, ${s.skus} SKUs\n`);
        const skipped = Object.entries(s.skipped ?? {});
        if (skipped.length) process.stdout.write(`  skipped: ${skipped.map(([reason, n]) => `${n} ${reason}`).join('; ')}\n`);
        const al = s.alerts;
        if (al.error) process.stderr.write(`warning: the import is committed, but evaluating alert rules failed: ${al.error}\n`);
        else if (al.days.length) process.stdout.write(`  alerts: rules evaluated for ${al.days.length === 1 ? al.days[0] : `${al.days.length} days ${al.days[0]} … ${al.days.at(-1)}`}; ${al.opened} opened\n`);
        if (s.rowsRejected > 0) process.stdout.write(`  rejected: ${s.rowsRejected} bad rows, written with their reasons to ${s.rejectsPath}\n`);
      });
    });
}
