import fs from 'node:fs';
import type { Command } from 'commander';
import { autoForecast, forecastModel, isModelName, MODEL_NAMES, type ModelForecast } from '@zhanggui/algorithms';
import { AppError } from '../../errors.js';
import { parseSeriesCsv, SeriesCsvError } from '../../modules/forecasting/series-csv.js';
import { parseIntOption } from '../context.js';
import { formatRows, parseFormat, type OutputFormat } from '../output.js';

const round = (v: number) => Number(v.toFixed(6));

function parseLevels(value: string): number[] {
  const levels = value.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (levels.length === 0 || levels.some((l) => !Number.isInteger(l) || l < 1 || l > 99)) {
    throw new Error(`--levels: expected integers from 1 to 99 separated by commas, e.g. 80,95, got '${value}'`);
  }
  return [...new Set(levels)].sort((a, b) => a - b);
}

function parseModel(value: string): string {
  if (value !== 'auto' && !isModelName(value)) throw new Error(`--model: expected auto or one of ${MODEL_NAMES.join(', ')}, got '${value}'`);
  return value;
}

interface SeriesOptions { input: string; horizon: number; seasonLength: number; model: string; levels?: number[]; origins: number; format: OutputFormat }

/** `zhanggui forecast series`: the forecasting engine on a CSV file, no database. */
export function registerForecastCommands(program: Command): void {
  const forecast = program.command('forecast').description('Demand forecasting (docs/forecasting.md)');
  forecast.command('series')
    .description('Forecast every series of a long CSV (series_id,t,y) and print series_id,step,forecast[,lo_L,hi_L…]; no database needed')
    .requiredOption('--input <file>', 'CSV with header series_id,t,y; t an integer index or ISO date, rows of a series together and in order')
    .requiredOption('--horizon <h>', 'steps to forecast', parseIntOption('--horizon', 1, 10_000))
    .option('--season-length <m>', 'periods per seasonal cycle (1 = none, 7 daily data with a weekly cycle, 52 weekly…)', parseIntOption('--season-length', 1, 1000), 1)
    .option('--model <name>', `auto (rolling-origin backtest choice) or one of ${MODEL_NAMES.join(', ')}`, parseModel, 'auto')
    .option('--levels <list>', 'central prediction-interval coverages in percent, e.g. 80,95', parseLevels)
    .option('--origins <k>', 'backtest origins for --model auto', parseIntOption('--origins', 1, 50), 3)
    .option('--format <format>', 'csv | json | table', parseFormat, 'csv')
    .action((opts: SeriesOptions) => {
      let text: string;
      try {
        text = fs.readFileSync(opts.input, 'utf8');
      } catch (e) {
        throw new AppError('bad_request', `--input: cannot read ${opts.input}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      let series;
      try {
        series = parseSeriesCsv(text, opts.input);
      } catch (e) {
        if (e instanceof SeriesCsvError) throw new AppError('validation_failed', `${opts.input}: ${e.errors.length} problem${e.errors.length === 1 ? '' : 's'}, nothing forecast`, { errors: e.errors });
        throw e;
      }
      const levels = opts.levels ?? [];
      const rows: Record<string, unknown>[] = [];
      const details: Record<string, unknown>[] = [];
      for (const s of series) {
        let r: ModelForecast & Partial<Pick<ReturnType<typeof autoForecast>, 'demand' | 'backtest' | 'selectedBy'>>;
        try {
          r = opts.model === 'auto'
            ? autoForecast(s.y, opts.horizon, { seasonLength: opts.seasonLength, levels, origins: opts.origins })
            : forecastModel(opts.model as never, s.y, opts.horizon, { seasonLength: opts.seasonLength, levels });
        } catch (e) {
          throw new AppError('validation_failed', `${opts.input}:${s.line}: series '${s.id}': ${e instanceof Error ? e.message : String(e)}`);
        }
        const out: Record<string, unknown>[] = r.mean.map((v, i) => {
          const row: Record<string, unknown> = { series_id: s.id, step: i + 1, forecast: round(v) };
          for (const iv of r.intervals) {
            row[`lo_${iv.level}`] = round(iv.lower[i]!);
            row[`hi_${iv.level}`] = round(iv.upper[i]!);
          }
          return row;
        });
        rows.push(...out);
        details.push({
          series_id: s.id, observations: s.y.length, model: r.model, method: r.method,
          demandClass: r.demand?.class ?? null, selectedBy: r.selectedBy ?? 'given', backtest: r.backtest ?? null,
          forecasts: out.map(({ series_id: _id, ...rest }) => rest),
        });
      }
      process.stdout.write(`${formatRows(rows, opts.format, () => ({ horizon: opts.horizon, seasonLength: opts.seasonLength, levels, series: details }))}\n`);
    });
}
