import { z } from 'zod';
import { changePasswordBody, errorBody, loginBody, loginResponse, me } from '@zhanggui/contracts';
import { actorOf, clearSessionCookie, sessionTokenOf, setSessionCookie } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { isAppError } from '../../errors.js';
import { describeActor } from './me.js';
import { changeOwnPassword, login, logout } from './login.service.js';

const tags = ['identity'];
const self = { authenticated: true, allowPendingPassword: true } as const;
const ok = z.object({ ok: z.literal(true) });

export const authRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;

  app.post('/auth/login', {
    config: { public: true },
    schema: { tags, summary: 'Sign in to the console (sets the zg_session cookie)', body: loginBody, response: { 200: loginResponse, 400: errorBody, 401: errorBody, 429: errorBody } },
  }, async (req, reply) => {
    try {
      const result = await login(db, req.body, { ip: req.ip, userAgent: req.headers['user-agent'] }, now());
      setSessionCookie(req, reply, result.token, result.expiresAt);
      return { user: result.user, expiresAt: result.expiresAt.toISOString() };
    } catch (e) {
      const wait = isAppError(e) && e.code === 'rate_limited' ? (e.details as { retryAfterSeconds?: number }).retryAfterSeconds : undefined;
      if (wait) reply.header('retry-after', String(wait));
      throw e;
    }
  });

  // Public so that a browser holding an expired cookie can still be told to drop it.
  app.post('/auth/logout', { config: { public: true }, schema: { tags, summary: 'Sign out (ends the session)', response: { 200: ok } } }, async (req, reply) => {
    if (req.actor) await logout(db, req.actor, sessionTokenOf(req));
    clearSessionCookie(req, reply);
    return { ok: true as const };
  });

  app.get('/auth/me', { config: self, schema: { tags, summary: 'Who the caller is and what it may do', response: { 200: me, 401: errorBody } } },
    async (req) => describeActor(actorOf(req)));

  app.post('/auth/password', {
    config: self,
    schema: { tags, summary: 'Change your own password (ends your other sessions)', body: changePasswordBody, response: { 200: ok, 400: errorBody, 401: errorBody, 429: errorBody } },
  }, async (req) => {
    await changeOwnPassword(db, actorOf(req), req.body, sessionTokenOf(req), now());
    return { ok: true as const };
  });
};
