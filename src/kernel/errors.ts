/** The one error type of Tenure: a string code, a human message, optional structured details. */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export const httpStatusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return httpStatusOf[this.code];
  }
}

export const notFound = (what: string, id: string) =>
  new AppError('not_found', `${what} ${id} does not exist`);

type PgError = { code?: string; detail?: string; constraint?: string; message?: string };

/** Maps PostgreSQL error codes to AppError in this one place; anything else stays unexpected. */
export function fromPgError(err: unknown): AppError | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as PgError;
  switch (e.code) {
    case '23505':
      return new AppError('conflict', `Already exists (${e.constraint ?? 'unique constraint'})`, {
        constraint: e.constraint,
      });
    case '23503':
      return new AppError(
        'conflict',
        `Refers to something that does not exist (${e.constraint ?? 'foreign key'})`,
        {
          constraint: e.constraint,
        },
      );
    case '23514':
      return new AppError('validation_failed', `Value not allowed (${e.constraint ?? 'check constraint'})`, {
        constraint: e.constraint,
      });
    case '22P02':
    case '22007':
    case '22008':
      return new AppError('validation_failed', e.message ?? 'Invalid value');
    case '40001':
    case '40P01':
      return new AppError('unavailable', 'Concurrent update, please retry');
    default:
      return undefined;
  }
}
