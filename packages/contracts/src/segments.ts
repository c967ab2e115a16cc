import { z } from 'zod';

export const RFM_GROUPS = ['champions', 'loyal', 'active', 'new', 'promising', 'needs_attention', 'at_risk', 'almost_lost', 'previously_loyal', 'dormant', 'prospects'] as const;
export const STRATA = ['high_value', 'potential', 'growth', 'basic'] as const;
export const LIFECYCLE_STAGE_NAMES = ['new', 'active', 'at_risk', 'churned', 'won_back'] as const;
export const CHURN_RISKS = ['low', 'medium', 'high', 'critical'] as const;

const codes = z.array(z.string().trim().min(1).max(100)).min(1).max(500);
const amount = z.number().int().min(0);

/**
 * One condition of a segment rule. Amounts in minor units; `clv` is the latest fit's CLV (GMV);
 * `lastOrderDays` counts days from the last order to the evaluation day; `channel` and
 * `productBought` match customers with a counted order in a channel / of a SKU code.
 */
export const segmentCondition = z.discriminatedUnion('field', [
  z.object({ field: z.literal('rfmGroup'), in: z.array(z.enum(RFM_GROUPS)).min(1) }),
  z.object({ field: z.literal('stratum'), in: z.array(z.enum(STRATA)).min(1) }),
  z.object({ field: z.literal('lifecycle'), in: z.array(z.enum(LIFECYCLE_STAGE_NAMES)).min(1) }),
  z.object({ field: z.literal('churnRisk'), in: z.array(z.enum(CHURN_RISKS)).min(1) }),
  z.object({ field: z.literal('tier'), in: codes }),
  z.object({ field: z.literal('channel'), in: codes }),
  z.object({ field: z.literal('region'), in: codes }),
  z.object({ field: z.literal('productBought'), in: codes }),
  z.object({ field: z.literal('clv'), min: amount.optional(), max: amount.optional() }),
  z.object({ field: z.literal('totalSpend'), min: amount.optional(), max: amount.optional() }),
  z.object({ field: z.literal('lastOrderDays'), min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() }),
  z.object({ field: z.literal('consentMarketing'), is: z.boolean() }),
]);
export type SegmentCondition = z.infer<typeof segmentCondition>;

export type SegmentRule = SegmentCondition | { op: 'and' | 'or'; rules: SegmentRule[] };

/** A rule tree: conditions combined by AND / OR groups, nested up to 5 deep. */
export const segmentRule: z.ZodType<SegmentRule> = z.lazy(() => z.union([
  segmentCondition,
  z.object({ op: z.enum(['and', 'or']), rules: z.array(segmentRule).min(1).max(50) }),
])).meta({ id: 'SegmentRule' });

export const segmentBody = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).optional(),
  rule: segmentRule,
});
export type SegmentBody = z.infer<typeof segmentBody>;

export const segment = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  rule: segmentRule,
  members: z.number().int(),
  computedOn: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: 'Segment' });
export type SegmentDto = z.infer<typeof segment>;

export const SEGMENT_ACTIONS = ['coupon', 'tag', 'campaign', 'winback'] as const;

/**
 * An action on a segment's members: issue a coupon (recorded as pending until the pricing module
 * takes it), tag, hand to a campaign, or a win-back offer whose cost per customer is capped at
 * `maxShareOfClv` of the customer's predicted CLV.
 */
export const segmentActionBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('coupon'), couponCode: z.string().trim().min(1).max(100) }),
  z.object({ kind: z.literal('tag'), tag: z.string().trim().min(1).max(50) }),
  z.object({ kind: z.literal('campaign'), campaign: z.string().trim().min(1).max(100) }),
  z.object({ kind: z.literal('winback'), offerValue: z.number().int().min(1), maxShareOfClv: z.number().gt(0).max(1) }),
]);
export type SegmentActionBody = z.infer<typeof segmentActionBody>;

export const segmentAction = z.object({
  id: z.number().int(),
  segmentId: z.number().int(),
  kind: z.enum(SEGMENT_ACTIONS),
  status: z.enum(['pending', 'done']),
  params: z.record(z.string(), z.unknown()),
  customers: z.number().int(),
  /** Sum of the offers (minor units) for win-back and coupon plays, when known. */
  totalCost: z.number().int().nullable(),
  createdAt: z.string(),
}).meta({ id: 'SegmentAction' });

export const segmentCountBody = z.object({ rule: segmentRule });
export const segmentCount = z.object({ count: z.number().int(), day: z.string() });

export const clvFitSummary = z.object({
  calibrationEnd: z.string(),
  unitDays: z.number().int(),
  horizonDays: z.number().int(),
  bgnbd: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), logLikelihood: z.number() }),
  gammaGamma: z.object({ p: z.number(), q: z.number(), gamma: z.number(), logLikelihood: z.number() }).nullable(),
  customers: z.number().int(),
  repeatCustomers: z.number().int(),
  marginRatio: z.number().nullable(),
  churnBands: z.array(z.object({ band: z.enum(CHURN_RISKS), customers: z.number().int() })),
  totalClv: z.number(),
}).meta({ id: 'ClvFit' });

export const clvCalibrationQuery = z.object({
  calibrationEnd: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  holdoutEnd: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
/** Calibration plots: per calibration-period repeat count x (7 = 7+), mean actual vs predicted holdout purchases; weekly cumulative repeat purchases. */
export const clvCalibration = z.object({
  calibrationEnd: z.string(),
  holdoutEnd: z.string(),
  bgnbd: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), logLikelihood: z.number() }),
  byFrequency: z.array(z.object({ x: z.number().int(), customers: z.number().int(), actual: z.number(), predicted: z.number() })),
  cumulative: z.array(z.object({ week: z.number().int(), day: z.string(), actual: z.number(), predicted: z.number() })),
}).meta({ id: 'ClvCalibration' });

export const customerIntelligence = z.object({
  customerId: z.number().int(),
  rfm: z.object({
    asOf: z.string(), recencyDays: z.number().int().nullable(), frequency: z.number().int(), monetary: z.number().int(),
    r: z.number().int().nullable(), f: z.number().int().nullable(), m: z.number().int().nullable(),
    rfmGroup: z.string(), stratum: z.string(), lifecycleStage: z.string().nullable(), lastOrderDay: z.string().nullable(), totalSpend: z.number().int(),
  }).nullable(),
  lifecycleHistory: z.array(z.object({ day: z.string(), from: z.string().nullable(), to: z.string() })),
  clv: z.object({
    calibrationEnd: z.string(), horizonDays: z.number().int(), x: z.number().int(), pAlive: z.number(), expectedPurchases: z.number(),
    expectedSpend: z.number().int(), clvGmv: z.number().int(), clvMargin: z.number().int().nullable(), churnRisk: z.string(), expectedNextOrder: z.string().nullable(),
  }).nullable(),
  segments: z.array(z.object({ id: z.number().int(), name: z.string(), since: z.string() })),
  tags: z.array(z.string()),
}).meta({ id: 'CustomerIntelligence' });

export const segmentMember = z.object({
  id: z.number().int(), externalId: z.string().nullable(), name: z.string().nullable(), phone: z.string().nullable(), region: z.string().nullable(),
  rfmGroup: z.string().nullable(), stratum: z.string().nullable(), lifecycleStage: z.string().nullable(), totalSpend: z.number().int().nullable(),
  pAlive: z.number().nullable(), clv: z.number().int().nullable(), since: z.string(), masked: z.boolean(),
}).meta({ id: 'SegmentMember' });
