import type { SegmentRule } from '@zhanggui/contracts';
import { apiRequest } from './api-client';

export interface SegmentItem { id: number; name: string; description: string | null; rule: SegmentRule; members: number; computedOn: string | null }
export interface SegmentMemberItem {
  id: number; externalId: string | null; name: string | null; phone: string | null; region: string | null; rfmGroup: string | null; stratum: string | null;
  lifecycleStage: string | null; totalSpend: number | null; pAlive: number | null; clv: number | null; since: string; masked: boolean;
}
export interface CustomerProfile { id: number; externalId: string | null; name: string | null; phone: string | null; email: string | null; region: string | null; city: string | null; consentMarketing: boolean; masked: boolean }
export interface Intelligence {
  customerId: number;
  rfm: { asOf: string; recencyDays: number | null; frequency: number; monetary: number; r: number | null; f: number | null; m: number | null; rfmGroup: string; stratum: string; lifecycleStage: string | null; lastOrderDay: string | null; totalSpend: number } | null;
  lifecycleHistory: { day: string; from: string | null; to: string }[];
  clv: { calibrationEnd: string; horizonDays: number; x: number; pAlive: number; expectedPurchases: number; expectedSpend: number; clvGmv: number; clvMargin: number | null; churnRisk: string; expectedNextOrder: string | null } | null;
  segments: { id: number; name: string; since: string }[];
  tags: string[];
}
export interface CustomerLoyalty {
  customerId: number;
  tier: { code: string; name: string; since: string | null; pendingTier: string | null; graceUntil: string | null };
  growthValue: number; balance: number;
  ledger: { id: number; key: string; kind: string; day: string; points: number; expiresOn: string | null; orderId: number | null; note: string | null }[];
  tierHistory: { day: string; fromTier: string; toTier: string; reason: string; growthValue: number }[];
}
export interface TierDef { code: string; name: string; threshold: number; earnMultiplier: number; memberPrice: boolean; freeShipping: boolean; birthdayGift: boolean; priorityService: boolean }
export interface LoyaltySettings { tiers: TierDef[]; growthBasis: 'spend' | 'points'; growthWindow: 'rolling_12_months' | 'calendar_year'; reviewDay: string; graceDays: number; pointsPerUnit: number; pointValue: number; expiry: 'rolling_12_months' | 'year_end'; reminderDays: number }
export interface LoyaltyDashboard { day: string; tiers: { code: string; name: string; customers: number }[]; liability: { points: number; value: number }; remindersDue: { customerId: number; points: number; expiresOn: string }[] }
export interface ClvFit {
  calibrationEnd: string; unitDays: number; horizonDays: number;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
  gammaGamma: { p: number; q: number; gamma: number; logLikelihood: number } | null;
  customers: number; repeatCustomers: number; marginRatio: number | null; churnBands: { band: string; customers: number }[]; totalClv: number;
}
export interface ClvCalibration {
  calibrationEnd: string; holdoutEnd: string;
  byFrequency: { x: number; customers: number; actual: number; predicted: number }[];
  cumulative: { week: number; day: string; actual: number; predicted: number }[];
}

export const fetchSegments = (signal?: AbortSignal) => apiRequest<SegmentItem[]>('GET', '/segments', { signal });
export const countSegmentRule = (rule: SegmentRule) => apiRequest<{ count: number; day: string }>('POST', '/segments/count', { body: { rule } });
export const createSegment = (body: { name: string; rule: SegmentRule }) => apiRequest<SegmentItem>('POST', '/segments', { body });
export const fetchSegmentMembers = (id: number, signal?: AbortSignal) => apiRequest<{ items: SegmentMemberItem[]; total: number }>('GET', `/segments/${id}/members`, { query: { limit: 200 }, signal });
export const fetchCustomer = (id: number, signal?: AbortSignal) => apiRequest<CustomerProfile>('GET', `/customers/${id}`, { signal });
export const fetchCustomerPage = (offset: number, signal?: AbortSignal) =>
  apiRequest<{ items: CustomerProfile[]; total: number; limit: number; offset: number }>('GET', '/customers', { query: { limit: 50, offset }, signal });
export interface CustomerTicket { id: number; subject: string; category: string; status: string; priority: string; createdAt: string; orderId: number | null }
export const fetchCustomerTickets = (customerId: number, signal?: AbortSignal) =>
  apiRequest<{ items: CustomerTicket[]; total: number }>('GET', '/tickets', { query: { customerId, limit: 20 }, signal });
export const fetchIntelligence = (id: number, signal?: AbortSignal) => apiRequest<Intelligence>('GET', `/customers/${id}/intelligence`, { signal });
export const fetchCustomerLoyalty = (id: number, signal?: AbortSignal) => apiRequest<CustomerLoyalty>('GET', `/customers/${id}/loyalty`, { signal });
export const fetchLoyaltySettings = (signal?: AbortSignal) => apiRequest<LoyaltySettings>('GET', '/loyalty/settings', { signal });
export const saveLoyaltySettings = (s: LoyaltySettings) => apiRequest<LoyaltySettings>('PUT', '/loyalty/settings', { body: s });
export const fetchLoyaltyDashboard = (signal?: AbortSignal) => apiRequest<LoyaltyDashboard>('GET', '/loyalty/dashboard', { signal });
export const fetchClvFit = (signal?: AbortSignal) => apiRequest<ClvFit | null>('GET', '/clv/fit', { signal });
export const fetchClvCalibration = (q: { calibrationEnd: string; holdoutEnd: string }, signal?: AbortSignal) => apiRequest<ClvCalibration>('GET', '/clv/calibration', { query: q, signal });
export interface OrderRow { id: number; channelCode: string; status: string; placedAt: string; itemsAmount: number; payableAmount: number; currency: string }
export const fetchCustomerOrders = (customerId: number, signal?: AbortSignal) =>
  apiRequest<{ items: OrderRow[]; total: number }>('GET', '/orders', { query: { customerId, limit: 20 }, signal });
