import { z } from 'zod';
import { ERRORS } from './errors.js';

export const errorBody = z.object({
  code: z.enum(Object.keys(ERRORS) as [keyof typeof ERRORS, ...(keyof typeof ERRORS)[]]),
  message: z.string(),
  details: z.unknown().optional(),
}).meta({ id: 'Error' });

/** Page through a list: `limit` rows after skipping `offset`. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const page = <T extends z.ZodType>(item: T) => z.object({
  items: z.array(item),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** A business date, YYYY-MM-DD. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
export const idParam = z.object({ id: z.coerce.number().int().positive() });
