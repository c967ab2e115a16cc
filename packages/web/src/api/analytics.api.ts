import type {
  AlertItem, KpiGranularity, KpiReport, AlertRule, AlertRuleInput, ChannelsReport, CohortsReport, CustomersReport, Funnel, GoalInput, GoalProgress, Overview, ProductRanking, ProductsReport,
} from '@zhanggui/contracts';
import { apiRequest } from './api-client';

/** GET /api/analytics/kpis for the half-open business days [from, to). */
export const fetchKpis = (q: { from: string; to: string; granularity: KpiGranularity }, signal?: AbortSignal) =>
  apiRequest<KpiReport>('GET', '/analytics/kpis', { query: q, signal });


type Range = { from: string; to: string };
/** GET /api/analytics/overview: every overview figure, the comparison period and splits. */
export const fetchOverview = (q: Range & { compare: 'previous' | 'last_year' | 'none' }, signal?: AbortSignal) => apiRequest<Overview>('GET', '/analytics/overview', { query: q, signal });
export const fetchFunnel = (q: Range & { by: 'none' | 'channel' | 'device' }, signal?: AbortSignal) => apiRequest<Funnel>('GET', '/analytics/funnel', { query: q, signal });
export const fetchChannels = (q: Range, signal?: AbortSignal) => apiRequest<ChannelsReport>('GET', '/analytics/channels', { query: q, signal });
export const fetchCohorts = (q: Range, signal?: AbortSignal) => apiRequest<CohortsReport>('GET', '/analytics/cohorts', { query: q, signal });
export const fetchCustomers = (q: Range & { granularity: 'day' | 'week' | 'month' }, signal?: AbortSignal) => apiRequest<CustomersReport>('GET', '/analytics/customers', { query: q, signal });
export const fetchProducts = (q: Range & { limit: number; rankBy: ProductRanking }, signal?: AbortSignal) => apiRequest<ProductsReport>('GET', '/analytics/products', { query: q, signal });
export const fetchGoals = (signal?: AbortSignal) => apiRequest<{ goals: GoalProgress[] }>('GET', '/analytics/goals', { signal });
export const createGoal = (g: GoalInput) => apiRequest<{ id: number }>('POST', '/analytics/goals', { body: g });
export const fetchAlertRules = (signal?: AbortSignal) => apiRequest<{ rules: AlertRule[] }>('GET', '/analytics/alert-rules', { signal });
export const createAlertRule = (r: AlertRuleInput) => apiRequest<{ id: number }>('POST', '/analytics/alert-rules', { body: r });
export const fetchAlerts = (status: 'open' | 'acknowledged' | 'all', signal?: AbortSignal) => apiRequest<{ alerts: AlertItem[] }>('GET', '/analytics/alerts', { query: { status }, signal });
export const acknowledgeAlert = (id: number) => apiRequest<AlertItem>('POST', `/analytics/alerts/${id}/acknowledge`, { body: {} });
