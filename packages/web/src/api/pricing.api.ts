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
