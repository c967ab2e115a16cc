import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { recomputeMemberships } from './segments.service.js';

export const segmentsStep: PipelineStep = {
  name: 'segments',
  description: 'Rule-based segment membership for the as-of date, with entered/left events',
  dependsOn: ['rfm', 'clv', 'loyalty'],
  async run({ tx, asOf }) {
    const { entered, left } = await recomputeMemberships(tx, asOf);
    return { rows: entered + left };
  },
};
