import type { CartJson, ExperimentDto, ExperimentResultsDto, PricingRulesJson, PromotionDto, QuoteResult } from '@zhanggui/contracts';
import { apiRequest } from './api-client';

export type { CartJson, ExperimentDto, ExperimentResultsDto, PricingRulesJson, PromotionDto, QuoteResult };

export const fetchPromotions = (signal?: AbortSignal) => apiRequest<PromotionDto[]>('GET', '/pricing/promotions', { signal });
export const createPromotion = (definition: PricingRulesJson['promotions'][number]) => apiRequest<PromotionDto>('POST', '/pricing/promotions', { body: { definition } });
export const previewQuote = (rules: PricingRulesJson, cart: CartJson, signal?: AbortSignal) => apiRequest<QuoteResult>('POST', '/pricing/preview', { body: { rules, cart }, signal });
export const fetchExperiments = (signal?: AbortSignal) => apiRequest<ExperimentDto[]>('GET', '/experiments', { signal });
export const createExperiment = (body: { code: string; name: string; kind: 'price' | 'promotion' | 'page' | 'message'; variants: { name: string; weight: number }[] }) =>
  apiRequest<ExperimentDto>('POST', '/experiments', { body });
export const fetchExperimentResults = (code: string, metric: string, signal?: AbortSignal) =>
  apiRequest<ExperimentResultsDto>('GET', `/experiments/${encodeURIComponent(code)}/results`, { query: { metric }, signal });

/** The incrementality effect of one measure (offered vs held out), as GET /pricing/incrementality/:code returns it. */
export interface IncrementalityEffect {
  offeredMean: number; holdoutMean: number; diffPerCustomer: number; ci: [number, number]; pValue: number;
  incrementalTotal: number; incrementalCi: [number, number];
}
/** "Did it pay?" for a promotion or coupon batch (contracts' incrementalityReportDto). */
export interface IncrementalityReport {
  ref: string; from: string; to: string; causal: boolean; label: { zh: string; en: string };
  offered: number; heldOut: number; discountCost: number;
  orders: IncrementalityEffect | null; gmv: IncrementalityEffect | null; margin: IncrementalityEffect | null;
  roi: number | null; roiCi: [number, number] | null; roiTarget: number; meetsTarget: boolean | null;
  redeemingOrders?: number; redeemingGmv?: number; attributedRoi?: number | null;
}
export const fetchIncrementality = (code: string, from: string, to: string, signal?: AbortSignal) =>
  apiRequest<IncrementalityReport>('GET', `/pricing/incrementality/${encodeURIComponent(code)}`, { query: { from, to }, signal });

/** An order coupon's definition as the coupon-batch API takes it (amounts in fen, times in store wall-clock). */
export interface CouponDefinitionJson {
  id: string; name: string; scope: 'order' | 'item'; threshold?: number; amount?: number; percentOff?: number;
  validFrom?: string; validTo?: string; perCustomerLimit?: number; totalQuantity?: number;
}
export interface CouponBatchDto {
  code: string; name: string; codeless: boolean; holdoutShare: number; maxPerCustomer: number;
  definition: CouponDefinitionJson; issued: number; redeemed: number; heldOut: number;
}
export const createCouponBatch = (body: { definition: CouponDefinitionJson; holdoutShare?: number; maxPerCustomer?: number; codeless?: boolean }) =>
  apiRequest<CouponBatchDto>('POST', '/pricing/coupon-batches', { body });
