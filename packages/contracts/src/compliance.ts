import { z } from 'zod';

export const CLASSIFICATION_NAMES = ['public', 'internal', 'personal', 'sensitive_personal'] as const;
const classification = z.enum(CLASSIFICATION_NAMES);

export const catalogueColumn = z.object({
  table: z.string(), column: z.string(), type: z.string(), nullable: z.boolean(),
  classification, grade: z.number().int().min(1).max(4),
  source: z.enum(['annotation', 'rule', 'table', 'default']), note: z.string().nullable(),
  /** PIPL ch. III: personal and sensitive personal data may leave the country only on a basis (security assessment, standard contract, certification). */
  crossBorder: z.enum(['restricted', 'unrestricted']),
});

export const dataCatalogue = z.object({
  /** Where this install keeps its data (ISO country code, ZHANGGUI_DATA_LOCATION, default CN). */
  dataLocation: z.string(),
  tables: z.array(z.object({ table: z.string(), description: z.string().nullable(), columns: z.number().int(), highest: classification })),
  columns: z.array(catalogueColumn),
  summary: z.record(z.string(), z.number().int()),
}).meta({ id: 'DataCatalogue' });

export const erasureResult = z.object({
  customerId: z.number().int(), erasedAt: z.string(), rows: z.record(z.string(), z.number().int()), columns: z.array(z.string()),
}).meta({ id: 'ErasureResult' });

export const subjectAccessExport = z.object({
  customerId: z.number().int(), generatedAt: z.string(), profile: z.record(z.string(), z.unknown()),
  records: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
}).meta({ id: 'SubjectAccessExport' });

export const RETENTION_KEY_NAMES = ['inactive_customers', 'closed_ticket_text', 'traffic_visitor_ids', 'expired_sessions'] as const;
export const retentionPolicy = z.object({ key: z.enum(RETENTION_KEY_NAMES), days: z.number().int(), enabled: z.boolean(), description: z.string() });
export const retentionKeyParam = z.object({ key: z.enum(RETENTION_KEY_NAMES) });
export const setRetentionBody = z.object({ days: z.number().int().min(1).max(36_500), enabled: z.boolean() });

export const auditChainReport = z.object({
  ok: z.boolean(), rows: z.number().int(), headSeq: z.number().int(), headHash: z.string(),
  problems: z.array(z.object({ kind: z.string(), id: z.number().int().nullable(), seq: z.number().int().nullable(), message: z.string() })),
}).meta({ id: 'AuditChainReport' });

export const MODERATION_ACTIONS = ['block', 'review', 'allow'] as const;
export const moderationCheckBody = z.object({
  kind: z.enum(['product', 'review', 'ticket']),
  text: z.string().min(1).max(20_000),
  /** What is being checked, e.g. "product:12"; recorded with the decision. */
  subject: z.string().max(100).optional(),
});
export const moderationDecision = z.object({
  id: z.number().int(), kind: z.string(), subject: z.string().nullable(),
  action: z.enum(MODERATION_ACTIONS), severity: z.string().nullable(),
  hits: z.array(z.object({ ruleId: z.string(), category: z.string(), severity: z.string(), action: z.string(), term: z.string(), excerpt: z.string() })),
  listVersion: z.string(),
  overrideAction: z.enum(MODERATION_ACTIONS).nullable(), overrideReason: z.string().nullable(), overriddenAt: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: 'ModerationDecision' });
export const moderationOverrideBody = z.object({ action: z.enum(MODERATION_ACTIONS), reason: z.string().min(3).max(500) });
export type CatalogueColumnItem = z.infer<typeof catalogueColumn>;
export type ModerationDecisionItem = z.infer<typeof moderationDecision>;
