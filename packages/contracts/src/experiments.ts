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

export const createExperimentBody = z.object({
  code: z.string().trim().min(1).max(64).regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ and -'),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['price', 'promotion', 'page', 'message']),
  variants: z.array(z.object({ name: z.string().trim().min(1).max(64), weight: z.number().gt(0).max(1000).default(1) })).min(2).max(10),
});
export const experimentDto = z.object({
  code: z.string(), name: z.string(), kind: z.string(), status: z.string(),
  variants: z.array(z.object({ name: z.string(), weight: z.number() })),
  startedAt: z.string(), stoppedAt: z.string().nullable(), exposures: z.number().int(),
}).meta({ id: 'Experiment' });
export const exposureBody = z.object({ unit: z.string().min(1).max(200), customerId: z.number().int().positive().optional() });
export const exposureResult = z.object({ variant: z.string(), firstExposure: z.boolean() });
export const experimentResultsQuery = z.object({
  metric: z.enum(EXPERIMENT_METRICS).default('conversion'),
  alpha: z.coerce.number().gt(0).lt(1).default(0.05),
  /** Mixing sd of the mSPRT (in the metric's unit); default 10% of the control mean. */
  tau: z.coerce.number().positive().optional(),
});
export const experimentResultsDto = z.object({
  code: z.string(),
  metric: z.enum(EXPERIMENT_METRICS),
  alpha: z.number(),
  summary: experimentSummary,
  result: experimentResult,
  /** Sequential (always-valid) test of every variant against the first (mSPRT): safe to read at every look. */
  sequential: z.array(z.object({ name: z.string(), tau: z.number().nullable(), lambda: z.number().nullable(), alwaysValidPValue: z.number().nullable() })),
}).meta({ id: 'ExperimentResults' });
export type ExperimentDto = z.infer<typeof experimentDto>;
export type ExperimentResultsDto = z.infer<typeof experimentResultsDto>;
