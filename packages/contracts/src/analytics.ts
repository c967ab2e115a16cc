import { z } from 'zod';
import { isoDate } from './common.js';
import { ORDER_DEVICES } from './orders.js';

/** `total` is one row for the whole range: distinct counts (buyers, ARPPU, repurchase) exact over any span. */
export const kpiGranularity = z.enum(['day', 'week', 'month', 'total']);

/** `zhanggui report kpis` / GET /api/analytics/kpis: periods of [from, to) business days. */
export const kpiReportQuery = z.object({
  from: isoDate,
  to: isoDate,
  granularity: kpiGranularity.default('day'),
  /** A channel code; refunds then count by the order's channel, or the refund's own when unlinked. */
  channel: z.string().min(1).optional(),
});

const minor = z.number().int();

/** One period, every figure as metrics.md defines it; amounts in minor units of `currency`. */
export const kpiRow = z.object({
  /** `2010-12` (month), `2010-12-01` (day), the ISO week's Monday `2010-11-29` (week), or the range's first day (total). */
  period: z.string(),
  orders: z.number().int(),
  gmv: minor,
  paidAmount: minor,
  refunds: minor,
  netSales: minor,
  buyers: z.number().int(),
  newBuyers: z.number().int(),
  /** Buyers with ≥ 2 orders in the period / buyers; null when there are no buyers. */
  repurchaseRate: z.number().nullable(),
  /** GMV / orders rounded to a minor unit; null when there are no orders. */
  aov: minor.nullable(),
  /** GMV / buyers rounded to a minor unit; null when there are no buyers. */
  arppu: minor.nullable(),
}).meta({ id: 'KpiRow' });

export const kpiReportResponse = z.object({
  currency: z.string().length(3),
  rows: z.array(kpiRow),
}).meta({ id: 'KpiReport' });

export type KpiGranularity = z.infer<typeof kpiGranularity>;
export type KpiReportQuery = z.input<typeof kpiReportQuery>;
export type KpiRow = z.infer<typeof kpiRow>;
export type KpiReport = z.infer<typeof kpiReportResponse>;

// ---- The analytics read model (docs/analytics.md) ----

const rate = z.number().nullable();

/** A range of business days [from, to), optionally one sales channel. */
export const rangeQuery = z.object({
  from: isoDate,
  to: isoDate,
  channel: z.string().min(1).optional(),
});

export const comparisonMode = z.enum(['previous', 'last_year', 'none']);

export const overviewQuery = rangeQuery.extend({
  /** previous: as many days just before; last_year: the same dates a year earlier. */
  compare: comparisonMode.default('previous'),
});

/** Every overview figure over one range (metrics.md); amounts in minor units. */
export const overviewTotals = z.object({
  orders: z.number().int(),
  gmv: minor,
  paidAmount: minor,
  refunds: minor,
  netSales: minor,
  buyers: z.number().int(),
  newBuyers: z.number().int(),
  aov: minor.nullable(),
  arppu: minor.nullable(),
  repurchaseRate: rate,
  visitors: z.number().int(),
  convertedVisitors: z.number().int(),
  conversionRate: rate,
  refundRate: rate,
  cogs: minor,
  /** paid − COGS − refunds + refunded cost (metrics.md). */
  grossMargin: minor,
  spend: minor,
  /** GMV / spend over the range (every order's GMV against all marketing spend). */
  roi: rate,
}).meta({ id: 'OverviewTotals' });

export const overviewSplit = z.object({
  key: z.string(),
  name: z.string(),
  orders: z.number().int(),
  gmv: minor,
  buyers: z.number().int(),
  visitors: z.number().int(),
  convertedVisitors: z.number().int(),
  conversionRate: rate,
});

export const overviewResponse = z.object({
  currency: z.string().length(3),
  range: z.object({ from: isoDate, to: isoDate }),
  comparison: z.object({ from: isoDate, to: isoDate }).nullable(),
  current: overviewTotals,
  previous: overviewTotals.nullable(),
  byChannel: z.array(overviewSplit),
  byDevice: z.array(overviewSplit),
  /** Every figure per day of the range, each day as a range of its own (the cards' sparklines). */
  daily: z.array(overviewTotals.extend({ day: isoDate })),
}).meta({ id: 'Overview' });

