/**
 * Every error the API can return, declared once: a stable `code`, its HTTP status and a default
 * message. The body of an error response is always `{ code, message, details }`.
 */
export const ERRORS = {
  validation_failed: { status: 400, message: 'The request is not valid' },
  bad_request: { status: 400, message: 'The request cannot be processed' },
  unauthenticated: { status: 401, message: 'Sign in or send an API token' },
  invalid_credentials: { status: 401, message: 'Wrong username or password' },
  forbidden: { status: 403, message: 'Your role does not allow this' },
  password_change_required: { status: 403, message: 'Change your one-time password first' },
  not_found: { status: 404, message: 'Not found' },
  conflict: { status: 409, message: 'The request conflicts with the current state' },
  idempotency_key_reused: { status: 422, message: 'This Idempotency-Key was used with a different request' },
  idempotency_in_progress: { status: 409, message: 'A request with this Idempotency-Key is still in progress' },
  insufficient_stock: { status: 409, message: 'Not enough stock' },
  rate_limited: { status: 429, message: 'Too many attempts; try again later' },
  data_dir_locked: { status: 503, message: 'The data directory is in use by another process' },
  import_rejected: { status: 422, message: 'The file has bad rows; nothing was imported' },
  content_blocked: { status: 422, message: 'The text contains a term the moderation list blocks' },
  internal_error: { status: 500, message: 'Internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}
