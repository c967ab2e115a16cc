import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { expireCoupons } from './pricing.service.js';

/**
 * `coupon-expiry`: coupons still unused when their batch's validity ends (validTo, store time, end
 * exclusive) by the end of the as-of day become `expired`. Idempotent: a second run finds nothing.
 */
export const couponExpiryStep: PipelineStep = {
  name: 'coupon-expiry',
  description: 'Mark unused coupons of batches whose validity ended by the as-of date as expired',
  dependsOn: [],
  async run({ tx, asOf, timeZone, progress }) {
    const [row] = await queryRows<{ t: string }>(tx, sql`select to_char(((${asOf}::date + 1)::timestamp at time zone ${timeZone}::text) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as t`);
    const rows = await expireCoupons(tx, new Date(row!.t));
    progress(1);
    return { rows };
  },
};
