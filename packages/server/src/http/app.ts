import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Platform } from '../platform.js';
import { installAuth, SESSION_COOKIE } from './auth.js';
import { installCsrfGuard, installSecurityHeaders } from './security-headers.js';
import { installErrorHandler } from './error-handler.js';
import { installConsole } from './static-console.js';
import { routeModules } from './routes.js';

export interface AppDeps {
  platform: Pick<Platform, 'database' | 'cipher'> & Partial<Pick<Platform, 'config'>>;
  /** The clock, injectable for tests. */
  now?: () => Date;
  logger?: boolean;
  /**
   * Trust X-Forwarded-For/-Proto from this proxy (addresses or CIDR ranges, comma-separated; true for
   * any). Off by default: a client could otherwise pick its own address and slip the per-address
   * sign-in limit.
   */
  trustProxy?: boolean | string;
  /** End a console session after this long without a request (default 30 minutes; 0 = only the 12-hour expiry). */
  sessionIdleMs?: number;
}

/** Build the HTTP app without listening (tests use `app.inject`). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const options: FastifyServerOptions = { logger: deps.logger ?? false, trustProxy: deps.trustProxy ?? false, bodyLimit: 5 * 1024 * 1024 };
  const app = Fastify(options);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(cookie);
  installSecurityHeaders(app);
  installCsrfGuard(app, SESSION_COOKIE);
  installAuth(app, deps.platform.database.db, now, deps.sessionIdleMs !== undefined ? { sessionIdleMs: deps.sessionIdleMs } : {});
  await app.register(swagger, {
    openapi: {
      info: { title: 'Zhanggui API', version: '0.1.0', description: 'The HTTP API of Zhanggui (掌柜). Authenticate with the console session cookie or `Authorization: Bearer <API token>`. Errors are `{ code, message, details }`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'zg_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  // The console (packages/web/dist) at `/`, or the API reference until the console is built.
  await installConsole(app);

  for (const register of routeModules) {
    await app.register(async (scope) => register(scope.withTypeProvider<ZodTypeProvider>(), { platform: deps.platform, now }), { prefix: '/api' });
  }
  return app;
}
