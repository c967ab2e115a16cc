/**
 * Promotion, coupon and cart schemas: the one JSON shape the API, the CLI
 * (`zhanggui price quote --promotions P.json --cart C.json`) and the console use. The engine
 * (packages/algorithms/src/pricing) takes the parsed value as is. See docs/promotions.md.
 */
import { z } from 'zod';
import { page, pageQuery } from './common.js';

const money = z.number().int().min(0);
const positiveInt = z.number().int().min(1);
const percentOff = z.number().gt(0).max(100).refine((v) => Math.round(v * 100) === v * 100, 'at most 2 decimals');
const name = z.string().trim().min(1).max(200);
const id = z.string().trim().min(1).max(64);
const wallTime = z.string().regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/, 'expected a store wall-clock time YYYY-MM-DD HH:mm[:ss]');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
const strings = z.array(z.string().min(1)).optional();

export const promotionTargeting = z.object({
  channels: strings, tiers: strings, segments: strings,
  skus: strings, categories: strings, excludeSkus: strings, excludeCategories: strings,
  newCustomersOnly: z.boolean().optional(),
}).meta({ id: 'PromotionTargeting' });

export const promotionSchedule = z.object({
  start: wallTime.optional(),
  end: wallTime.optional(),
  daysOfWeek: z.array(z.number().int().min(1).max(7)).optional(),
  dailyStart: hhmm.optional(),
  dailyEnd: hhmm.optional(),
}).meta({ id: 'PromotionSchedule' });

export const promotionLimits = z.object({
  maxUses: positiveInt.optional(),
  budget: money.optional(),
  perCustomer: positiveInt.optional(),
}).meta({ id: 'PromotionLimits' });

const base = {
  id,
  name,
  group: id.optional(),
  priority: z.number().int().optional(),
  targeting: promotionTargeting.optional(),
  schedule: promotionSchedule.optional(),
  limits: promotionLimits.optional(),
};

export const PROMOTION_KINDS = ['flash_sale', 'threshold', 'repeating', 'percent', 'buy_x_get_y', 'nth_item', 'gift', 'free_shipping'] as const;

export const promotionDefinition = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('flash_sale'), prices: z.record(z.string(), money).optional(), percentOff: percentOff.optional() }),
  z.object({ ...base, kind: z.literal('threshold'), tiers: z.array(z.object({ threshold: money, discount: positiveInt })).min(1) }),
  z.object({ ...base, kind: z.literal('repeating'), step: positiveInt, discount: positiveInt, cap: positiveInt.optional() }),
  z.object({ ...base, kind: z.literal('percent'), rules: z.array(z.object({ minQuantity: positiveInt.optional(), minAmount: money.optional(), percentOff })).min(1) }),
  z.object({ ...base, kind: z.literal('buy_x_get_y'), buy: positiveInt, get: positiveInt, percentOff: percentOff.optional() }),
  z.object({ ...base, kind: z.literal('nth_item'), n: z.number().int().min(2).optional(), percentOff: percentOff.optional() }),
  z.object({ ...base, kind: z.literal('gift'), threshold: money, gift: z.object({ sku: z.string().min(1), name, quantity: positiveInt, value: money }) }),
  z.object({ ...base, kind: z.literal('free_shipping'), threshold: money }),
]).meta({ id: 'PromotionDefinition' });

export const couponDefinition = z.object({
  id,
  name,
  scope: z.enum(['order', 'item']),
  threshold: money.optional(),
  amount: positiveInt.optional(),
  percentOff: percentOff.optional(),
  maxDiscount: positiveInt.optional(),
  validFrom: wallTime.optional(),
  validTo: wallTime.optional(),
  perCustomerLimit: positiveInt.optional(),
  totalQuantity: z.number().int().min(0).optional(),
  targeting: promotionTargeting.optional(),
}).refine((c) => (c.amount === undefined) !== (c.percentOff === undefined), { message: 'a coupon has either amount or percentOff', path: ['amount'] })
  .meta({ id: 'CouponDefinition' });

export const pricingRules = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  timeZone: z.string().min(1).optional(),
  marginFloor: z.number().min(-1).max(10).optional(),
  promotions: z.array(promotionDefinition),
  coupons: z.array(couponDefinition).optional(),
  points: z.object({ pointsPerYuan: positiveInt, maxShare: z.number().min(0).max(1), step: positiveInt.optional() }).optional(),
  shipping: z.object({ fee: money, regionFees: z.record(z.string(), money).optional(), freeForTiers: strings }).optional(),
}).meta({ id: 'PricingRules' });

