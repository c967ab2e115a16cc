import { z } from 'zod';
import { isoDate, pageQuery } from './common.js';

export const TICKET_STATUS_NAMES = ['open', 'pending', 'resolved', 'closed'] as const;
export const TICKET_PRIORITY_NAMES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_CHANNEL_NAMES = ['api', 'order_page', 'email', 'chat', 'phone'] as const;

const slaTarget = z.object({ dueAt: z.string(), state: z.enum(['running', 'warning', 'breached', 'met', 'missed']), elapsedMinutes: z.number(), remainingMinutes: z.number() });

export const ticket = z.object({
  id: z.number().int(), source: z.string(), externalId: z.string().nullable(), channel: z.string(), category: z.string(),
  subject: z.string(), body: z.string(), status: z.enum(TICKET_STATUS_NAMES), priority: z.enum(TICKET_PRIORITY_NAMES), tier: z.string(),
  customerId: z.number().int().nullable(), orderId: z.number().int().nullable(), assigneeId: z.number().int().nullable(),
  createdAt: z.string(), firstResponseAt: z.string().nullable(), resolvedAt: z.string().nullable(), closedAt: z.string().nullable(),
  rating: z.number().int().nullable(),
  sla: z.object({ policy: z.string(), firstResponse: slaTarget, resolution: slaTarget }).nullable(),
  events: z.array(z.object({ id: z.number().int(), kind: z.string(), authorName: z.string(), body: z.string().nullable(), internal: z.boolean(), data: z.unknown(), createdAt: z.string() })).optional(),
}).meta({ id: 'Ticket' });

export const createTicketBody = z.object({
  channel: z.enum(TICKET_CHANNEL_NAMES).default('api'),
  category: z.string().min(1).max(50),
  subject: z.string().min(1).max(200),
  body: z.string().min(1).max(20_000),
  priority: z.enum(TICKET_PRIORITY_NAMES).default('normal'),
  tier: z.string().min(1).max(30).default('standard'),
  customerId: z.number().int().positive().nullable().optional(),
  orderId: z.number().int().positive().nullable().optional(),
  externalId: z.string().max(200).nullable().optional(),
});

export const importTicketBody = z.object({
  format: z.enum(['email', 'chat']),
  raw: z.string().min(1).max(200_000),
  category: z.string().min(1).max(50).default('其他'),
  priority: z.enum(TICKET_PRIORITY_NAMES).default('normal'),
  customerId: z.number().int().positive().nullable().optional(),
  orderId: z.number().int().positive().nullable().optional(),
});

export const ticketListQuery = pageQuery.extend({
  status: z.enum(TICKET_STATUS_NAMES).optional(),
  assigneeId: z.coerce.number().int().positive().optional(),
  sla: z.enum(['warning', 'breached']).optional(),
  /** Tickets of one customer (the customer 360). */
  customerId: z.coerce.number().int().positive().optional(),
});

export const ticketTextBody = z.object({ body: z.string().min(1).max(20_000) });
export const ticketStatusBody = z.object({ status: z.enum(TICKET_STATUS_NAMES) });
export const ticketAssignBody = z.object({ assigneeId: z.number().int().positive().nullable() });
export const ticketMacroBody = z.object({ macroId: z.number().int().positive() });
export const ticketRatingBody = z.object({ rating: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() });

export const macro = z.object({ id: z.number().int(), name: z.string(), body: z.string(), setStatus: z.string().nullable(), setPriority: z.string().nullable() });
export const createMacroBody = z.object({ name: z.string().min(1).max(100), body: z.string().min(1).max(5000), setStatus: z.enum(TICKET_STATUS_NAMES).nullable().optional(), setPriority: z.enum(TICKET_PRIORITY_NAMES).nullable().optional() });
export const agentBody = z.object({ skills: z.array(z.string().min(1).max(50)).max(50), active: z.boolean().default(true) });
export const userIdParam = z.object({ userId: z.coerce.number().int().positive() });

const openingInterval = z.object({ start: z.string().regex(/^\d{2}:\d{2}$/), end: z.string().regex(/^\d{2}:\d{2}$/) });
export const businessCalendar = z.object({
  timeZone: z.string(),
  weekly: z.record(z.string(), z.array(openingInterval)),
  holidays: z.array(isoDate).optional(), workdays: z.array(isoDate).optional(), workdayHours: z.array(openingInterval).optional(),
});
export const slaPolicy = z.object({
  id: z.number().int(), name: z.string(), priority: z.string(), tier: z.string(), firstResponseMinutes: z.number().int(), resolutionMinutes: z.number().int(),
  warnFraction: z.number(), calendar: businessCalendar,
});
export const slaPolicyBody = z.object({
  name: z.string().min(1).max(100), priority: z.enum(TICKET_PRIORITY_NAMES), tier: z.string().min(1).max(30),
  firstResponseMinutes: z.number().int().min(1), resolutionMinutes: z.number().int().min(1), warnFraction: z.number().gt(0).max(1).optional(), calendar: businessCalendar,
});

export const npsBody = z.object({ customerId: z.number().int().positive().nullable().optional(), score: z.number().int().min(0).max(10), comment: z.string().max(2000).nullable().optional() });
export const serviceMetricsQuery = z.object({ from: isoDate, to: isoDate });
export const serviceMetricsResult = z.object({
  from: z.string(), to: z.string(), tickets: z.number().int(), open: z.number().int(),
  firstResponseHours: z.object({ mean: z.number().nullable(), median: z.number().nullable() }),
  resolutionHours: z.object({ mean: z.number().nullable(), median: z.number().nullable() }),
  csat: z.number().nullable(), ratings: z.number().int(), firstResponseSlaHitRate: z.number().nullable(), resolutionSlaHitRate: z.number().nullable(),
  nps: z.number().nullable(), npsResponses: z.number().int(),
}).meta({ id: 'ServiceMetrics' });
export const reviewTrendsQuery = z.object({ from: isoDate, to: isoDate, productId: z.coerce.number().int().positive().optional() });
export const reviewTrend = z.object({ productId: z.number().int(), week: z.string(), topic: z.string(), reviews: z.number().int(), negative: z.number().int(), avgRating: z.number() });
export const classifyTextBody = z.object({ text: z.string().min(1).max(20_000) });
export type Ticket = z.infer<typeof ticket>;
export type ServiceMetrics = z.infer<typeof serviceMetricsResult>;
