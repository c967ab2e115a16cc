import type { CandidateList, ForecastAccuracy, ForecastDetail, ForecastSummary, InventoryHealth, LifecycleBoard, Proposal, PurchaseOrder } from '@zhanggui/contracts';
import { apiRequest } from './api-client';

export type { CandidateList, ForecastDetail, ForecastSummary, InventoryHealth, LifecycleBoard, Proposal, PurchaseOrder };

export const fetchForecasts = (q: { sku?: string }, signal?: AbortSignal) => apiRequest<ForecastSummary[]>('GET', '/forecasts', { query: { limit: 200, ...q }, signal });
export const fetchForecastAccuracy = (signal?: AbortSignal) => apiRequest<ForecastAccuracy>('GET', '/forecasts/accuracy', { signal });
export const fetchForecast = (id: number, signal?: AbortSignal) => apiRequest<ForecastDetail>('GET', `/forecasts/${id}`, { signal });
export const fetchInventoryHealth = (signal?: AbortSignal) => apiRequest<InventoryHealth>('GET', '/inventory-health', { signal });
export const fetchProposals = (q: { status?: string }, signal?: AbortSignal) => apiRequest<Proposal[]>('GET', '/replenishment/proposals', { query: q, signal });
export const approveProposal = (id: number, quantity?: number) => apiRequest<Proposal>('POST', `/replenishment/proposals/${id}/approve`, { body: quantity === undefined ? {} : { quantity } });
export const rejectProposal = (id: number) => apiRequest<null>('POST', `/replenishment/proposals/${id}/reject`, { body: {} });
export const fetchPurchaseOrders = (signal?: AbortSignal) => apiRequest<PurchaseOrder[]>('GET', '/purchase-orders', { signal });
export const receivePurchaseOrder = (id: number) => apiRequest<PurchaseOrder>('POST', `/purchase-orders/${id}/receive`, { body: {} });
export const fetchLifecycle = (signal?: AbortSignal) => apiRequest<LifecycleBoard>('GET', '/products/lifecycle', { signal });
export const fetchCandidates = (signal?: AbortSignal) => apiRequest<CandidateList>('GET', '/products/candidates', { signal });
export const importCandidates = (csv: string) => apiRequest<{ saved: number }>('POST', '/products/candidates/import', { body: { csv } });
export const saveWeights = (w: Record<string, number>) => apiRequest<Record<string, number>>('PUT', '/products/selection-weights', { body: w });
