import type {
  CartJson, CouponBatchDto, CouponBatchListDto, CouponDefinitionJson, ExperimentDto, ExperimentResultsDto, PricingRulesJson, PromotionDto, QuoteResult,
  ReferralDto, ReferralProgrammeDto, ReferralRewardJson, ReferralSummaryDto,
} from '@zhanggui/contracts';
import { apiRequest } from './api-client';

export type {
  CartJson, CouponBatchDto, CouponBatchListDto, CouponDefinitionJson, ExperimentDto, ExperimentResultsDto, PricingRulesJson, PromotionDto, QuoteResult,
  ReferralDto, ReferralProgrammeDto, ReferralRewardJson, ReferralSummaryDto,
};

export const fetchPromotions = (signal?: AbortSignal) => apiRequest<PromotionDto[]>('GET', '/pricing/promotions', { signal });
export const createPromotion = (definition: PricingRulesJson['promotions'][number]) => apiRequest<PromotionDto>('POST', '/pricing/promotions', { body: { definition } });
export const previewQuote = (rules: PricingRulesJson, cart: CartJson, signal?: AbortSignal) => apiRequest<QuoteResult>('POST', '/pricing/preview', { body: { rules, cart }, signal });
export const fetchExperiments = (signal?: AbortSignal) => apiRequest<ExperimentDto[]>('GET', '/experiments', { signal });
export const createExperiment = (body: {
  code: string; name: string; kind: 'price' | 'promotion' | 'page' | 'message'; variants: { name: string; weight: number }[];
  unit?: ExperimentDto['unit']; primaryMetric?: ExperimentDto['primaryMetric']; startAt?: string; endAt?: string;
}) => apiRequest<ExperimentDto>('POST', '/experiments', { body });
/** `metric` undefined: the experiment's primary metric. */
export const fetchExperimentResults = (code: string, metric: string | undefined, signal?: AbortSignal) =>
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

export const createCouponBatch = (body: { definition: CouponDefinitionJson; holdoutShare?: number; maxPerCustomer?: number; codeless?: boolean }) =>
  apiRequest<CouponBatchDto>('POST', '/pricing/coupon-batches', { body });
/** Coupon batches, newest first, with their redemption tracking. */
export const fetchCouponBatches = (limit: number, offset: number, signal?: AbortSignal) =>
  apiRequest<CouponBatchListDto>('GET', '/pricing/coupon-batches', { query: { limit, offset }, signal });

export const fetchReferralProgramme = (signal?: AbortSignal) => apiRequest<ReferralProgrammeDto>('GET', '/pricing/referral-programme', { signal });
export const saveReferralProgramme = (body: { enabled: boolean; reward: ReferralRewardJson; windowDays: number }) =>
  apiRequest<ReferralProgrammeDto>('PUT', '/pricing/referral-programme', { body });
export const fetchReferralSummary = (signal?: AbortSignal) => apiRequest<ReferralSummaryDto>('GET', '/pricing/referrals/summary', { signal });
export const fetchReferrals = (status: ReferralDto['status'] | undefined, signal?: AbortSignal) =>
  apiRequest<ReferralDto[]>('GET', '/pricing/referrals', { query: { status }, signal });
