import type { CatalogueColumnItem, DrillResultBody, HeatMapCell, IncidentItem, ModerationDecisionItem, RiskItem, ServiceMetrics, Ticket } from '@zhanggui/contracts';
import { apiRequest } from './api-client';

export type { Ticket };
export type Incident = IncidentItem;
export type Risk = RiskItem;
export type HeatCell = HeatMapCell;
export type CatalogueColumn = CatalogueColumnItem;
export type ModerationDecision = ModerationDecisionItem;
export type DrillResult = DrillResultBody;

export const fetchTickets = (status: string | undefined, signal?: AbortSignal) =>
  apiRequest<{ items: Ticket[]; total: number }>('GET', '/tickets', { query: { status, limit: 100 }, signal });
export const fetchServiceMetrics = (q: { from: string; to: string }, signal?: AbortSignal) => apiRequest<ServiceMetrics>('GET', '/service/metrics', { query: q, signal });
export const fetchTicket = (id: number, signal?: AbortSignal) => apiRequest<Ticket>('GET', `/tickets/${id}`, { signal });
export const createTicket = (body: { channel: string; category: string; subject: string; body: string; priority: string; orderId?: number | null }) =>
  apiRequest<Ticket>('POST', '/tickets', { body });
export const ticketAction = (id: number, action: 'replies' | 'notes' | 'status' | 'rating', body: object) => apiRequest<Ticket>('POST', `/tickets/${id}/${action}`, { body });

export const fetchRisks = (signal?: AbortSignal) => apiRequest<Risk[]>('GET', '/risks', { signal });
export const fetchHeatMap = (signal?: AbortSignal) => apiRequest<HeatCell[][]>('GET', '/risks/heat-map', { signal });
export const createRisk = (body: { title: string; category: string; likelihood: number; impact: number; controls?: string }) => apiRequest<Risk>('POST', '/risks', { body });

export const fetchIncidents = (signal?: AbortSignal) => apiRequest<Incident[]>('GET', '/incidents', { signal });
export const incidentAction = (id: number, action: 'acknowledge' | 'actions' | 'resolve', body: object = {}) => apiRequest<Incident>('POST', `/incidents/${id}/${action}`, { body });
export const openIncident = (body: { title: string; level: number }) => apiRequest<Incident>('POST', '/incidents', { body });
export const runDrill = () => apiRequest<DrillResult>('POST', '/incidents/drill', { body: {} });

export const fetchCatalogue = (signal?: AbortSignal) => apiRequest<{ dataLocation: string; columns: CatalogueColumn[]; summary: Record<string, number> }>('GET', '/compliance/catalogue', { signal });
export const checkModeration = (body: { kind: string; text: string }) => apiRequest<ModerationDecision>('POST', '/compliance/moderation/check', { body });
export const overrideModeration = (id: number, body: { action: string; reason: string }) => apiRequest<ModerationDecision>('POST', `/compliance/moderation/decisions/${id}/override`, { body });
export const fetchDecisions = (signal?: AbortSignal) => apiRequest<ModerationDecision[]>('GET', '/compliance/moderation/decisions', { signal });
