import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { registerFormParsers, sendPage, setPublicErrorPage } from '../../kernel/http/public-page.ts';
import { text } from '../../kernel/validation.ts';
import { renderMessage } from './render-page.ts';
import { type AnswerInput, isScoreType, type Question } from './schemas.ts';

export { registerFormParsers, sendPage };

/** Per-IP limits of the public routes; the bench raises them to measure the server, not the limiter. */
export type PublicLimits = { pagesPerMinute: number; answersPerMinute: number };
export const defaultLimits: PublicLimits = { pagesPerMinute: 120, answersPerMinute: 30 };

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

/**
 * Errors on public routes: a person gets a readable page (never a trace), the widget its JSON.
 * Rate limiting lands here too.
 */
export function registerPublicErrorPages(app: FastifyInstance) {
  setPublicErrorPage(app, {
    name: 'public page',
    // Only the pages people open (/s, /f) answer errors with a page; the widget's API never does.
    json: (req, reply) => (wantsJson(req) || !/^\/[sf]\//.test(req.url) ? allowCors(reply) : undefined),
    words: () => ({
      heading: 'Page not available',
      paragraph: 'This address does not lead to a survey. Please check the link and try again.',
    }),
    render: ({ heading, paragraph }) => renderMessage({ heading, paragraphs: [paragraph] }),
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
