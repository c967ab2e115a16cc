import type { Command } from 'commander';
import { withPlatform } from '../context.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('Database maintenance');
  db.command('migrate')
    .description('Apply pending migrations (also done on every start)')
    .action(async (_opts, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        process.stdout.write(`Migrations applied (${p.database.driver}).\n`);
      });
    });
}
