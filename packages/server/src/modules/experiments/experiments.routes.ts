import { z } from 'zod';
import { createExperimentBody, errorBody, experimentDto, experimentResultsDto, experimentResultsQuery, exposureBody, exposureResult } from '@zhanggui/contracts';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { createExperiment, experimentResults, getExperiment, listExperiments, logExposure, stopExperiment } from './experiments.service.js';

const tags = ['experiments'];
const read = { permission: 'marketing:read' } as const;
const write = { permission: 'marketing:write' } as const;
const codeParam = z.object({ code: z.string().min(1).max(64) });

export const experimentsRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;
  app.get('/experiments', { config: read, schema: { tags, summary: 'Experiments', response: { 200: z.array(experimentDto) } } }, () => listExperiments(db));
  app.post('/experiments', { config: write, schema: { tags, summary: 'Start an experiment (the first variant is the control)', body: createExperimentBody, response: { 201: experimentDto, 400: errorBody, 409: errorBody } } },
    async (req, reply) => reply.code(201).send(await createExperiment(db, actorOf(req), req.body, now())));
  app.get('/experiments/:code', { config: read, schema: { tags, summary: 'An experiment', params: codeParam, response: { 200: experimentDto, 404: errorBody } } },
    (req) => getExperiment(db, req.params.code));
  app.post('/experiments/:code/stop', { config: write, schema: { tags, summary: 'Stop an experiment (orders after this do not count)', params: codeParam, response: { 200: experimentDto, 404: errorBody } } },
    (req) => stopExperiment(db, actorOf(req), req.params.code, now()));
  app.post('/experiments/:code/exposures', { config: write, schema: { tags, summary: 'Log an exposure; returns the unit\'s variant (hash of experiment and unit)', params: codeParam, body: exposureBody, response: { 200: exposureResult, 404: errorBody, 409: errorBody } } },
    (req) => logExposure(db, req.params.code, req.body.unit, req.body.customerId, now()));
  app.get('/experiments/:code/results', { config: read, schema: { tags, summary: 'Results of a metric against the control (docs/experiments.md)', params: codeParam, querystring: experimentResultsQuery, response: { 200: experimentResultsDto, 400: errorBody, 404: errorBody } } },
    (req) => experimentResults(db, req.params.code, req.query.metric, req.query.alpha, req.query.tau));
};
