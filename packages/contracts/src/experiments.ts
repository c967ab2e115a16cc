/** Experiment statistics input: per-variant summary statistics (docs/experiments.md). */
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const experimentVariantSummary = z.object({
  name: z.string().min(1),
  n: z.number().int().min(2),
  sum: finite,
  sumSquares: finite.refine((v) => v >= 0, 'must be >= 0'),
  weight: z.number().gt(0).optional(),
  preSum: finite.optional(),
  preSumSquares: finite.optional(),
  crossSum: finite.optional(),
}).meta({ id: 'ExperimentVariantSummary' });

export const experimentSummary = z.object({
  metric: z.enum(['proportion', 'mean']),
  variants: z.array(experimentVariantSummary).min(2),
}).meta({ id: 'ExperimentSummary' });

export const experimentVariantResult = z.object({
  name: z.string(),
  mean: z.number(),
  absoluteLift: z.number().nullable(),
  relativeLift: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  pValue: z.number().nullable(),
  chanceToWin: z.number(),
  expectedLoss: z.number(),
});

export const experimentResult = z.object({
  variants: z.array(experimentVariantResult),
  srmPValue: z.number(),
}).meta({ id: 'ExperimentResult' });

// ---- the experiments module's API ------------------------------------------------------------

export const EXPERIMENT_METRICS = ['conversion', 'revenue', 'aov', 'repurchase'] as const;
/** What is randomised: a customer, a visitor (traffic_sessions.visitor_id) or one session. */
export const EXPERIMENT_UNITS = ['customer', 'visitor', 'session'] as const;

export const createExperimentBody = z.object({
  code: z.string().trim().min(1).max(64).regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ and -'),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['price', 'promotion', 'page', 'message']),
  variants: z.array(z.object({ name: z.string().trim().min(1).max(64), weight: z.number().gt(0).max(1000).default(1) })).min(2).max(10),
  /** Default customer. */
  unit: z.enum(EXPERIMENT_UNITS).optional(),
  /** The metric decided on in advance; the results' default (default conversion). */
  primaryMetric: z.enum(EXPERIMENT_METRICS).optional(),
  /** Scheduled start (default: now); exposures before it are refused. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** Planned end (optional, after the start): no exposures from then on, later orders do not count. */
  endAt: z.iso.datetime({ offset: true }).optional(),
});
export const experimentDto = z.object({
  code: z.string(), name: z.string(), kind: z.string(), status: z.string(),
  variants: z.array(z.object({ name: z.string(), weight: z.number() })),
  unit: z.enum(EXPERIMENT_UNITS), primaryMetric: z.enum(EXPERIMENT_METRICS),
  /** The start (scheduled or the creation time) and the planned end. */
  startedAt: z.string(), endsAt: z.string().nullable(), stoppedAt: z.string().nullable(), exposures: z.number().int(),
}).meta({ id: 'Experiment' });
export const exposureBody = z.object({ unit: z.string().min(1).max(200), customerId: z.number().int().positive().optional() });
export const exposureResult = z.object({ variant: z.string(), firstExposure: z.boolean() });
export const experimentResultsQuery = z.object({
  /** Default: the experiment's primary metric. */
  metric: z.enum(EXPERIMENT_METRICS).optional(),
  alpha: z.coerce.number().gt(0).lt(1).default(0.05),
  /** Mixing sd of the mSPRT (in the metric's unit); default 10% of the control mean. */
  tau: z.coerce.number().positive().optional(),
});
export const experimentResultsDto = z.object({
  code: z.string(),
  metric: z.enum(EXPERIMENT_METRICS),
  /** Whether `metric` is the experiment's primary metric (the one decided on in advance). */
  primary: z.boolean(),
  unit: z.enum(EXPERIMENT_UNITS),
  alpha: z.number(),
  summary: experimentSummary,
  result: experimentResult,
  /** Sequential (always-valid) test of every variant against the first (mSPRT): safe to read at every look. */
  sequential: z.array(z.object({ name: z.string(), tau: z.number().nullable(), lambda: z.number().nullable(), alwaysValidPValue: z.number().nullable() })),
}).meta({ id: 'ExperimentResults' });
export type ExperimentDto = z.infer<typeof experimentDto>;
export type ExperimentResultsDto = z.infer<typeof experimentResultsDto>;
