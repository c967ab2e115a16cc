import { pgErrorOf } from './client.js';
import { AppError } from '../errors.js';

/** A page of a list endpoint: its items, the total count and the window asked for. */
export const pageOf = <T>(items: T[], total: number, page: { limit: number; offset: number }) => ({ items, total, limit: page.limit, offset: page.offset });

export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Turn a unique or foreign-key violation into the caller's error: a duplicate code is a 409, a
 * reference to a row that does not exist names the field (or is a 404 when the path names it). Anything else is rethrown unchanged.
 */
export function rethrowConstraint(e: unknown, fields: Record<string, { field: string; message: string; notFound?: boolean }>): never {
  const pg = pgErrorOf(e);
  const hit = pg?.constraint ? fields[pg.constraint] : undefined;
  if (pg && hit) {
    if (pg.code === '23505') throw new AppError('conflict', hit.message, { field: hit.field });
    // A missing row named in the path is a 404, one named in the body a validation error.
    if (pg.code === '23503' && hit.notFound) throw new AppError('not_found', hit.message, { field: hit.field });
    if (pg.code === '23503') throw new AppError('validation_failed', `${hit.field}: ${hit.message}`, { issues: [{ field: hit.field, message: hit.message }] });
  }
  throw e;
}
