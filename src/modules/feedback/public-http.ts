import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorHandler, toAppError } from '../../kernel/http/error-handler.ts';
import { text } from '../../kernel/validation.ts';
import { renderMessage } from './render-page.ts';
import { type AnswerInput, isScoreType, type Question } from './schemas.ts';

/** Per-IP limits of the public routes; the bench raises them to measure the server, not the limiter. */
export type PublicLimits = { pagesPerMinute: number; answersPerMinute: number };
export const defaultLimits: PublicLimits = { pagesPerMinute: 120, answersPerMinute: 30 };

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

/** The widget posts JSON from other sites: allow any origin, never with credentials. */
export const allowCors = (reply: FastifyReply) =>
  reply
    .header('access-control-allow-origin', '*')
    .header('access-control-allow-methods', 'GET, POST')
    .header('access-control-allow-headers', 'content-type')
    .header('access-control-max-age', '86400');

export const wantsJson = (req: FastifyRequest) =>
  (req.headers['content-type'] ?? '').includes('json') ||
  (!(req.headers.accept ?? '').includes('text/html') && (req.headers.accept ?? '').includes('json'));

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
 * Errors on public routes: a person gets a readable page (never a trace), the widget its JSON.
 * Rate limiting lands here too.
 */
export function registerPublicErrorPages(app: FastifyInstance) {
  app.setErrorHandler(async (err, req, reply) => {
    // Only the pages people open (/s, /u, /f) answer errors with a page; the widget's API never does.
    if (wantsJson(req) || !/^\/[suf]\//.test(req.url)) return errorHandler(err, req, allowCors(reply));
    const e = toAppError(err);
    if (e.code === 'internal') req.log.error({ err }, 'public page failed');
    const text =
      e.code === 'rate_limited'
        ? 'Too many requests came from your network in a short time. Please wait a minute and try again.'
        : e.code === 'internal'
          ? 'Something went wrong on our side. Please try again in a few minutes.'
          : 'This address does not lead to a survey. Please check the link and try again.';
    const heading =
      e.code === 'rate_limited' ? 'Please slow down' : e.code === 'internal' ? 'Sorry' : 'Page not available';
    return sendPage(reply, e.status, await renderMessage({ heading, paragraphs: [text] }));
  });
}

export const formBody = z.record(text(100), z.union([text(5000), z.array(text(5000)).max(50)]));
export type FormBody = z.infer<typeof formBody>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The answers of a form post: `<id>` carries a score or choices, `<id>.text` the text. */
export function readFormAnswers(questions: Question[], body: FormBody): AnswerInput[] {
  return questions.flatMap((q): AnswerInput[] => {
    const raw = body[q.id];
    const text = first(body[`${q.id}.text`]);
    if (isScoreType(q.type)) {
      const s = first(raw);
      const score = s !== undefined && /^\d{1,2}$/.test(s) ? Number(s) : undefined;
      return score === undefined && !text ? [] : [{ questionId: q.id, score, text }];
    }
    if (q.type === 'single' || q.type === 'multiple') {
      const choices = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      return choices.length ? [{ questionId: q.id, choices }] : [];
    }
    return text ? [{ questionId: q.id, text }] : [];
  });
}

/** Survey content as the widget needs it to draw the questions. */
export const publicContent = (c: {
  title: string;
  intro?: string;
  thanks?: string;
  questions: Question[];
}) => ({ title: c.title, intro: c.intro, thanks: c.thanks, questions: c.questions });
