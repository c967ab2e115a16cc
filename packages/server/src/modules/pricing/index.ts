// What other modules, the CLI and the console may use from pricing.
export {
  createPromotion, listPromotions, setPromotionStatus, createCouponBatch, getCouponBatch, listCouponBatches, issueCoupons, issueCouponsForSegmentAction, claimCoupon, listCustomerCoupons,
  quoteForStore, previewQuote, redeemForOrder, expireCoupons, inHoldout,
} from './pricing.service.js';
export { incrementalityReport, priceSuggestions, charmPrice, competitorAnchoredPrice, recordCompetitorPrice, listCompetitorPrices, ROI_TARGET } from './pricing-insights.service.js';
export { pricingRoutes } from './pricing.routes.js';
export { couponExpiryStep } from './coupon-expiry.pipeline.js';
export { recordReferral, listReferrals, settleReferrals, getReferralProgramme, setReferralProgramme, referralSummary, REFERRAL_WINDOW_DAYS, type ReferralBody, type ReferralDto, type ReferralReward } from './referral.service.js';
export { referralRewardsStep } from './referral.pipeline.js';
export * from './pricing.tables.js';
