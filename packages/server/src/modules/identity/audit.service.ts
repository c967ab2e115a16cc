import { auditLog } from './identity.tables.js';
import type { Tx } from '../../db/client.js';
import type { Actor } from './actor.js';

export interface AuditEvent {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  /** The event read or exported personal data. */
  personalData?: boolean;
  details?: unknown;
}

/** Append to the audit log, in the caller's transaction so the record and the change land together. */
export async function audit(db: Tx, actor: Actor, event: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    actorType: actor.type,
    actorId: actor.type === 'token' ? (actor.tokenId ?? null) : actor.userId,
    actorName: actor.name,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId == null ? null : String(event.entityId),
    before: event.before ?? null,
    after: event.after ?? null,
    personalData: event.personalData ?? false,
    ip: actor.ip ?? null,
    details: event.details ?? null,
  });
}