export const cartLine = z.object({
  sku: z.string().min(1),
  category: z.string().min(1).optional(),
  quantity: positiveInt,
  listPrice: money,
  memberPrices: z.record(z.string(), money).optional(),
  cost: money.optional(),
}).meta({ id: 'CartLine' });

export const cart = z.object({
  at: z.iso.datetime({ offset: true }),
  channel: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  customer: z.object({
    id: z.string().min(1).optional(),
    tier: z.string().min(1).optional(),
    groups: strings,
    segments: strings,
    isNew: z.boolean().optional(),
  }).optional(),
  lines: z.array(cartLine).min(1).max(1000),
  coupons: strings,
  points: z.number().int().min(0).optional(),
  usage: z.record(z.string(), z.object({ uses: z.number().int().min(0).optional(), spent: money.optional(), customerUses: z.number().int().min(0).optional() })).optional(),
}).meta({ id: 'Cart' });

const bilingual = z.object({ zh: z.string(), en: z.string() });
const stage = z.enum(['item_price', 'order_promotion', 'coupon', 'points', 'shipping']);

export const quoteResult = z.object({
  currency: z.string(),
  listAmount: z.number().int(),
  itemAmount: z.number().int(),
  orderPromotionDiscount: z.number().int(),
  couponDiscount: z.number().int(),
  pointsUsed: z.number().int(),
  pointsDiscount: z.number().int(),
  goodsAmount: z.number().int(),
  shippingFee: z.number().int(),
  shippingDiscount: z.number().int(),
  payable: z.number().int(),
  lines: z.array(z.object({
    index: z.number().int(),
    sku: z.string(),
    quantity: z.number().int(),
    listPrice: z.number().int(),
    unitPrice: z.number().int(),
    itemAmount: z.number().int(),
    pricePath: z.array(z.object({ source: z.enum(['list', 'member', 'flash_sale']), ref: z.string().optional(), unitPrice: z.number().int(), chosen: z.boolean(), note: bilingual.optional() })),
    discounts: z.array(z.object({ id: z.string(), stage, amount: z.number().int() })),
    netAmount: z.number().int(),
    floorAmount: z.number().int(),
  })),
  discounts: z.array(z.object({
    id: z.string(), stage, kind: z.string(), name: z.string(), amount: z.number().int(),
    allocations: z.array(z.object({ line: z.number().int(), amount: z.number().int() })),
    reason: bilingual, capped: bilingual.optional(),
  })),
  gifts: z.array(z.object({ promotionId: z.string(), sku: z.string(), name: z.string(), quantity: z.number().int(), value: z.number().int() })),
  rejected: z.array(z.object({ id: z.string(), stage, reason: bilingual })),
}).meta({ id: 'Quote' });

export type PromotionDefinitionInput = z.infer<typeof promotionDefinition>;
export type PricingRulesInput = z.infer<typeof pricingRules>;
export type CartInput = z.infer<typeof cart>;

// ---- the pricing module's API ----------------------------------------------------------------

const share = z.number().min(0).max(0.9);

export const promotionBody = z.object({
  definition: promotionDefinition,
  status: z.enum(['active', 'paused', 'ended']).optional(),
  /** Share of targeted customers held out at random, to measure incrementality (e.g. 0.1). */
  holdoutShare: share.optional(),
});
export const promotionDto = z.object({
  code: z.string(), kind: z.string(), name: z.string(), status: z.string(), holdoutShare: z.number(),
  definition: promotionDefinition, createdAt: z.string(),
}).meta({ id: 'Promotion' });
export const promotionStatusBody = z.object({ status: z.enum(['active', 'paused', 'ended']) });

export const couponBatchBody = z.object({
  definition: couponDefinition,
  codeless: z.boolean().optional(),
  holdoutShare: share.optional(),
  /** Fraud limit: coupons of this batch per customer (default 1). */
  maxPerCustomer: z.number().int().min(1).max(20).optional(),
});
export const couponBatchDto = z.object({
  code: z.string(), name: z.string(), codeless: z.boolean(), holdoutShare: z.number(), maxPerCustomer: z.number().int(),
  definition: couponDefinition,
  /** Coupons given out (issued, claimed or as referral rewards), of which redeemed and expired. */
  issued: z.number().int(), redeemed: z.number().int(), expired: z.number().int(), heldOut: z.number().int(),
  /** totalQuantity − issued (never below 0); null when the batch has no total quantity. */
  remaining: z.number().int().nullable(),
  createdAt: z.string(),
}).meta({ id: 'CouponBatch' });
export const couponBatchListQuery = pageQuery;
export const couponBatchList = page(couponBatchDto).meta({ id: 'CouponBatchList' });
export const issueCouponsBody = z.object({ customerIds: z.array(z.number().int().positive()).min(1).max(100_000) });
export const issueCouponsResult = z.object({ issued: z.number().int(), heldOut: z.number().int(), skipped: z.number().int() });

