import { ROLE_NAMES } from '@zhanggui/contracts';

/** What each role may do. Every route names one permission; `pii:read` unmasks personal data. */
export const PERMISSIONS = [
  'store:read', 'store:write',
  'catalog:read', 'catalog:write',
  'customers:read', 'customers:write', 'pii:read',
  'orders:read', 'orders:write',
  'inventory:read', 'inventory:write',
  'marketing:read', 'marketing:write',
  'analytics:read', 'analytics:write',
  'service:read', 'service:write',
  'pipeline:run', 'import:run',
  'users:manage', 'audit:read',
  'compliance:read', 'compliance:manage', 'moderation:review', 'risk:read', 'risk:write',
] as const;

export type Permission = (typeof PERMISSIONS)[number];
// The role names are part of the API, so contracts declares them and this file gives them meaning.
export const ROLES = ROLE_NAMES;
export type Role = (typeof ROLES)[number];

const READS: Permission[] = ['store:read', 'catalog:read', 'customers:read', 'orders:read', 'inventory:read', 'marketing:read', 'analytics:read', 'service:read'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(PERMISSIONS),
  // Runs the store day to day; fulfilment needs addresses, so personal data is visible.
  operator: new Set<Permission>([...READS, 'store:write', 'catalog:write', 'customers:write', 'pii:read', 'orders:write',
    'inventory:write', 'marketing:write', 'analytics:write', 'service:write', 'pipeline:run', 'import:run',
    'compliance:read', 'moderation:review', 'risk:read', 'risk:write']),
  // Reads everything, personal data masked.
  analyst: new Set<Permission>([...READS, 'analytics:write', 'pipeline:run', 'risk:read']),
  // Talks to customers: sees their contact details, works tickets.
  service_agent: new Set<Permission>(['store:read', 'catalog:read', 'customers:read', 'pii:read', 'orders:read', 'service:read', 'service:write', 'moderation:review']),
  // Reads the audit log and what it refers to, personal data masked.
  auditor: new Set<Permission>([...READS, 'audit:read', 'compliance:read', 'risk:read']),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** Whether an actor may do something: its role must allow it, and an API token's scope too. */
export function actorCan(actor: { role: Role; scopes?: readonly Permission[] | undefined }, permission: Permission): boolean {
  return can(actor.role, permission) && (!actor.scopes || actor.scopes.includes(permission));
}

export const isPermission = (p: string): p is Permission => (PERMISSIONS as readonly string[]).includes(p);
