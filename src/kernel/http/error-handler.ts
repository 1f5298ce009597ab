import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, type ErrorCode, fromPgError } from '../errors.ts';
import { capIssues, capText, zodIssues } from '../validation.ts';

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_BODY_TOO_LARGE_FOR_ROUTE: 'payload_too_large',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_MAX_PARAM_LENGTH: 'bad_request',
};

/** Capped: a huge invalid request must not produce an even huger error (see capIssues). */
function invalid(issues: { path: string; message: string }[]): AppError {
  const c = capIssues(issues);
  return new AppError('validation_failed', `Invalid request: ${c.summary}`, {
    issues: c.issues,
    ...(c.more ? { more: c.more } : {}),
  });
}

/** Turns any thrown error into the one error shape; never leaks a stack trace to the client. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    return invalid(
      err.validation.map((v) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'invalid',
      })),
    );
  }
  // A schema parsed inside a handler (a union narrowed by hand, say).
  if (err instanceof ZodError) return invalid(zodIssues(err, 'body'));
  const pg = fromPgError(err);
  if (pg) return pg;
  const fe = err as FastifyError;
  if (fe?.statusCode === 429) return new AppError('rate_limited', fe.message);
  if (fe?.code && fastifyCodes[fe.code]) {
    const code = fastifyCodes[fe.code] as ErrorCode;
    const message =
      fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? `Malformed JSON body: ${fe.message}`
        : fe.message;
    return new AppError(code, capText(message, 300));
  }
  if (fe?.statusCode === 404) return new AppError('not_found', capText(fe.message, 300));
  if (fe?.statusCode === 413) return new AppError('payload_too_large', capText(fe.message, 300));
  if (fe?.statusCode === 415) return new AppError('unsupported_media_type', capText(fe.message, 300));
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return new AppError('bad_request', capText(fe.message, 300));
  return new AppError('internal', 'Internal error');
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const appErr = toAppError(err);
  if (appErr.code === 'internal') {
    req.log.error(
      { err, responseSerialization: isResponseSerializationError(err as Error) },
      'unhandled error',
    );
  }
  const body: ErrorBody = { error: { code: appErr.code, message: appErr.message } };
  if (appErr.details !== undefined) body.error.details = appErr.details;
  return reply.status(appErr.status).type('application/json').send(body);
}
