import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { AuditEntryDto, AuditQuery } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { pageOf } from './identity-dto.js';
import { auditLog } from './identity.tables.js';

/**
 * Read the audit log, newest first. Entries hold masked personal data at most (services write
 * masked before/after), so reading the log is not itself a personal-data read.
 */
export async function listAudit(db: Tx, q: AuditQuery) {
  const conditions: (SQL | undefined)[] = [
    q.entity ? eq(auditLog.entity, q.entity) : undefined,
    q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
    q.actor ? eq(auditLog.actorName, q.actor) : undefined,
    q.action ? eq(auditLog.action, q.action) : undefined,
    q.personalData === undefined ? undefined : eq(auditLog.personalData, q.personalData),
    q.from ? gte(auditLog.at, new Date(q.from)) : undefined,
    q.to ? lt(auditLog.at, new Date(q.to)) : undefined,
  ];
  const where = and(...conditions);
  const rows = await db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: count() }).from(auditLog).where(where);
  return pageOf(rows.map(toDto), total?.n ?? 0, q);
}

function toDto(r: typeof auditLog.$inferSelect): AuditEntryDto {
  return {
    id: r.id, at: r.at.toISOString(), actorType: r.actorType as AuditEntryDto['actorType'], actorId: r.actorId, actorName: r.actorName,
    action: r.action, entity: r.entity, entityId: r.entityId, before: r.before, after: r.after, personalData: r.personalData,
    ip: r.ip, details: r.details,
  };
}
