import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { settleReferrals } from './referral.service.js';

/**
 * `referral-rewards`: settles pending referrals as of the end of the as-of day (store time): the
 * inviter is rewarded once the invitee's first paid order has passed its refund window unrefunded;
 * a refund within the window rejects it. Idempotent: settled referrals are never settled again and
 * points are posted under the key `referral:<id>`.
 */
export const referralRewardsStep: PipelineStep = {
  name: 'referral-rewards',
  description: 'Reward inviters whose invitee\'s first paid order passed its refund window (老带新)',
  dependsOn: [],
  async run({ tx, asOf, timeZone, progress }) {
    const [row] = await queryRows<{ t: string }>(tx, sql`select to_char(((${asOf}::date + 1)::timestamp at time zone ${timeZone}::text) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as t`);
    const r = await settleReferrals(tx, new Date(row!.t), asOf);
    progress(1);
    return { rows: r.rewarded + r.rejected };
  },
};