export const funnelQuery = rangeQuery.extend({
  by: z.enum(['none', 'channel', 'device']).default('none'),
});

export const FUNNEL_STEPS = ['visitors', 'productViewers', 'addToCart', 'checkout', 'paid'] as const;

export const funnelStep = z.object({
  step: z.enum(FUNNEL_STEPS),
  visitors: z.number().int(),
  /** This step / the step before (1 for the first); null when the step before is empty. */
  stepConversion: rate,
  /** This step / visitors. */
  overallConversion: rate,
  /** Visitors of the step before who did not reach this one (0 for the first). */
  dropOff: z.number().int(),
});

export const funnelGroup = z.object({
  key: z.string(),
  name: z.string(),
  steps: z.array(funnelStep),
  /** The step with the lowest step conversion (the biggest drop), or null when no visitors. */
  biggestDrop: z.enum(FUNNEL_STEPS).nullable(),
});

export const funnelResponse = z.object({
  range: z.object({ from: isoDate, to: isoDate }),
  groups: z.array(funnelGroup),
}).meta({ id: 'Funnel' });

export const channelsQuery = rangeQuery.omit({ channel: true }).extend({
  /** Channels whose ROI is below this are flagged (the handbook's target is 1.8). */
  roiTarget: z.coerce.number().positive().default(1.8),
});

export const marketingFigures = z.object({
  spend: minor,
  impressions: z.number().int(),
  clicks: z.number().int(),
  cpc: minor.nullable(),
  /** Spend per thousand impressions, minor units. */
  cpm: minor.nullable(),
  attributedOrders: z.number().int(),
  attributedGmv: minor,
  attributedNewBuyers: z.number().int(),
  attributedMargin: minor,
  cac: minor.nullable(),
  roi: rate,
  marginRoi: rate,
});

export const channelRow = marketingFigures.extend({
  channel: z.string(),
  name: z.string(),
  /** d(GMV)/d(spend) from the daily log-log fit; null with fewer than 7 days of spend. */
  marginalRoi: rate,
  underTarget: z.boolean(),
});

export const campaignRow = marketingFigures.extend({
  campaignId: z.number().int(),
  campaign: z.string(),
  channel: z.string(),
});

export const channelsResponse = z.object({
  currency: z.string().length(3),
  range: z.object({ from: isoDate, to: isoDate }),
  attribution: z.object({ model: z.literal('last_non_direct_touch'), windowDays: z.number().int(), description: z.string() }),
  roiTarget: z.number(),
  channels: z.array(channelRow),
  campaigns: z.array(campaignRow),
  /** Paid channels ranked by marginal ROI, best first. */
  recommendations: z.array(z.object({ channel: z.string(), name: z.string(), marginalRoi: rate, roi: rate, underTarget: z.boolean(), advice: z.enum(['increase', 'hold', 'reduce']) })),
}).meta({ id: 'Channels' });

export const cohortsQuery = z.object({ from: isoDate, to: isoDate });

export const cohortsResponse = z.object({
  cohorts: z.array(z.object({
    /** First-order month, YYYY-MM. */
    cohort: z.string(),
    size: z.number().int(),
    /** retention[k]: share of the cohort with ≥ 1 order in month cohort + k; k = 0 … last month of the range. */
    retention: z.array(z.number()),
  })),
}).meta({ id: 'Cohorts' });

export type OverviewQuery = z.input<typeof overviewQuery>;
export type OverviewTotals = z.infer<typeof overviewTotals>;
export type Overview = z.infer<typeof overviewResponse>;
export type FunnelQuery = z.input<typeof funnelQuery>;
export type Funnel = z.infer<typeof funnelResponse>;
export type FunnelStepName = (typeof FUNNEL_STEPS)[number];
export type ChannelsQuery = z.input<typeof channelsQuery>;
export type ChannelsReport = z.infer<typeof channelsResponse>;
export type CohortsQuery = z.input<typeof cohortsQuery>;
export type CohortsReport = z.infer<typeof cohortsResponse>;

