import type { Command } from 'commander';
import { createUser, ensureOwner, ROLES, SYSTEM_ACTOR, type Role } from '../../modules/identity/index.js';
import type { Platform } from '../../platform.js';
import { withPlatform } from '../context.js';

/** Create the owner on first start and print a generated password once. */
export async function ensureOwnerAndReport(platform: Platform): Promise<void> {
  const owner = await ensureOwner(platform.database.db, { password: process.env.ZHANGGUI_OWNER_PASSWORD || undefined });
  if (!owner.created) return;
  if (owner.password) {
    process.stdout.write(`\nCreated the owner account.\n  username: ${owner.username}\n  one-time password: ${owner.password}\n(shown only now; you will be asked to change it at first sign-in)\n\n`);
  } else {
    process.stdout.write(`Created the owner account '${owner.username}' with the password from ZHANGGUI_OWNER_PASSWORD.\n`);
  }
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Console users');
  user.command('add <username>')
    .description('Add a user; without --password a one-time password is generated and printed')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <displayName>', 'display name')
    .option('--password <password>', 'initial password (at least 10 characters)')
    .action(async (username: string, opts: { role: string; name?: string; password?: string }, cmd: Command) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) throw new Error(`--role: expected one of ${ROLES.join(', ')}, got '${opts.role}'`);
      await withPlatform(cmd, async (p) => {
        const created = await createUser(p.database.db, SYSTEM_ACTOR, {
          username, role: opts.role as Role, ...(opts.name ? { displayName: opts.name } : {}), ...(opts.password ? { password: opts.password } : {}),
        });
        process.stdout.write(`Added ${created.username} (${created.role}).\n`);
        if (created.oneTimePassword) process.stdout.write(`One-time password: ${created.oneTimePassword}\n`);
      });
    });
}
