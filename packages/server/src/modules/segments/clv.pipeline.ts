import { eq } from 'drizzle-orm';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import type { Tx } from '../../db/client.js';
import { fitClvModel, loadClvData, scoreClv } from './clv.service.js';
import { clvFits, customerClvScores } from './segments.tables.js';

/** Horizon of the stored scores (expected purchases, CLV): the next 365 days. */
export const CLV_HORIZON_DAYS = 365;

export async function insertChunked<T>(rows: readonly T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Fit BG/NBD + Gamma-Gamma with the as-of date as calibration end (weeks) and store the fit and
 * every customer's scores over the next CLV_HORIZON_DAYS; a re-run for the same date replaces both.
 */
export async function runClvFit(tx: Tx, asOf: string, progress: (f: number) => void = () => {}): Promise<{ fitId: number; rows: number }> {
  await tx.delete(clvFits).where(eq(clvFits.calibrationEnd, asOf));
  const data = await loadClvData(tx, { calibrationEnd: asOf });
  progress(0.2);
  if (data.summary.x.length === 0) return { fitId: 0, rows: 0 };
  const model = fitClvModel(data);
  progress(0.5);
  const scores = scoreClv(data, model, CLV_HORIZON_DAYS);
  const { bgnbd, gammaGamma } = model;
  const [fit] = await tx.insert(clvFits).values({
    calibrationEnd: asOf, unitDays: data.unitDays, horizonDays: CLV_HORIZON_DAYS,
    r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a, b: bgnbd.b, bgnbdLogLikelihood: bgnbd.logLikelihood,
    p: gammaGamma?.p ?? null, q: gammaGamma?.q ?? null, gamma: gammaGamma?.gamma ?? null,
    gammaGammaLogLikelihood: gammaGamma?.logLikelihood ?? null,
    customers: model.customers, repeatCustomers: model.repeatCustomers, marginRatio: data.marginRatio,
  }).returning({ id: clvFits.id });
  const fitId = fit!.id;
  await insertChunked(scores, 2000, (chunk) => tx.insert(customerClvScores).values(chunk.map((s) => ({
    fitId, customerId: s.customerId, x: s.x, tx: s.tx, t: s.T, pAlive: s.pAlive, expectedPurchases: s.expectedPurchases,
    expectedSpend: s.expectedSpend, clvGmv: s.clvGmv, clvMargin: s.clvMargin, churnRisk: s.churnRisk, expectedNextOrder: s.expectedNextOrder,
  }))));
  progress(1);
  return { fitId, rows: scores.length };
}

export const clvStep: PipelineStep = {
  name: 'clv',
  description: 'BG/NBD + Gamma-Gamma fit (calibration end = as-of date, weeks) and per-customer P(alive), expected purchases, spend, CLV and churn risk over 365 days',
  dependsOn: [],
  async run({ tx, asOf, progress }) {
    const { rows } = await runClvFit(tx, asOf, progress);
    return { rows };
  },
};
