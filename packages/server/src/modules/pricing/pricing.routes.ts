import { z } from 'zod';
import {
  cart as cartSchema, competitorPriceBody, competitorPriceDto, couponBatchBody, couponBatchDto, couponBatchList, couponBatchListQuery, pricingRules,
  referralBody, referralDto, referralProgrammeBody, referralProgrammeDto, referralQuery, referralSummaryDto, errorBody, idParam, incrementalityQuery, incrementalityReportDto, issueCouponsBody, issueCouponsResult,
  priceSuggestionDto, priceSuggestionQuery, promotionBody, promotionDto, promotionStatusBody, quoteResult, redeemBody, redeemResult, storeQuoteBody,
} from '@zhanggui/contracts';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { getStoreSettings } from '../store/index.js';
import {
  claimCoupon, createCouponBatch, createPromotion, getCouponBatch, listCouponBatches, issueCoupons, issueCouponsForSegmentAction, listCustomerCoupons, listPromotions, quoteForStore, redeemForOrder, setPromotionStatus,
} from './pricing.service.js';
import { incrementalityReport, listCompetitorPrices, priceSuggestions, recordCompetitorPrice } from './pricing-insights.service.js';
import { previewQuote } from './pricing.service.js';
import { getReferralProgramme, listReferrals, recordReferral, referralSummary, setReferralProgramme } from './referral.service.js';

const tags = ['pricing'];
const read = { permission: 'marketing:read' } as const;
const write = { permission: 'marketing:write' } as const;
const codeParam = z.object({ code: z.string().min(1).max(64) });

