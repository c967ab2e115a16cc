import { z } from 'zod';
import {
  apiToken, auditEntry, auditQuery, createTokenBody, createUserBody, createdToken, createdUser, errorBody, idParam, page, updateUserBody, user, userListQuery,
} from '@zhanggui/contracts';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { listAudit } from './audit-query.service.js';
import { createToken, listTokens, revokeToken } from './tokens.service.js';
import { createUser, listUsers, updateUser } from './users.service.js';

const manage = { permission: 'users:manage' } as const;
// Tokens are one's own: any signed-in user may hold some; the service scopes what each sees.
const own = { authenticated: true } as const;
const errors = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** Users, API tokens and the audit log. */
export const identityRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;

  app.get('/users', { config: manage, schema: { tags: ['identity'], summary: 'Users', querystring: userListQuery, response: { 200: page(user) } } },
    async (req) => listUsers(db, req.query));
  app.post('/users', {
    config: manage,
    schema: { tags: ['identity'], summary: 'Create a user (omit password to get a one-time password, shown once)', body: createUserBody, response: { 201: createdUser, ...errors } },
  }, async (req, reply) => reply.status(201).send(await createUser(db, actorOf(req), req.body)));
  app.patch('/users/:id', {
    config: manage,
    schema: { tags: ['identity'], summary: 'Change a user\'s role, name or disabled flag', params: idParam, body: updateUserBody, response: { 200: user, ...errors } },
  }, async (req) => updateUser(db, actorOf(req), req.params.id, req.body));

  app.get('/tokens', { config: own, schema: { tags: ['identity'], summary: 'Your API tokens (an owner sees all)', response: { 200: z.array(apiToken) } } },
    async (req) => listTokens(db, actorOf(req)));
  app.post('/tokens', {
    config: own,
    schema: { tags: ['identity'], summary: 'Create an API token (the secret is shown once)', body: createTokenBody, response: { 201: createdToken, ...errors } },
  }, async (req, reply) => reply.status(201).send(await createToken(db, actorOf(req), req.body)));
  app.delete('/tokens/:id', { config: own, schema: { tags: ['identity'], summary: 'Revoke an API token', params: idParam, response: { 200: apiToken, ...errors } } },
    async (req) => revokeToken(db, actorOf(req), req.params.id, now()));

  app.get('/audit', {
    config: { permission: 'audit:read' },
    schema: { tags: ['identity'], summary: 'The audit log, newest first (filters: entity, entityId, actor, action, personalData, from, to)', querystring: auditQuery, response: { 200: page(auditEntry), 400: errorBody } },
  }, async (req) => listAudit(db, req.query));
};
