import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** An error answer of the API (`{"error":{"code","message","details"}}`) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type ErrorBody = { error?: { code?: unknown; message?: unknown; details?: unknown } };

async function toApiError(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.clone().json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy's error page, say): the status alone must do.
  }
  const e = body.error ?? {};
  return new ApiError(
    response.status,
    typeof e.code === 'string' ? e.code : `http_${response.status}`,
    typeof e.message === 'string' ? e.message : response.statusText,
    e.details,
  );
}

const throwOnError: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await toApiError(response);
    return undefined;
  },
  onError({ error }) {
    return error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
  },
};

/** The typed API client: paths, parameters and answers all come from the generated schema. */
export const api = createClient<paths>({ baseUrl: '' });
api.use(throwOnError);

/** The data of a successful call; errors were already thrown as ApiError by the middleware. */
export async function data<T>(request: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data: body, response } = await request;
  if (body === undefined) throw new ApiError(response.status, 'empty', 'The server sent an empty answer');
  return body;
}
