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
