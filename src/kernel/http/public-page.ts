import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorHandler, toAppError } from './error-handler.ts';

// Public pages load nothing from elsewhere and run no script; a token in the URL never leaks
// through a Referer header.
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply
    .status(status)
    .header('content-security-policy', PAGE_CSP)
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** Form posts, with repeated fields (checkboxes) as arrays; a body of a one-click unsubscribe is ignored. */
export function registerFormParsers(app: FastifyInstance) {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(String(body))) {
        const prev = out[k];
        out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      done(null, out);
    },
  );
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (_req, _body, done) => done(null, {}),
  );
}

/**
 * What an error page tells a person: slow down (rate limit), sorry (our fault), or the page's
 * own words for everything else (a bad link, a form it cannot use).
 */
export function errorPageWords(
  code: string,
  otherwise: { heading: string; paragraph: string },
): { heading: string; paragraph: string } {
  if (code === 'rate_limited')
    return {
      heading: 'Please slow down',
      paragraph:
        'Too many requests came from your network in a short time. Please wait a minute and try again.',
    };
  if (code === 'internal')
    return {
      heading: 'Sorry',
      paragraph: 'Something went wrong on our side. Please try again in a few minutes.',
    };
  return otherwise;
}

export type PageWords = { heading: string; paragraph: string };

/** An API caller (asks for JSON, not HTML) gets the JSON error every other route gives. */
const asksForJsonOnly = (req: FastifyRequest) => {
  const accept = req.headers.accept ?? '';
  return accept.includes('json') && !accept.includes('text/html');
};

export interface PublicErrorPage {
  /** Names the page in the log of an internal error. */
  name: string;
  /** The page's own words for a request it cannot use (a bad or used link, a bad form). */
  words: (code: string, message: string) => PageWords;
  render: (words: PageWords, req: FastifyRequest) => string | Promise<string>;
  /** Requests that get the JSON error instead, with the reply prepared (e.g. CORS headers). */
  json?: (req: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;
}

/**
 * Errors on a public page: a person gets a readable page (never a trace) with the page's own
 * words, an API caller its JSON; rate limiting lands here too.
 */
export function setPublicErrorPage(app: FastifyInstance, page: PublicErrorPage) {
  const json = page.json ?? ((req, reply) => (asksForJsonOnly(req) ? reply : undefined));
  app.setErrorHandler(async (err, req, reply) => {
    const jsonReply = json(req, reply);
    if (jsonReply) return errorHandler(err, req, jsonReply);
    const e = toAppError(err);
    if (e.code === 'internal') req.log.error({ err }, `${page.name} failed`);
    const words = errorPageWords(e.code, page.words(e.code, e.message));
    return sendPage(reply, e.status, await page.render(words, req));
  });
}
