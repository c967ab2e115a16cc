import { z } from 'zod';
import { classifyReview } from '@zhanggui/algorithms';
import {
  agentBody, classifyTextBody, createMacroBody, createTicketBody, errorBody, idParam, importTicketBody, macro, npsBody, page, reviewTrend, reviewTrendsQuery,
  serviceMetricsQuery, serviceMetricsResult, slaPolicy, slaPolicyBody, ticket, ticketAssignBody, ticketListQuery, ticketMacroBody, ticketRatingBody,
  ticketStatusBody, ticketTextBody, userIdParam,
} from '@zhanggui/contracts';
import type { BusinessCalendar } from '@zhanggui/algorithms';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { getStoreSettings } from '../store/index.js';
import { classifyPendingReviews, recordNps, reviewTopicTrends } from './feedback.service.js';
import { parseChatTranscript, parseEmail } from './intake.js';
import { serviceMetrics } from './service-metrics.service.js';
import { listSlaPolicies, upsertSlaPolicy } from './sla-policy.service.js';
import {
  addNote, applyMacro, assignTicket, changeStatus, createMacro, createTicket, getTicket, listMacros, listTickets, rateTicket, replyToTicket, setAgent,
} from './tickets.service.js';

const read = { permission: 'service:read' } as const;
const write = { permission: 'service:write' } as const;
const tags = ['service'];
const errors = { 400: errorBody, 404: errorBody, 409: errorBody };