// ---- referral (老带新) ----------------------------------------------------------------------

export const referralReward = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('points'), points: z.number().int().positive() }),
  z.object({ kind: z.literal('coupon'), batch: z.string().min(1).max(64) }),
]).meta({ id: 'ReferralReward' });
export const REFERRAL_STATUSES = ['pending', 'rewarded', 'rejected'] as const;
/** Why a referral was rejected: the abuse guards when recorded, or the first order at settlement. */
export const REFERRAL_REASONS = ['same_device_as_inviter', 'same_phone_as_inviter', 'device_used_before', 'phone_used_before', 'first_order_refunded', 'first_order_cancelled'] as const;
export const referralBody = z.object({
  inviterId: z.number().int().positive(), inviteeId: z.number().int().positive(),
  inviterDevice: z.string().min(1).max(200).optional(), inviteeDevice: z.string().min(1).max(200).optional(),
  /** Default: the programme's reward (GET /pricing/referral-programme). */
  reward: referralReward.optional(),
  /** Default: the programme's window, else 7. */
  windowDays: z.number().int().min(0).max(365).optional(),
  referredAt: z.iso.datetime({ offset: true }).optional(),
});
export const referralDto = z.object({
  id: z.number(), inviterId: z.number(), inviteeId: z.number(), reward: referralReward, windowDays: z.number(),
  status: z.enum(REFERRAL_STATUSES), reason: z.string().nullable(), firstOrderId: z.number().nullable(), rewardRef: z.string().nullable(),
  referredAt: z.string(), settledAt: z.string().nullable(),
}).meta({ id: 'Referral' });
export const referralQuery = z.object({ inviterId: z.coerce.number().int().positive().optional(), status: z.enum(REFERRAL_STATUSES).optional() });
export const referralProgrammeBody = z.object({
  enabled: z.boolean(),
  reward: referralReward,
  windowDays: z.number().int().min(0).max(365),
});
export const referralProgrammeDto = z.object({
  /** False until the programme is first saved (then the defaults below are shown). */
  configured: z.boolean(),
  enabled: z.boolean(), reward: referralReward.nullable(), windowDays: z.number().int(), updatedAt: z.string().nullable(),
}).meta({ id: 'ReferralProgramme' });
export const referralSummaryDto = z.object({
  referrals: z.number().int(), pending: z.number().int(), rewarded: z.number().int(), rejected: z.number().int(),
  /** Rejected by an abuse guard (same device or phone) when recorded. */
  blocked: z.number().int(),
  /** Rejected because the first order was refunded within the window or cancelled. */
  refundedOrCancelled: z.number().int(),
  byReason: z.record(z.string(), z.number().int()),
  /** Pending referrals whose invitee has a paid first order (waiting for the refund window). */
  awaitingWindow: z.number().int(),
  pointsGranted: z.number().int(), couponsGranted: z.number().int(),
  /** Points of the pending referrals with a points reward (what is owed if all settle rewarded). */
  pointsPending: z.number().int(), couponsPending: z.number().int(),
  inviters: z.number().int(),
}).meta({ id: 'ReferralSummary' });

export const storeQuoteBody = z.object({
  /** Default: now. */
  at: z.iso.datetime({ offset: true }).optional(),
  channel: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  customerId: z.number().int().positive().optional(),
  /** Member tier (the loyalty module's, when present; given here so quotes work without it). */
  tier: z.string().min(1).optional(),
  segments: z.array(z.string().min(1)).optional(),
  isNew: z.boolean().optional(),
  lines: z.array(z.object({
    sku: z.string().min(1),
    quantity: z.number().int().min(1),
    /** Override of the catalog list price. */
    listPrice: money.optional(),
    category: z.string().min(1).optional(),
    memberPrices: z.record(z.string(), money).optional(),
  })).min(1).max(1000),
  couponCodes: z.array(z.string().min(1)).max(20).optional(),
  points: z.number().int().min(0).optional(),
  settings: z.object({
    marginFloor: z.number().min(-1).max(10).optional(),
    points: z.object({ pointsPerYuan: positiveInt, maxShare: z.number().min(0).max(1), step: positiveInt.optional() }).optional(),
    shipping: z.object({ fee: money, regionFees: z.record(z.string(), money).optional(), freeForTiers: strings }).optional(),
  }).optional(),
}).meta({ id: 'StoreQuoteRequest' });
export const redeemBody = storeQuoteBody.extend({ orderId: z.number().int().positive() });
export const redeemResult = z.object({ quote: quoteResult, recorded: z.number().int() });