export const customersQuery = rangeQuery.extend({ granularity: z.enum(['day', 'week', 'month']).default('month') });

export const customersResponse = z.object({
  range: z.object({ from: isoDate, to: isoDate }),
  totals: z.object({ buyers: z.number().int(), newBuyers: z.number().int(), returningBuyers: z.number().int(), repurchaseRate: rate }),
  /** Per period: new vs returning buyers and the repurchase rate (its trend). */
  trend: z.array(z.object({ period: z.string(), buyers: z.number().int(), newBuyers: z.number().int(), returningBuyers: z.number().int(), repurchaseRate: rate })),
  /** Buyers of the range by their number of orders in it: 1, 2, 3, 4, 5+. */
  ordersPerCustomer: z.array(z.object({ orders: z.string(), buyers: z.number().int() })),
}).meta({ id: 'CustomersReport' });

/** What 商品分析 ranks the SKUs by: top = the highest values, bottom = the lowest. */
export const productRankings = ['gmv', 'margin', 'refundRate', 'units'] as const;
export const productsQuery = rangeQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  rankBy: z.enum(productRankings).default('gmv'),
});

export const productRow = z.object({
  sku: z.string(),
  name: z.string(),
  units: z.number().int(),
  orders: z.number().int(),
  gmv: minor,
  /** Paid amount of its lines − their cost of goods. */
  margin: minor,
  refunds: minor,
  /** Refunds of the SKU in the range / paid amount of its lines. */
  refundRate: rate,
});

export const productsResponse = z.object({
  currency: z.string().length(3),
  range: z.object({ from: isoDate, to: isoDate }),
  rankBy: z.enum(productRankings),
  /** The SKUs sold in the range with the highest `rankBy` (refund rate: those with a paid amount), highest first. */
  top: z.array(productRow),
  /** The same with the lowest, lowest first. */
  bottom: z.array(productRow),
  /** 异常商品 (docs/analytics.md): sudden drops and refund spikes. */
  anomalies: z.array(productRow.extend({
    kind: z.enum(['sudden_drop', 'refund_spike']),
    /** Drop: last 7 days' GMV / the weekly average of the 4 weeks before. Spike: refund rate / the store's. */
    ratio: z.number(),
  })),
}).meta({ id: 'ProductsReport' });

export type CustomersQuery = z.input<typeof customersQuery>;
export type CustomersReport = z.infer<typeof customersResponse>;
export type ProductsQuery = z.input<typeof productsQuery>;
export type ProductsReport = z.infer<typeof productsResponse>;
export type ProductRow = z.infer<typeof productRow>;
export type ProductRanking = (typeof productRankings)[number];

// ---- Goals and alert rules (docs/analytics.md) ----

export const GOAL_METRICS = ['gmv', 'paidAmount', 'netSales', 'orders', 'buyers', 'newBuyers', 'aov', 'arppu', 'repurchaseRate', 'conversionRate',
  'refundRate', 'refunds', 'grossMargin', 'spend', 'roi', 'visitors', 'cpc'] as const;
export const goalMetric = z.enum(GOAL_METRICS);
export const goalStatus = z.enum(['not_started', 'on_track', 'at_risk', 'off_track']);
export const alertSeverity = z.enum(['info', 'warning', 'critical']);
/** Metrics with no device split (marketing spend is recorded per channel, not per device): a device-scoped goal or rule cannot use them. */
export const DEVICELESS_METRICS = ['spend', 'roi', 'cpc'] as const satisfies readonly (typeof GOAL_METRICS)[number][];
/** A device of orders and sessions; a goal or rule scoped to one counts only its orders, refunds of its orders and its sessions. */
export const scopeDevice = z.enum(ORDER_DEVICES);

