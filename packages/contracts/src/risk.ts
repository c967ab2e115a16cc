import { z } from 'zod';
import { isoDate } from './common.js';

export const RISK_CATEGORY_NAMES = ['market', 'supply', 'compliance', 'security', 'operations'] as const;
const axis = z.number().int().min(1).max(5);
const level = z.enum(['low', 'medium', 'high', 'critical']);

export const riskItem = z.object({
  id: z.number().int(), title: z.string(), category: z.enum(RISK_CATEGORY_NAMES), likelihood: z.number().int(), impact: z.number().int(),
  score: z.number().int(), level, ownerId: z.number().int().nullable(), controls: z.string(), reviewOn: z.string().nullable(),
  status: z.enum(['open', 'mitigated', 'closed']), createdAt: z.string(),
}).meta({ id: 'Risk' });
export const createRiskBody = z.object({
  title: z.string().min(1).max(200), category: z.enum(RISK_CATEGORY_NAMES), likelihood: axis, impact: axis,
  ownerId: z.number().int().positive().nullable().optional(), controls: z.string().max(5000).optional(), reviewOn: isoDate.nullable().optional(),
  status: z.enum(['open', 'mitigated', 'closed']).optional(),
});
export const updateRiskBody = createRiskBody.partial();
export const heatMapCell = z.object({ likelihood: z.number().int(), impact: z.number().int(), score: z.number().int(), level, count: z.number().int(), ids: z.array(z.string()) });

export const indicatorItem = z.object({
  id: z.number().int(), riskId: z.number().int(), name: z.string(), metric: z.string(), comparator: z.string(), threshold: z.number(), windowDays: z.number().int(),
  incidentLevel: z.number().int().nullable(), lastValue: z.number().nullable(), lastState: z.string().nullable(), lastEvaluatedOn: z.string().nullable(),
});
export const createIndicatorBody = z.object({
  riskId: z.number().int().positive(), name: z.string().min(1).max(200), metric: z.string().min(1).max(60), comparator: z.enum(['>', '>=', '<', '<=']),
  threshold: z.number(), windowDays: z.number().int().min(1).max(365).optional(), incidentLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable().optional(),
});
export const evaluateIndicatorsBody = z.object({ asOf: isoDate });

export const incidentItem = z.object({
  id: z.number().int(), title: z.string(), level: z.number().int(), status: z.enum(['open', 'acknowledged', 'resolved', 'closed']),
  riskId: z.number().int().nullable(), indicatorId: z.number().int().nullable(), ownerId: z.number().int().nullable(), escalationStep: z.number().int(),
  ackDueAt: z.string().nullable(), acknowledgedAt: z.string().nullable(), resolvedAt: z.string().nullable(), drill: z.boolean(),
  review: z.record(z.string(), z.unknown()).nullable(), createdAt: z.string(),
  timeline: z.array(z.object({ id: z.number().int(), kind: z.string(), actorName: z.string(), body: z.string().nullable(), data: z.unknown(), at: z.string() })),
}).meta({ id: 'Incident' });
export const openIncidentBody = z.object({ title: z.string().min(1).max(200), level: z.union([z.literal(1), z.literal(2), z.literal(3)]), riskId: z.number().int().positive().nullable().optional(), body: z.string().max(5000).optional() });
export const incidentNoteBody = z.object({ body: z.string().min(1).max(5000) });
export const incidentResolveBody = z.object({ summary: z.string().min(1).max(5000) });
export const incidentReviewBody = z.object({ summary: z.string().min(1).max(5000), rootCause: z.string().min(1).max(5000), actions: z.array(z.string().min(1).max(500)).max(50) });
export const onCallBody = z.object({ userIds: z.array(z.number().int().positive()).max(20) });
export const levelParam = z.object({ level: z.coerce.number().int().min(1).max(3) });
export const webhookBody = z.object({ url: z.string().url().refine((u) => /^https?:/.test(u), 'expected http(s)'), secret: z.string().min(8).max(200) });
export const drillResult = z.object({
  incident: incidentItem,
  checks: z.object({ escalated: z.boolean(), acknowledged: z.boolean(), resolved: z.boolean(), reviewed: z.boolean(), notifications: z.number().int(), minutesToAcknowledge: z.number().nullable(), minutesToResolve: z.number().nullable() }),
  passed: z.boolean(),
});

const normal = z.object({ mean: z.number(), sd: z.number().min(0) });
export const simulatePromotionBody = z.object({
  listPriceFen: z.number().int().positive(), promoPriceFen: z.number().int().positive(), baselineUnits: z.number().min(0),
  unitCostFen: normal, elasticity: normal, redemption: z.object({ min: z.number().min(0).max(1), max: z.number().min(0).max(1) }).optional(),
  fixedCostFen: z.number().int().min(0).optional(), roiTarget: z.number(),
  trials: z.number().int().min(100).max(1_000_000).default(20_000), seed: z.number().int().default(42),
});
export type RiskItem = z.infer<typeof riskItem>;
export type HeatMapCell = z.infer<typeof heatMapCell>;
export type IncidentItem = z.infer<typeof incidentItem>;
export type DrillResultBody = z.infer<typeof drillResult>;
