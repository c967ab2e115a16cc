import type { UserDto } from '@zhanggui/contracts';
import { pgErrorOf } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { users } from './identity.tables.js';
import type { Role } from './permissions.js';

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const pageOf = <T>(items: T[], total: number, page: { limit: number; offset: number }) => ({ items, total, limit: page.limit, offset: page.offset });

/** The user columns an API caller may see: never the password hash. */
export const userColumns = {
  id: users.id, username: users.username, displayName: users.displayName, role: users.role, disabled: users.disabled,
  mustChangePassword: users.mustChangePassword, createdAt: users.createdAt, lastLoginAt: users.lastLoginAt,
};

type UserRow = Omit<typeof users.$inferSelect, 'passwordHash'>;

export const toUserDto = (r: UserRow): UserDto => ({
  ...r, role: r.role as Role, createdAt: r.createdAt.toISOString(), lastLoginAt: iso(r.lastLoginAt),
});

/** A duplicate username (case-insensitive) is a 409 naming the field; anything else is rethrown. */
export function rethrowDuplicateUsername(e: unknown, username: string): never {
  const pg = pgErrorOf(e);
  if (pg?.code === '23505' && pg.constraint === 'users_username_key') {
    throw new AppError('conflict', `username: ${username} is already taken`, { field: 'body.username' });
  }
  throw e;
}
