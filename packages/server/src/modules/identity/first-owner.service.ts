import { newPassword } from '@zhanggui/contracts';
import { assertPasswordPolicy } from '../../security/password-policy.js';
import { asc, count, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { SYSTEM_ACTOR } from './actor.js';
import { audit } from './audit.service.js';
import { toUserDto, userColumns } from './identity-dto.js';
import { users } from './identity.tables.js';
import { generatePassword, hashPassword } from './password.js';

export interface EnsureOwnerResult {
  created: boolean;
  username: string;
  /** The generated one-time password, present only when this call created the owner with one. */
  password?: string;
}

const OWNER = 'owner';

/**
 * On first start (no user at all), create the `owner` account: with `password` when given
 * (the CLI passes ZHANGGUI_OWNER_PASSWORD), else with a generated one-time password that must be
 * changed at first sign-in and that the caller prints once. Safe to call on every start and from
 * several processes at once: only one of them creates the account.
 */
export async function ensureOwner(db: Tx, opts: { password?: string | undefined } = {}): Promise<EnsureOwnerResult> {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return { created: false, username: await firstOwnerName(db) };

  if (opts.password !== undefined) {
    const check = newPassword.safeParse(opts.password);
    if (!check.success) throw new AppError('validation_failed', `ZHANGGUI_OWNER_PASSWORD: ${check.error.issues[0]!.message}`);
    assertPasswordPolicy(opts.password, OWNER, 'ZHANGGUI_OWNER_PASSWORD');
  }
  const password = opts.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // The unique index on lower(username) settles a race between processes starting together.
    const [row] = await tx.insert(users).values({
      username: OWNER, displayName: 'Owner', role: 'owner', passwordHash, mustChangePassword: opts.password === undefined,
    }).onConflictDoNothing().returning(userColumns);
    if (!row) return { created: false, username: OWNER };
    const created = toUserDto(row);
    await audit(tx, SYSTEM_ACTOR, {
      action: 'create', entity: 'user', entityId: created.id, after: created,
      details: { firstStart: true, password: opts.password === undefined ? 'generated' : 'ZHANGGUI_OWNER_PASSWORD' },
    });
    return opts.password === undefined ? { created: true, username: OWNER, password } : { created: true, username: OWNER };
  });
}

async function firstOwnerName(db: Tx): Promise<string> {
  const [row] = await db.select({ username: users.username }).from(users).where(eq(users.role, 'owner')).orderBy(asc(users.id)).limit(1);
  return row?.username ?? OWNER;
}
