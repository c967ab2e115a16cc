import { randomBytes } from 'node:crypto';
import type { Tx } from '../db/client.js';
import { hashToken } from '../modules/identity/auth.service.js';
import { apiTokens, users } from '../modules/identity/identity.tables.js';
import type { Role } from '../modules/identity/permissions.js';

/**
 * A user of the given role with an API token, written straight to the tables, for tests that
 * need an authenticated caller. Returns the `authorization` header to send.
 */
export async function createTestCaller(db: Tx, role: Role, username = `${role}-${randomBytes(3).toString('hex')}`) {
  const [user] = await db.insert(users).values({ username, displayName: username, passwordHash: 'test:no-login', role }).returning({ id: users.id });
  const token = `zgt_${randomBytes(24).toString('base64url')}`;
  await db.insert(apiTokens).values({ name: 'test', tokenHash: hashToken(token), prefix: token.slice(0, 8), userId: user!.id });
  return { userId: user!.id, username, token, headers: { authorization: `Bearer ${token}` } };
}
