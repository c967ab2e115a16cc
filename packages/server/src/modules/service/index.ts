export { createTicket, getTicket, listTickets, replyToTicket, addNote, changeStatus, assignTicket, applyMacro, rateTicket, createMacro, listMacros, setAgent, type TicketView } from './tickets.service.js';
export { listSlaPolicies, upsertSlaPolicy, defaultCalendar } from './sla-policy.service.js';
export { classifyPendingReviews, reviewTopicTrends, recordNps, npsBetween } from './feedback.service.js';
export { serviceMetrics } from './service-metrics.service.js';
export { parseEmail, parseChatTranscript } from './intake.js';
export { pickAgent } from './assignment.js';
export * from './service.tables.js';
export { serviceRoutes } from './service.routes.js';
