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
    // Input the schemas should have refused; a backstop so a gap answers 400, not 500.
    case '22003': // numeric value out of range
    case '22001': // string too long for its column
    case '22021': // NUL or a byte sequence that is not UTF-8
    case '22P05': // \u0000 or a lone surrogate in jsonb
    case '22025': // invalid escape in a LIKE pattern
    case '2201B': // invalid regular expression
    case '54000': // a value too big for an index row or a jsonb
      return new AppError(
        'validation_failed',
        `Value not accepted: ${(e.message ?? 'invalid').slice(0, 200)}`,
      );
    case '40001':
    case '40P01':
      return new AppError('unavailable', 'Concurrent update, please retry');
    default:
      return undefined;
  }
}