export const goalInput = z.object({
  name: z.string().min(1).max(200),
  metric: goalMetric,
  /** A channel code; omitted for the whole store. */
  channel: z.string().min(1).optional(),
  /** A device (mobile, desktop, …); omitted for every device. Combines with `channel`. */
  device: scopeDevice.optional(),
  startsOn: isoDate,
  /** Exclusive end of the period. */
  endsOn: isoDate,
  /** `absolute`: reach `target`; `yoy_change`: last year's same period × (1 + target), e.g. 0.15 for +15%. */
  targetKind: z.enum(['absolute', 'yoy_change']).default('absolute'),
  target: z.number().finite(),
  direction: z.enum(['at_least', 'at_most']).default('at_least'),
  owner: z.string().min(1).max(100),
});

export const goalProgress = z.object({
  id: z.number().int(),
  name: z.string(),
  metric: goalMetric,
  channel: z.string().nullable(),
  device: scopeDevice.nullable(),
  startsOn: isoDate,
  endsOn: isoDate,
  targetKind: z.enum(['absolute', 'yoy_change']),
  target: z.number(),
  direction: z.enum(['at_least', 'at_most']),
  owner: z.string(),
  asOf: isoDate,
  /** The target resolved to a value of the metric (last year's × (1 + target) for yoy_change); null when last year has none. */
  targetValue: z.number().nullable(),
  elapsedDays: z.number().int(),
  totalDays: z.number().int(),
  actual: z.number().nullable(),
  projected: z.number().nullable(),
  /** actual / targetValue. */
  progress: z.number().nullable(),
  status: goalStatus,
  method: z.string(),
}).meta({ id: 'GoalProgress' });

export const goalsQuery = z.object({ asOf: isoDate.optional() });
export const goalsResponse = z.object({ goals: z.array(goalProgress) }).meta({ id: 'Goals' });

export const alertRuleInput = z.object({
  name: z.string().min(1).max(200),
  metric: goalMetric,
  channel: z.string().min(1).optional(),
  device: scopeDevice.optional(),
  severity: alertSeverity.default('warning'),
  condition: z.discriminatedUnion('kind', [
    /** The metric over the last `windowDays` days is below (lt) or above (gt) `value`. */
    z.object({ kind: z.literal('threshold'), op: z.enum(['lt', 'gt']), value: z.number().finite(), windowDays: z.number().int().min(1).max(90).default(1) }),
    /** Relative change of the last `windowDays` against the comparison period is below (lt) or above (gt) `pct` (−0.2 = −20%). */
    z.object({ kind: z.literal('change'), op: z.enum(['lt', 'gt']), pct: z.number().finite(), windowDays: z.number().int().min(1).max(90).default(7), compare: z.enum(['previous', 'last_year']).default('previous') }),
    /** The day's value has a robust z-score (median/MAD of the `historyDays` before) of at least `z` in `direction`. */
    z.object({ kind: z.literal('anomaly'), historyDays: z.number().int().min(7).max(365).default(28), z: z.number().positive().default(3.5), direction: z.enum(['both', 'up', 'down']).default('both') }),
  ]),
});

export const alertRule = alertRuleInput.extend({ id: z.number().int(), channel: z.string().nullable(), device: scopeDevice.nullable(), enabled: z.boolean() }).meta({ id: 'AlertRule' });
export const alertRulesResponse = z.object({ rules: z.array(alertRule) }).meta({ id: 'AlertRules' });

export const alertItem = z.object({
  id: z.number().int(),
  source: z.string(),
  ruleId: z.number().int().nullable(),
  goalId: z.number().int().nullable(),
  severity: alertSeverity,
  title: z.string(),
  day: isoDate.nullable(),
  evidence: z.record(z.string(), z.unknown()),
  status: z.enum(['open', 'acknowledged']),
  openedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
}).meta({ id: 'Alert' });
export const alertsQuery = z.object({ status: z.enum(['open', 'acknowledged', 'all']).default('open') });
export const alertsResponse = z.object({ alerts: z.array(alertItem) }).meta({ id: 'Alerts' });

export type GoalMetric = z.infer<typeof goalMetric>;
export type GoalInput = z.input<typeof goalInput>;
export type GoalProgress = z.infer<typeof goalProgress>;
export type AlertRuleInput = z.input<typeof alertRuleInput>;
export type AlertRule = z.infer<typeof alertRule>;
export type AlertItem = z.infer<typeof alertItem>;
