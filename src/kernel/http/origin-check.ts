import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(value: string | undefined): string | undefined {
  if (!value || value === 'null') return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/**
 * Cross-site request forgery guard for cookie-authenticated changes: the request's Origin (or,
 * when a browser leaves it out, its Referer) must be this server's own origin, as the request
 * reached it (X-Forwarded-* count only with TENURE_TRUST_PROXY), or TENURE_PUBLIC_URL's. A
 * request with neither header is refused too: every browser that sends cookies sends one of them
 * on a POST, PUT, PATCH or DELETE. API keys are exempt, as no browser attaches them on its own.
 */
export function checkOrigin(req: FastifyRequest, publicUrl: string | undefined): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = originOf(req.headers.origin) ?? originOf(req.headers.referer);
  if (!origin) {
    throw new AppError('forbidden', 'A signed-in change needs an Origin or Referer header from this site');
  }
  const own = `${req.protocol}://${req.host}`;
  if (origin === own || (publicUrl && origin === originOf(publicUrl))) return;
  throw new AppError('forbidden', `Requests from ${origin} may not act with a Tenure session`);
}
