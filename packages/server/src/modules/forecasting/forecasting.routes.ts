import { errorBody, forecastAccuracy, forecastDetail, forecastListQuery, forecastSummary, idParam } from '@zhanggui/contracts';
import { z } from 'zod';
import type { RouteModule } from '../../http/routes.js';
import { getStoreSettings } from '../store/index.js';
import { forecastAccuracy as accuracyOf, getForecast, listForecasts } from './forecast-query.service.js';

const read = { permission: 'inventory:read' } as const;
const tags = ['forecasting'];

export const forecastingRoutes: RouteModule = (app, { platform }) => {
  const db = platform.database.db;
  app.get('/forecasts', { config: read, schema: { tags, summary: 'Demand forecasts of the latest as-of date: model chosen, demand class, backtest accuracy', querystring: forecastListQuery, response: { 200: z.array(forecastSummary), 400: errorBody } } },
    async (req) => listForecasts(db, req.query));
  app.get('/forecasts/accuracy', { config: read, schema: { tags, summary: 'Store-wide backtest accuracy of the latest forecasts: mean sMAPE and MASE, pooled WAPE and bias', querystring: forecastListQuery.pick({ asOf: true }), response: { 200: forecastAccuracy, 400: errorBody } } },
    async (req) => accuracyOf(db, req.query));
  app.get('/forecasts/:id', { config: read, schema: { tags, summary: 'One forecast: weekly history, path and 80/95% intervals', params: idParam, response: { 200: forecastDetail, 404: errorBody } } },
    async (req) => getForecast(db, req.params.id, (await getStoreSettings(db)).timeZone));
};
