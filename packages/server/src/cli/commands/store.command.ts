import type { Command } from 'commander';
import { getStoreSettings, updateStoreSettings } from '../../modules/store/index.js';
import { SYSTEM_ACTOR } from '../../modules/identity/index.js';
import { withPlatform } from '../context.js';
import { formatRows, parseFormat } from '../output.js';

export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('Store settings: name, currency, time zone');
  store.command('show')
    .option('--format <format>', 'table | json | csv', parseFormat, 'table')
    .action(async (opts: { format: 'table' | 'json' | 'csv' }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const s = await getStoreSettings(p.database.db);
        process.stdout.write(`${opts.format === 'json' ? JSON.stringify(s, null, 2) : formatRows([{ ...s }], opts.format)}\n`);
      });
    });
  store.command('set')
    .description('Change settings (business dates follow the time zone)')
    .option('--name <name>', 'store name')
    .option('--currency <code>', 'ISO 4217 currency, e.g. CNY')
    .option('--timezone <zone>', 'IANA time zone, e.g. Asia/Shanghai')
    .action(async (opts: { name?: string; currency?: string; timezone?: string }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const s = await updateStoreSettings(p.database.db, SYSTEM_ACTOR, {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.currency !== undefined ? { currency: opts.currency } : {}),
          ...(opts.timezone !== undefined ? { timeZone: opts.timezone } : {}),
        });
        process.stdout.write(`${formatRows([{ ...s }], 'table')}\n`);
      });
    });
}
