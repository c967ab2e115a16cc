import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERRORS, type ErrorBody } from '@zhanggui/contracts';
import { isAppError } from '../errors.js';

/**
 * Every failure becomes `{ code, message, details }` with the status the registry gives the code.
 * Validation errors name each field; anything unexpected is a 500 `internal_error` that is logged
 * but not described to the caller.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      const body: ErrorBody = { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
      return reply.status(error.status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        field: [error.validationContext, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      const body: ErrorBody = {
        code: 'validation_failed',
        message: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
        details: { issues },
      };
      return reply.status(400).send(body);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500 && !isResponseSerializationError(error)) {
      // Fastify's own client errors (bad JSON, body too large, unsupported media type).
      const body: ErrorBody = { code: 'bad_request', message: error.message };
      return reply.status(error.statusCode).send(body);
    }
    request.log.error({ err: error }, 'unexpected error');
    const body: ErrorBody = { code: 'internal_error', message: ERRORS.internal_error.message };
    return reply.status(500).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` };
    return reply.status(404).send(body);
  });
}
