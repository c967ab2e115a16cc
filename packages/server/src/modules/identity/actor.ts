import type { Permission, Role } from './permissions.js';

/** Who is making a request or running a job. */
export interface Actor {
  type: 'user' | 'token' | 'system';
  userId: number | null;
  name: string;
  role: Role;
  tokenId?: number;
  /** An API token's scope: the permissions it is limited to on top of the role (absent = the whole role). */
  scopes?: readonly Permission[];
  /** A console session whose user still has to replace a one-time password. */
  mustChangePassword?: boolean;
  ip?: string;
}

/** The actor for CLI commands and pipeline jobs run by whoever has the machine. */
export const SYSTEM_ACTOR: Actor = { type: 'system', userId: null, name: 'system', role: 'owner' };
