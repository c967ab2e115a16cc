import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { getStoreSettings } from '../store/index.js';

/** Parse a query with its contract, as the API does, so the CLI and services get the same errors. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('validation_failed', `${issue.path.join('.')}: ${issue.message}`, { issues: parsed.error.issues });
  }
  return parsed.data;
}

export interface RangeContext {
  from: string;
  to: string;
  timeZone: string;
  currency: string;
  /** The channel filter (null: every channel). */
  channelId: number | null;
  /** The range's bounds as timestamptz SQL (business days in the store zone). */
  lo: SQL;
  hi: SQL;
}

/** A checked range [from, to) with the store's zone and the channel resolved from its code. */
export async function rangeContext(db: Tx, from: string, to: string, channel?: string): Promise<RangeContext> {
  if (!(Date.parse(to) > Date.parse(from))) throw new AppError('validation_failed', `to: must be after from (${from} … ${to})`, { field: 'to' });
  const store = await getStoreSettings(db);
  const channelId = await channelIdOf(db, channel);
  return { ...bounds(from, to, store.timeZone), currency: store.currency, channelId };
}

/** The id of the channel with this code (null for the whole store); not_found naming the field otherwise. */
export async function channelIdOf(db: Tx, channel: string | undefined): Promise<number | null> {
  if (channel === undefined) return null;
  const [row] = await queryRows<{ id: number }>(db, sql`select id from channels where code = ${channel}`);
  if (!row) throw new AppError('not_found', `channel: no channel with code '${channel}'`, { field: 'channel' });
  return row.id;
}

export const bounds = (from: string, to: string, timeZone: string) => ({ from, to, timeZone, lo: dayStart(from, timeZone), hi: dayStart(to, timeZone) });

/** The instant a business day (YYYY-MM-DD) starts in the store zone, as timestamptz SQL. */
export const dayStart = (day: string, timeZone: string) => sql`(${day}::date::timestamp at time zone ${timeZone}::text)`;

/** a / b, or null when b is zero. */
export const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
/** a / b rounded to a whole minor unit (amounts are non-negative: half-up), or null when b is zero. */
export const perUnit = (a: number, b: number): number | null => (b === 0 ? null : Math.round(a / b));
/** Shift a YYYY-MM-DD date by whole days (UTC calendar arithmetic). */
export const shiftDays = (d: string, days: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The same calendar date n years away (29 Feb becomes 28 Feb). */
export function shiftYears(d: string, years: number): string {
  const y = Number(d.slice(0, 4)) + years;
  const md = d.slice(5) === '02-29' ? '02-28' : d.slice(5);
  return `${y}-${md}`;
}
