import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { purgeExpired } from './retention.service.js';

/**
 * `retention-purge`: applies the retention policies for the as-of date (docs/compliance.md).
 * Idempotent: what an earlier run purged is already gone, so a rerun changes nothing.
 */
export const retentionPurgeStep: PipelineStep = {
  name: 'retention-purge',
  description: 'Erase or pseudonymise personal data past its retention period (inactive customers, old ticket text, visitor ids, expired sessions)',
  dependsOn: [],
  async run({ tx, asOf, timeZone, progress }) {
    const done = await purgeExpired(tx, asOf, timeZone, progress);
    return { rows: Object.values(done).reduce((a, b) => a + b, 0) };
  },
};
