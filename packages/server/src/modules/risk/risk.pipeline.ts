import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { evaluateIndicators } from './indicators.service.js';

/** `risk-indicators`: evaluate the early-warning indicators for the as-of date; breaches open incidents (once per indicator and date). */
export const riskIndicatorsStep: PipelineStep = {
  name: 'risk-indicators',
  description: 'Evaluate risk indicators (refund rate, order and traffic drops, price drops, stockouts, supplier lead time) and open incidents on breach',
  // Indicators bound to an alert rule read the alerts that step opens for the same day.
  dependsOn: ['alert-rules'],
  async run({ tx, asOf, timeZone }) {
    const end = new Date(`${asOf}T23:59:59Z`);
    return { rows: (await evaluateIndicators(tx, asOf, timeZone, end)).length };
  },
};
