import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { actorCan, can, resolveActor, type Actor, type Permission } from '../modules/identity/index.js';
import type { Tx } from '../db/client.js';

export const SESSION_COOKIE = 'zg_session';

/** What a route demands of its caller, declared in its `config`. */
export interface RouteAccess {
  /** The permission the route needs. */
  permission?: Permission;
  /** Anyone, signed in or not (health, sign-in, the API docs). */
  public?: boolean;
  /** Any signed-in caller, whatever the role (one's own profile, password and tokens). */
  authenticated?: boolean;
  /** Reachable while the user still has to replace a one-time password. */
  allowPendingPassword?: boolean;
}

declare module 'fastify' {
  // Every route declares `permission`, `authenticated` or `public` (see RouteAccess).
  interface FastifyContextConfig {
    permission?: Permission;
    public?: boolean;
    authenticated?: boolean;
    allowPendingPassword?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export interface RouteRule extends RouteAccess {
  method: string;
  url: string;
}

// The routes each app registered, with their access rules (the permission test walks them).
const rulesByApp = new WeakMap<FastifyInstance, RouteRule[]>();

/** Every route of an app built by buildApp, with what it demands of its caller. */
export function routeRules(app: FastifyInstance): readonly RouteRule[] {
  return rulesByApp.get(app) ?? [];
}

/** The actor of a request that passed the permission check. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}

/**
 * Authentication and authorisation for every route: a route that declares neither a permission,
 * `authenticated` nor `public` is refused at start-up, so no route can be left open by forgetting.
 */
export function installAuth(app: FastifyInstance, db: Tx, now: () => Date, opts: { sessionIdleMs?: number } = {}): void {
  const rules: RouteRule[] = [];
  rulesByApp.set(app, rules);
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), public: true } as typeof route.config;
    const cfg = (route.config ?? {}) as RouteAccess;
    if (!cfg.permission && !cfg.public && !cfg.authenticated) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no permission (config.permission, config.authenticated or config.public)`);
    }
    for (const method of [route.method].flat()) rules.push({ ...cfg, method, url: route.url });
  });

  app.addHook('onRequest', async (request) => {
    const cfg = request.routeOptions.config as RouteAccess;
    const auth = request.headers.authorization;
    const apiToken = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const sessionToken = request.cookies?.[SESSION_COOKIE];
    const actor = await resolveActor(db, { apiToken, sessionToken }, now(), opts);
    request.actor = actor ? { ...actor, ip: request.ip } : null;
    if (cfg.public || request.is404) return;
    if (!request.actor) throw new AppError('unauthenticated');
    if (request.actor.mustChangePassword && !cfg.allowPendingPassword) {
      throw new AppError('password_change_required', 'Change your one-time password first (POST /api/auth/password)');
    }
    if (cfg.permission && !can(request.actor.role, cfg.permission)) {
      throw new AppError('forbidden', `Your role (${request.actor.role}) does not have ${cfg.permission}`, { permission: cfg.permission });
    }
    if (cfg.permission && !actorCan(request.actor, cfg.permission)) {
      throw new AppError('forbidden', `This API token's scope does not include ${cfg.permission}`, { permission: cfg.permission, missingScope: cfg.permission });
    }
  });
}

/** The console session cookie: script cannot read it and no other site can make the browser send it. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true, sameSite: 'strict', path: '/', expires: expiresAt,
    // Behind a TLS-terminating proxy, trustProxy makes request.protocol read X-Forwarded-Proto.
    secure: request.protocol === 'https',
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' });
}

/** The session secret the request carries, if any (to end it, or to spare it when ending the others). */
export const sessionTokenOf = (request: FastifyRequest): string | undefined => request.cookies?.[SESSION_COOKIE];
