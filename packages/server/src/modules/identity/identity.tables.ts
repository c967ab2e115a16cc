import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, jsonb, pgTable, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, tstz } from '../../db/columns.js';

export const users = pgTable('users', {
  id: id(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  createdAt: createdAt(),
  lastLoginAt: tstz('last_login_at'),
}, (t) => [
  uniqueIndex('users_username_key').on(sql`lower(${t.username})`),
  check('users_role_check', sql`${t.role} in ('owner','operator','analyst','service_agent','auditor')`),
]);

export const sessions = pgTable('sessions', {
  id: id(),
  tokenHash: text('token_hash').notNull().unique(),
  userId: ref('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  expiresAt: tstz('expires_at').notNull(),
  /** When the session last made a request (minute precision); null = not since sign-in. Drives the idle timeout. */
  lastSeenAt: tstz('last_seen_at'),
  ip: text('ip'),
  userAgent: text('user_agent'),
});

export const apiTokens = pgTable('api_tokens', {
  id: id(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** First characters of the token, shown so an owner can tell tokens apart. */
  prefix: text('prefix').notNull(),
  userId: ref('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  lastUsedAt: tstz('last_used_at'),
  revokedAt: tstz('revoked_at'),
  /** The permissions the token is limited to (a subset of its user's role); null = the whole role. */
  scopes: jsonb('scopes').$type<string[]>(),
});

/**
 * One row per sign-in attempt, counted by the login rate limit per username and per client
 * address; rows older than a day are pruned (this table is not an audit trail — audit_log is).
 */
export const loginAttempts = pgTable('login_attempts', {
  id: id(),
  /** The lower-cased username tried. */
  key: text('key').notNull(),
  at: createdAt(),
  success: boolean('success').notNull(),
  /** The client address the attempt came from. */
  ip: text('ip'),
}, (t) => [
  index('login_attempts_key_at_idx').on(t.key, t.at),
  index('login_attempts_ip_at_idx').on(t.ip, t.at),
]);

/** Append-only: a trigger in the migrations refuses UPDATE and DELETE. */
export const auditLog = pgTable('audit_log', {
  id: id(),
  at: createdAt(),
  actorType: text('actor_type').notNull(),
  actorId: ref('actor_id'),
  actorName: text('actor_name').notNull(),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id'),
  before: jsonb('before'),
  after: jsonb('after'),
  /** True when the event read or exported personal data. */
  personalData: boolean('personal_data').notNull().default(false),
  ip: text('ip'),
  details: jsonb('details'),
  /** Position in the hash chain, set by the insert trigger (migration 0005, docs/compliance.md). */
  chainSeq: bigint('chain_seq', { mode: 'number' }),
  /** sha256(previous chain hash | this row's canonical text), set by the insert trigger. */
  chainHash: text('chain_hash'),
}, (t) => [
  index('audit_log_at_idx').on(t.at),
  uniqueIndex('audit_log_chain_seq_key').on(t.chainSeq),
  index('audit_log_entity_idx').on(t.entity, t.entityId),
  check('audit_log_actor_type_check', sql`${t.actorType} in ('user','token','system')`),
]);

/** The tail of the audit hash chain: one row, locked by every audit insert so the chain stays linear. */
export const auditChainHead = pgTable('audit_chain_head', {
  id: smallint('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
}, (t) => [check('audit_chain_head_single_row', sql`${t.id} = 1`)]);