export const pricingRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;
  app.get('/pricing/promotions', { config: read, schema: { tags, summary: 'Promotions (every status)', response: { 200: z.array(promotionDto) } } },
    () => listPromotions(db));
  app.post('/pricing/promotions', { config: write, schema: { tags, summary: 'Create a promotion (docs/promotions.md), optionally with a random holdout', body: promotionBody, response: { 201: promotionDto, 400: errorBody, 409: errorBody } } },
    async (req, reply) => reply.code(201).send(await createPromotion(db, actorOf(req), req.body)));
  app.patch('/pricing/promotions/:code', { config: write, schema: { tags, summary: 'Pause, resume or end a promotion', params: codeParam, body: promotionStatusBody, response: { 200: promotionDto, 404: errorBody } } },
    (req) => setPromotionStatus(db, actorOf(req), req.params.code, req.body.status));
  app.post('/pricing/coupon-batches', { config: write, schema: { tags, summary: 'Create a coupon batch', body: couponBatchBody, response: { 201: couponBatchDto, 400: errorBody, 409: errorBody } } },
    async (req, reply) => reply.code(201).send(await createCouponBatch(db, actorOf(req), req.body)));
  app.get('/pricing/coupon-batches', { config: read, schema: { tags, summary: 'Coupon batches, newest first, a page at a time (limit, offset), each with issued, redeemed, expired, held-out counts and the remaining quantity', querystring: couponBatchListQuery, response: { 200: couponBatchList } } },
    (req) => listCouponBatches(db, req.query));
  app.get('/pricing/coupon-batches/:code', { config: read, schema: { tags, summary: 'A coupon batch with issued, redeemed and held-out counts', params: codeParam, response: { 200: couponBatchDto, 404: errorBody } } },
    (req) => getCouponBatch(db, req.params.code));
  app.post('/pricing/coupon-batches/:code/issue', { config: write, schema: { tags, summary: 'Issue the batch to a list of customers (with its holdout)', params: codeParam, body: issueCouponsBody, response: { 200: issueCouponsResult, 404: errorBody } } },
    (req) => issueCoupons(db, actorOf(req), req.params.code, req.body.customerIds, now()));
  app.post('/pricing/segment-actions/:id/issue', { config: write, schema: { tags, summary: 'Carry out a segment\'s pending coupon action: issue its batch to the segment\'s customers (with the batch\'s holdout and limits), once', params: idParam,
    response: { 200: z.object({ actionId: z.number(), batch: z.string(), customers: z.number(), issued: z.number(), heldOut: z.number(), skipped: z.number() }), 404: errorBody, 409: errorBody } } },
    (req) => issueCouponsForSegmentAction(db, actorOf(req), req.params.id, now()));
  app.post('/pricing/coupon-batches/:code/claim', { config: write, schema: { tags, summary: 'A customer claims a coupon (code-less batches): holdout, per-customer limit and total quantity apply', params: codeParam, body: z.object({ customerId: z.number().int().positive() }),
    response: { 200: z.object({ claimed: z.boolean(), code: z.string().nullable(), reason: z.enum(['held_out', 'limit_reached', 'sold_out']).nullable() }), 404: errorBody } } },
    (req) => claimCoupon(db, actorOf(req), req.params.code, req.body.customerId, now()));
  app.get('/pricing/customers/:id/coupons', { config: read, schema: { tags, summary: 'A customer\'s coupons', params: idParam } },
    async (req) => (await listCustomerCoupons(db, req.params.id)).map((c) => ({ ...c, issuedAt: c.issuedAt.toISOString() })));
  app.post('/pricing/quote', { config: read, schema: { tags, summary: 'Quote a cart with the store\'s promotions, catalog and the customer\'s coupons', body: storeQuoteBody, response: { 200: quoteResult, 400: errorBody } } },
    (req) => quoteForStore(db, req.body, now()));
  app.post('/pricing/preview', { config: read, schema: { tags, summary: 'Quote a cart against draft rules (nothing stored): the editor\'s live preview', body: z.object({ rules: pricingRules, cart: cartSchema }), response: { 200: quoteResult, 400: errorBody } } },
    (req) => previewQuote(req.body.rules, req.body.cart));
  app.post('/pricing/redemptions', { config: write, schema: { tags, summary: 'Record what an order used (idempotent per order)', body: redeemBody, response: { 200: redeemResult, 400: errorBody } } },
    (req) => { const { orderId, ...cart } = req.body; return redeemForOrder(db, actorOf(req), orderId, cart, now()); });
  app.post('/pricing/referrals', { config: write, schema: { tags, summary: 'Record a referral (老带新) with its reward; abuse guards (same device or phone) keep it as rejected', body: referralBody, response: { 201: referralDto, 400: errorBody, 404: errorBody, 409: errorBody } } },
    async (req, reply) => reply.code(201).send(await recordReferral(db, actorOf(req), req.body, now())));
  app.get('/pricing/referral-programme', { config: read, schema: { tags, summary: 'The referral programme (老带新) settings: enabled, default reward and refund window', response: { 200: referralProgrammeDto } } },
    () => getReferralProgramme(db));
  app.put('/pricing/referral-programme', { config: write, schema: { tags, summary: 'Save the referral programme settings (used by referrals recorded from now on)', body: referralProgrammeBody, response: { 200: referralProgrammeDto, 400: errorBody, 404: errorBody } } },
    (req) => setReferralProgramme(db, actorOf(req), req.body, now()));
  app.get('/pricing/referrals/summary', { config: read, schema: { tags, summary: 'Referral figures: by status and reason, blocked by the abuse guards, rewards granted and pending', response: { 200: referralSummaryDto } } },
    () => referralSummary(db));
  app.get('/pricing/referrals', { config: read, schema: { tags, summary: 'Referrals with their status, reason and reward', querystring: referralQuery, response: { 200: z.array(referralDto) } } },
    (req) => listReferrals(db, req.query));
  app.get('/pricing/incrementality/:code', { config: read, schema: { tags, summary: 'Did it pay? Incremental orders, GMV, margin and ROI against the holdout (or labelled not causal)', params: codeParam, querystring: incrementalityQuery, response: { 200: incrementalityReportDto, 404: errorBody } } },
    (req) => incrementalityReport(db, req.params.code, req.query.from, req.query.to));
  app.get('/pricing/skus/:code/price-suggestions', { config: read, schema: { tags, summary: 'Cost-plus, x9.90, penetration, competitor-anchored and elasticity-based margin-maximising prices', params: codeParam, querystring: priceSuggestionQuery, response: { 200: priceSuggestionDto, 404: errorBody } } },
    async (req) => {
      const asOf = req.query.asOf ?? new Intl.DateTimeFormat('sv-SE', { timeZone: (await getStoreSettings(db)).timeZone }).format(now());
      const q = req.query;
      return priceSuggestions(db, req.params.code, { targetMargin: q.targetMargin, asOf, weeks: q.weeks, competitorDays: q.competitorDays, competitorGap: q.competitorGap, marginFloor: q.marginFloor });
    });
  app.post('/pricing/skus/:code/competitor-prices', { config: write, schema: { tags, summary: 'Record a competitor\'s price for a SKU on a day (the same competitor and day replaces it)', params: codeParam, body: competitorPriceBody, response: { 201: competitorPriceDto, 400: errorBody, 404: errorBody } } },
    async (req, reply) => reply.code(201).send(await recordCompetitorPrice(db, actorOf(req), req.params.code, req.body)));
  app.get('/pricing/skus/:code/competitor-prices', { config: read, schema: { tags, summary: 'A SKU\'s recorded competitor prices, newest day first', params: codeParam, response: { 200: z.array(competitorPriceDto), 404: errorBody } } },
    (req) => listCompetitorPrices(db, req.params.code));
};
