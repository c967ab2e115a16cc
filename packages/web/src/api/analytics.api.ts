import type { KpiGranularity, KpiReport } from '@zhanggui/contracts';
import { apiRequest } from './api-client';

/** GET /api/analytics/kpis for the half-open business days [from, to). */
export const fetchKpis = (q: { from: string; to: string; granularity: KpiGranularity }, signal?: AbortSignal) =>
  apiRequest<KpiReport>('GET', '/analytics/kpis', { query: q, signal });
