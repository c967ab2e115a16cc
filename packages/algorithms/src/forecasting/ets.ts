// Automatic ETS (Hyndman et al. 2008; R's forecast::ets defaults): fit every admissible error ×
// trend × season combination and keep the smallest AICc. As R's defaults: no multiplicative trend,
// no additive-error/multiplicative-season mixes, multiplicative forms only for positive data.
// Known gap: for m > 12 the seasonal initial states are not optimised (ets-model.ts), and on M4
// Hourly this scores OWA 1.14 — worse than Naive2 — mostly from undamped trends chosen by AICc.
import { fitEtsModel, forecastEtsModel, type EtsFit, type EtsSpec } from './ets-model.js';
import type { Forecast, SeasonalOptions } from './types.js';
import { assertHorizon, assertSeasonLength, assertSeries } from './validate.js';

export interface EtsOptions extends SeasonalOptions {
  /** Restrict the search, e.g. 'ANN' or 'MAdM'; each letter may be 'Z' (choose). Default 'ZZZ'. */
  model?: string;
}

export interface EtsForecast extends Forecast {
  /** Chosen model as R names it, e.g. "ETS(M,Ad,N)". */
  method: string;
  fit: EtsFit;
  /** AICc of every model tried, by name. */
  candidates: Record<string, number>;
}

const MODEL = /^([ANMZ])(N|A|Ad|Z)([ANMZ])$/;

function candidates(y: readonly number[], m: number, model: string): EtsSpec[] {
  const match = MODEL.exec(model);
  if (!match || match[1] === 'N') throw new RangeError(`ets: model must look like "ZZZ", "ANN" or "MAdM", got ${model}`);
  const [, e, t, s] = match as unknown as [string, string, string, string];
  const positive = y.every((v) => v > 0);
  const canSeason = m > 1 && y.length >= 2 * m;
  const out: EtsSpec[] = [];
  for (const error of ['A', 'M'] as const) {
    if ((e !== 'Z' && e !== error) || (error === 'M' && !positive)) continue;
    for (const trend of ['N', 'A', 'Ad'] as const) {
      if (t !== 'Z' && t !== trend) continue;
      for (const season of ['N', 'A', 'M'] as const) {
        if (s !== 'Z' && s !== season) continue;
        if (season !== 'N' && !canSeason) continue;
        if (season === 'M' && (!positive || error === 'A')) continue;
        out.push({ error, trend, season });
      }
    }
  }
  return out;
}

export const etsName = (s: EtsSpec): string => `ETS(${s.error},${s.trend},${s.season})`;

/** R's forecast::ets(y, model = "ZZZ") point forecasts (see ets-model.ts for what differs). */
export function ets(y: readonly number[], h: number, opts: EtsOptions = {}): EtsForecast {
  const m = opts.seasonLength ?? 1;
  assertSeasonLength('ets', m);
  assertSeries('ets', y, 3);
  assertHorizon('ets', h);
  const specs = candidates(y, m, opts.model ?? 'ZZZ');
  if (specs.length === 0) throw new RangeError(`ets: no model of the form ${opts.model} fits these data (positive data and n >= 2m needed for some)`);
  let best: EtsFit | null = null;
  const tried: Record<string, number> = {};
  for (const spec of specs) {
    const fit = fitEtsModel(y, spec, m);
    if (!fit) continue;
    tried[etsName(spec)] = fit.aicc;
    if (!best || fit.aicc < best.aicc) best = fit;
  }
  if (!best) throw new RangeError('ets: no candidate model could be fitted');
  return { mean: forecastEtsModel(best, y.length, h), method: etsName(best.spec), fit: best, candidates: tried };
}
