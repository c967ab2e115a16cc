import {
  clvCalibration as clvCalibrationSchema, clvCalibrationQuery, clvFitSummary, customerIntelligence as customerIntelligenceSchema, errorBody, idParam,
  page, pageQuery, segment, segmentAction, segmentActionBody, segmentBody, segmentCount, segmentCountBody, segmentMember,
} from '@zhanggui/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { businessDate } from '../../lib/business-date.js';
import { getStoreSettings } from '../store/index.js';
import { clvCalibration } from './clv-calibration.js';
import { customerIntelligence, latestClvFit, segmentMemberPage } from './customer-intelligence.service.js';
import {
  countRule, createSegment, createSegmentAction, deleteSegment, exportSegment, getSegment, listSegments, updateSegment,
} from './segments.service.js';

const read = { permission: 'customers:read' } as const;
const write = { permission: 'marketing:write' } as const;
const analytics = { permission: 'analytics:read' } as const;
const tags = ['segments'];
const errors = { 400: errorBody, 404: errorBody, 409: errorBody };

/** Segments, customer intelligence (customer 360) and the CLV model. Rules: docs/customers.md. */
export const segmentsRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;
  const cipher = platform.cipher;
  const today = async () => businessDate(now(), (await getStoreSettings(db)).timeZone);

  app.get('/segments', { config: read, schema: { tags, summary: 'Every segment with its member count', response: { 200: z.array(segment) } } },
    async () => listSegments(db));
  app.post('/segments/count', {
    config: read,
    schema: { tags, summary: 'Live count of the customers a rule matches today, from the latest derived data', body: segmentCountBody, response: { 200: segmentCount, 400: errorBody } },
  }, async (req) => { const day = await today(); return { ...(await countRule(db, req.body.rule, day)), day }; });
  app.get('/segments/:id', { config: read, schema: { tags, summary: 'One segment', params: idParam, response: { 200: segment, 404: errorBody } } },
    async (req) => getSegment(db, req.params.id));
  app.get('/segments/:id/members', {
    config: read,
    schema: { tags, summary: 'A page of the segment\'s members with their scores (name and phone masked without pii:read)', params: idParam, querystring: pageQuery, response: { 200: page(segmentMember), 404: errorBody } },
  }, async (req) => segmentMemberPage(db, cipher, actorOf(req), req.params.id, req.query));
  app.get('/segments/:id/export', {
    config: read,
    schema: { tags, summary: 'The segment\'s members as CSV (masked without pii:read; audited)', params: idParam, produces: ['text/csv'] },
  }, async (req, reply) => {
    const csv = await exportSegment(db, cipher, actorOf(req), req.params.id);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="segment-${req.params.id}.csv"`).send(csv);
  });
  app.post('/segments', { config: write, schema: { tags, summary: 'Create a segment', body: segmentBody, response: { 201: segment, ...errors } } },
    async (req, reply) => reply.status(201).send(await createSegment(db, actorOf(req), req.body)));
  app.put('/segments/:id', { config: write, schema: { tags, summary: 'Change a segment\'s name, description or rule', params: idParam, body: segmentBody, response: { 200: segment, ...errors } } },
    async (req) => updateSegment(db, actorOf(req), req.params.id, req.body));
  app.delete('/segments/:id', { config: write, schema: { tags, summary: 'Delete a segment', params: idParam, response: { 204: z.null(), 404: errorBody } } },
    async (req, reply) => { await deleteSegment(db, actorOf(req), req.params.id); return reply.status(204).send(null); });
  app.post('/segments/:id/actions', {
    config: write,
    schema: { tags, summary: 'Act on the members: tag, coupon (pending), campaign hand-off (pending), win-back capped by CLV share', params: idParam, body: segmentActionBody, response: { 201: segmentAction, ...errors } },
  }, async (req, reply) => reply.status(201).send(await createSegmentAction(db, actorOf(req), req.params.id, req.body)));

  app.get('/customers/:id/intelligence', {
    config: read,
    schema: { tags, summary: 'Customer 360: RFM, lifecycle history, CLV and P(alive), segments and tags', params: idParam, response: { 200: customerIntelligenceSchema, 404: errorBody } },
  }, async (req) => customerIntelligence(db, req.params.id));
  app.get('/clv/fit', {
    config: analytics,
    schema: { tags, summary: 'The latest stored BG/NBD + Gamma-Gamma fit (pipeline step clv), churn bands and total CLV', response: { 200: clvFitSummary.nullable() } },
  }, async () => latestClvFit(db));
  app.get('/clv/calibration', {
    config: analytics,
    schema: { tags, summary: 'Calibration plots: fit up to calibrationEnd, predicted vs actual in the holdout by frequency and cumulatively by week', querystring: clvCalibrationQuery, response: { 200: clvCalibrationSchema, 400: errorBody } },
  }, async (req) => clvCalibration(db, req.query.calibrationEnd, req.query.holdoutEnd));
};
