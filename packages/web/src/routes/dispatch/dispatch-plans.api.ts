import { apiRequest } from '../../api/api-client';
import type { DispatchPlan } from '../../api/logistics.api';

/** The `DispatchPlanSummary` of the API (contracts/src/logistics.ts): a stored plan without its manifests. */
export interface DispatchPlanSummary {
  id: number; warehouseId: number; warehouseCode: string; date: string; wave: number; status: 'draft' | 'released';
  seed: number; timeLimitSeconds: number | null; maxIterations: number | null; iterations: number;
  cost: number; shipments: number; vehicles: number; units: number; distanceKm: number; createdAt: string; releasedAt: string | null;
}
/** The `StoredDispatchPlan` of the API. */
export type StoredDispatchPlan = DispatchPlan & DispatchPlanSummary;

/** GET /api/logistics/dispatch-plans: a warehouse's stored plans, latest day first. */
export const fetchDispatchPlans = (warehouseId: number, signal?: AbortSignal) =>
  apiRequest<{ items: DispatchPlanSummary[]; total: number }>('GET', '/logistics/dispatch-plans', { query: { warehouseId, limit: 50 }, signal });

/** GET /api/logistics/dispatch-plans/:id: one stored plan with its routes and manifests. */
export const fetchStoredPlan = (id: number, signal?: AbortSignal) => apiRequest<StoredDispatchPlan>('GET', `/logistics/dispatch-plans/${id}`, { signal });

/** POST /api/logistics/dispatch-plans: plan the warehouse's day and store it as a draft. */
export const saveDispatchPlan = (body: { warehouseId: number; date: string }) => apiRequest<StoredDispatchPlan>('POST', '/logistics/dispatch-plans', { body });

/** POST /api/logistics/dispatch-plans/:id/release: the plan's shipments are handed to the drivers. */
export const releaseStoredPlan = (id: number) => apiRequest<StoredDispatchPlan>('POST', `/logistics/dispatch-plans/${id}/release`);