export const serviceRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;

  app.get('/tickets', { config: read, schema: { tags, summary: 'Tickets (filters: status, assigneeId, customerId, sla = warning | breached)', querystring: ticketListQuery, response: { 200: page(ticket) } } },
    async (req) => listTickets(db, req.query, now()));
  app.post('/tickets', { config: write, schema: { tags, summary: 'Open a ticket (API, order page, phone)', body: createTicketBody, response: { 201: ticket, ...errors } } },
    async (req, reply) => reply.status(201).send(await createTicket(db, actorOf(req), req.body, now())));
  app.post('/tickets/import', { config: write, schema: { tags, summary: 'Open a ticket from a raw e-mail or a chat transcript', body: importTicketBody, response: { 201: ticket, ...errors } } },
    async (req, reply) => {
      const m = req.body.format === 'email' ? parseEmail(req.body.raw) : parseChatTranscript(req.body.raw);
      const t = await createTicket(db, actorOf(req), { channel: req.body.format, category: req.body.category, priority: req.body.priority, subject: m.subject, body: m.body,
        customerId: req.body.customerId ?? null, orderId: req.body.orderId ?? null, externalId: m.externalId, source: req.body.format === 'email' ? 'email-import' : 'chat-import' }, now());
      return reply.status(201).send(t);
    });
  app.get('/tickets/:id', { config: read, schema: { tags, summary: 'A ticket with its timeline and SLA state', params: idParam, response: { 200: ticket, 404: errorBody } } },
    async (req) => getTicket(db, req.params.id, now()));
  app.post('/tickets/:id/replies', { config: write, schema: { tags, summary: 'Reply to the customer (the first reply stops the first-response clock)', params: idParam, body: ticketTextBody, response: { 200: ticket, ...errors } } },
    async (req) => replyToTicket(db, actorOf(req), req.params.id, req.body.body, now()));
  app.post('/tickets/:id/notes', { config: write, schema: { tags, summary: 'Internal note', params: idParam, body: ticketTextBody, response: { 200: ticket, ...errors } } },
    async (req) => addNote(db, actorOf(req), req.params.id, req.body.body, now()));
  app.post('/tickets/:id/status', { config: write, schema: { tags, summary: 'Change status (open → pending → resolved → closed; resolved may reopen)', params: idParam, body: ticketStatusBody, response: { 200: ticket, ...errors } } },
    async (req) => changeStatus(db, actorOf(req), req.params.id, req.body.status, now()));
  app.post('/tickets/:id/assign', { config: write, schema: { tags, summary: 'Assign to an agent (null: unassign)', params: idParam, body: ticketAssignBody, response: { 200: ticket, ...errors } } },
    async (req) => assignTicket(db, actorOf(req), req.params.id, req.body.assigneeId, now()));
  app.post('/tickets/:id/macro', { config: write, schema: { tags, summary: 'Apply a macro', params: idParam, body: ticketMacroBody, response: { 200: ticket, ...errors } } },
    async (req) => applyMacro(db, actorOf(req), req.params.id, req.body.macroId, now()));
  app.post('/tickets/:id/rating', { config: write, schema: { tags, summary: 'Record the CSAT rating (1–5) after resolution', params: idParam, body: ticketRatingBody, response: { 200: ticket, ...errors } } },
    async (req) => rateTicket(db, actorOf(req), req.params.id, req.body.rating, req.body.comment, now()));

  app.get('/service/macros', { config: read, schema: { tags, summary: 'Macros', response: { 200: z.array(macro) } } }, async () => listMacros(db));
  app.post('/service/macros', { config: write, schema: { tags, summary: 'Create a macro', body: createMacroBody, response: { 201: macro, ...errors } } },
    async (req, reply) => reply.status(201).send(await createMacro(db, req.body)));
  app.put('/service/agents/:userId', { config: write, schema: { tags, summary: 'Make a user an agent, with skills (ticket categories)', params: userIdParam, body: agentBody, response: { 200: agentBody.extend({ userId: z.number().int() }) } } },
    async (req) => setAgent(db, req.params.userId, req.body.skills, req.body.active));
  app.get('/service/sla-policies', { config: read, schema: { tags, summary: 'SLA policies by priority and tier', response: { 200: z.array(slaPolicy) } } },
    async () => (await listSlaPolicies(db)).map((p) => ({ ...p, calendar: p.calendar as z.infer<typeof slaPolicy>['calendar'] })));
  app.put('/service/sla-policies', { config: write, schema: { tags, summary: 'Create or change the policy of a priority and tier', body: slaPolicyBody, response: { 200: slaPolicy, 400: errorBody } } },
    async (req) => {
      const p = await upsertSlaPolicy(db, { ...req.body, calendar: req.body.calendar as unknown as BusinessCalendar });
      return { ...p, calendar: p.calendar as z.infer<typeof slaPolicy>['calendar'] };
    });
  app.get('/service/metrics', { config: read, schema: { tags, summary: 'First response and resolution time, CSAT, SLA hit rates, NPS (metrics.md)', querystring: serviceMetricsQuery, response: { 200: serviceMetricsResult } } },
    async (req) => serviceMetrics(db, { ...req.query, timeZone: (await getStoreSettings(db)).timeZone, now: now() }));
  app.post('/service/nps', { config: write, schema: { tags, summary: 'Record an NPS answer (0–10)', body: npsBody, response: { 201: z.object({ id: z.number().int(), score: z.number().int(), createdAt: z.string() }), 400: errorBody } } },
    async (req, reply) => reply.status(201).send(await recordNps(db, req.body, now())));
  app.post('/service/reviews/classify', { config: write, schema: { tags, summary: 'Classify reviews not classified yet (topic, sentiment)', response: { 200: z.object({ classified: z.number().int() }) } } },
    async () => ({ classified: await classifyPendingReviews(db, now()) }));
  app.get('/service/reviews/trends', { config: read, schema: { tags, summary: 'Review topics per product and week, with negative counts', querystring: reviewTrendsQuery, response: { 200: z.array(reviewTrend) } } },
    async (req) => reviewTopicTrends(db, req.query));
  app.post('/service/classify', { config: read, schema: { tags, summary: 'Classify a text (topic, sentiment) without storing it', body: classifyTextBody } },
    async (req) => classifyReview(req.body.text));
};
