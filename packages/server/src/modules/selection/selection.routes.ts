import { addCandidatesBody, candidateList, errorBody, importCandidatesBody, lifecycleBoard, policyListQuery, selectionWeights, selectionWeightsBody } from '@zhanggui/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { addCandidates, importCandidatesCsv, listCandidates, listSkuLifecycle, saveSelectionWeights } from './selection.service.js';

const read = { permission: 'catalog:read' } as const;
const write = { permission: 'catalog:write' } as const;
const tags = ['products'];

export const selectionRoutes: RouteModule = (app, { platform }) => {
  const db = platform.database.db;
  app.get('/products/lifecycle', { config: read, schema: { tags, summary: 'Lifecycle stage per SKU (导入期/成长期/成熟期/衰退期), actions and selection score', querystring: policyListQuery, response: { 200: lifecycleBoard, 400: errorBody } } },
    async (req) => listSkuLifecycle(db, req.query.asOf));
  app.get('/products/candidates', { config: read, schema: { tags, summary: 'Candidate products (选品) with their selection scores', response: { 200: candidateList } } },
    async () => listCandidates(db));
  app.post('/products/candidates', { config: write, schema: { tags, summary: 'Add or update candidate products by hand', body: addCandidatesBody, response: { 200: z.object({ saved: z.number().int() }), 400: errorBody } } },
    async (req) => ({ saved: await addCandidates(db, actorOf(req), req.body.candidates, 'manual') }));
  app.post('/products/candidates/import', { config: write, schema: { tags, summary: 'Import candidate products from CSV (all or nothing)', body: importCandidatesBody, response: { 200: z.object({ saved: z.number().int() }), 400: errorBody } } },
    async (req) => ({ saved: await importCandidatesCsv(db, actorOf(req), req.body.csv) }));
  app.put('/products/selection-weights', { config: write, schema: { tags, summary: 'Edit the selection-score weights', body: selectionWeightsBody, response: { 200: selectionWeights, 400: errorBody } } },
    async (req) => saveSelectionWeights(db, actorOf(req), req.body));
};
