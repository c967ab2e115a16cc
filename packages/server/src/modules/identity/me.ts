import type { MeDto } from '@zhanggui/contracts';
import type { Actor } from './actor.js';
import { PERMISSIONS, actorCan } from './permissions.js';

/** The caller as the console sees it: enough to decide which screens and buttons to show. */
export function describeActor(actor: Actor): MeDto {
  return {
    userId: actor.userId,
    username: actor.name,
    role: actor.role,
    permissions: PERMISSIONS.filter((p) => actorCan(actor, p)),
    via: actor.type === 'token' ? 'token' : 'session',
    mustChangePassword: actor.mustChangePassword ?? false,
  };
}
