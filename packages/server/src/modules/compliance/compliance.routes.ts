import { z } from 'zod';
import {
  auditChainReport, dataCatalogue, errorBody, erasureResult, idParam, moderationCheckBody, moderationDecision, moderationOverrideBody,
  retentionKeyParam, retentionPolicy, setRetentionBody, subjectAccessExport,
} from '@zhanggui/contracts';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { verifyAuditChain } from './audit-chain.service.js';
import { buildDataCatalogue, dataCatalogueCsv } from './data-catalogue.js';
import { checkContent, listDecisions, overrideDecision } from './moderation.service.js';
import { listRetentionPolicies, setRetentionPolicy } from './retention.service.js';
import { eraseSubject, exportSubjectData } from './subject-request.service.js';

const read = { permission: 'compliance:read' } as const;
const manage = { permission: 'compliance:manage' } as const;
const moderate = { permission: 'moderation:review' } as const;
const tags = ['compliance'];

export const complianceRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;

  app.get('/compliance/catalogue', { config: read, schema: { tags, summary: 'Every table and column, classified and graded', response: { 200: dataCatalogue } } },
    async () => buildDataCatalogue({ dataLocation: platform.config?.dataLocation }));
  app.get('/compliance/catalogue.csv', { config: read, schema: { tags, summary: 'The data catalogue as CSV', produces: ['text/csv'] } },
    async (_req, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="data-catalogue.csv"').header('x-data-location', platform.config?.dataLocation ?? 'CN').send(dataCatalogueCsv(buildDataCatalogue({ dataLocation: platform.config?.dataLocation }))));

  app.post('/compliance/subjects/:id/access', {
    config: manage, schema: { tags, summary: 'Data-subject access: everything held about a customer, decrypted (audited)', params: idParam, response: { 200: subjectAccessExport, 404: errorBody } },
  }, async (req) => JSON.parse(JSON.stringify(await exportSubjectData(db, platform.cipher, actorOf(req), req.params.id, now()))));
  app.post('/compliance/subjects/:id/erasure', {
    config: manage, schema: { tags, summary: 'Data-subject erasure: pseudonymise the customer everywhere (audited)', params: idParam, response: { 200: erasureResult, 404: errorBody } },
  }, async (req) => eraseSubject(db, actorOf(req), req.params.id, now()));

  app.get('/compliance/retention', { config: read, schema: { tags, summary: 'Retention policies', response: { 200: z.array(retentionPolicy) } } },
    async () => listRetentionPolicies(db));
  app.put('/compliance/retention/:key', {
    config: manage, schema: { tags, summary: 'Set a retention policy', params: retentionKeyParam, body: setRetentionBody, response: { 200: z.array(retentionPolicy), 400: errorBody } },
  }, async (req) => {
    await setRetentionPolicy(db, req.params.key, req.body.days, req.body.enabled, now());
    return listRetentionPolicies(db);
  });

  app.get('/compliance/audit-chain', { config: { permission: 'audit:read' }, schema: { tags, summary: 'Verify the audit log hash chain', response: { 200: auditChainReport } } },
    async () => verifyAuditChain(db));

  app.post('/compliance/moderation/check', {
    config: moderate, schema: { tags, summary: 'Check a title, description, review or ticket against the moderation list (recorded)', body: moderationCheckBody, response: { 200: moderationDecision, 400: errorBody } },
  }, async (req) => checkContent(db, req.body));
  app.get('/compliance/moderation/decisions', { config: moderate, schema: { tags, summary: 'Recent moderation decisions and overrides', response: { 200: z.array(moderationDecision) } } },
    async () => listDecisions(db));
  app.post('/compliance/moderation/decisions/:id/override', {
    config: moderate, schema: { tags, summary: 'Override a moderation decision, with a reason (audited)', params: idParam, body: moderationOverrideBody, response: { 200: moderationDecision, 400: errorBody, 404: errorBody } },
  }, async (req) => overrideDecision(db, actorOf(req), req.params.id, req.body.action, req.body.reason, now()));
};