const effect = z.object({
  offeredMean: z.number(), holdoutMean: z.number(), diffPerCustomer: z.number(), ci: z.tuple([z.number(), z.number()]), pValue: z.number(),
  incrementalTotal: z.number(), incrementalCi: z.tuple([z.number(), z.number()]),
});
export const incrementalityQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export const incrementalityReportDto = z.object({
  ref: z.string(), from: z.string(), to: z.string(), causal: z.boolean(), label: bilingual,
  offered: z.number().int(), heldOut: z.number().int(), discountCost: z.number(),
  orders: effect.nullable(), gmv: effect.nullable(), margin: effect.nullable(),
  roi: z.number().nullable(), roiCi: z.tuple([z.number(), z.number()]).nullable(), roiTarget: z.number(), meetsTarget: z.boolean().nullable(),
  redeemingOrders: z.number().int().optional(), redeemingGmv: z.number().optional(), attributedRoi: z.number().nullable().optional(),
}).meta({ id: 'IncrementalityReport' });

export const priceSuggestionQuery = z.object({
  targetMargin: z.coerce.number().gt(0).lt(1).default(0.4),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  weeks: z.coerce.number().int().min(8).max(156).default(52),
  /** Competitor-anchored: look at competitor prices seen in the last `competitorDays` days up to asOf. */
  competitorDays: z.coerce.number().int().min(1).max(365).default(30),
  /** Competitor-anchored: price this many fen under the lowest competitor price. */
  competitorGap: z.coerce.number().int().min(0).max(1_000_000).default(100),
  /** Competitor-anchored: never under cost × (1 + marginFloor). */
  marginFloor: z.coerce.number().min(0).max(10).default(0.1),
});
export const competitorPriceBody = z.object({
  competitor: z.string().trim().min(1).max(200),
  price: z.number().int().positive(),
  observedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  url: z.string().url().max(2000).optional(),
});
export const competitorPriceDto = z.object({
  sku: z.string(), competitor: z.string(), price: z.number().int(), observedOn: z.string(), url: z.string().nullable(),
}).meta({ id: 'CompetitorPrice' });
export const priceSuggestionDto = z.object({
  sku: z.string(), listPrice: z.number().int(), unitCost: z.number().int().nullable(),
  costPlus: z.object({ targetMargin: z.number(), price: z.number().int(), charmPrice: z.number().int() }).nullable(),
  penetration: z.object({ discount: z.number(), price: z.number().int() }).nullable(),
  elasticity: z.object({
    weeks: z.number().int(), estimate: z.number(), standardError: z.number(), ci: z.tuple([z.number(), z.number()]),
    marginMaxPrice: z.number().int().nullable(), marginMaxRange: z.tuple([z.number(), z.number()]).nullable(), note: bilingual,
  }).nullable(),
  competitorAnchored: z.object({
    days: z.number().int(), gap: z.number().int(), marginFloor: z.number(),
    lowest: z.object({ competitor: z.string(), price: z.number().int(), observedOn: z.string() }),
    floorPrice: z.number().int().nullable(), price: z.number().int(), cappedAtFloor: z.boolean(), rule: bilingual,
  }).nullable(),
}).meta({ id: 'PriceSuggestion' });
export type QuoteResult = z.infer<typeof quoteResult>;
export type PromotionDto = z.infer<typeof promotionDto>;
export type PricingRulesJson = z.input<typeof pricingRules>;
export type CartJson = z.input<typeof cart>;
export type CouponDefinitionJson = z.input<typeof couponDefinition>;
export type CouponBatchDto = z.infer<typeof couponBatchDto>;
export type CouponBatchListDto = z.infer<typeof couponBatchList>;
export type ReferralRewardJson = z.infer<typeof referralReward>;
export type ReferralDto = z.infer<typeof referralDto>;
export type ReferralProgrammeDto = z.infer<typeof referralProgrammeDto>;
export type ReferralSummaryDto = z.infer<typeof referralSummaryDto>;
