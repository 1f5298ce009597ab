import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import type { Access } from '../../kernel/http/access.ts';

/** Where `vite build` puts the UI (see web/vite.config.ts). */
export const WEB_DIST = path.resolve(import.meta.dirname, '../../../web/dist');

const access: Access = { public: 'static web UI assets' };
/**
 * Paths that never belong to the UI: the API, the Segment endpoints, and every one-letter first
 * segment, kept for public pages of other modules (/s survey links, /f forms, /w widget,
 * /u unsubscribe, /p preference centre). An unknown path there is a 404, not the app.
 */
const NOT_UI = /^\/(api|v1|[a-z])(\/|$)/;

// The UI loads only its own scripts and talks only to its own origin. Mantine sets inline
// style attributes, hence 'unsafe-inline' for styles (not for scripts).
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tenure</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>The Tenure web UI is not built yet</h1>
<p><code>npm start</code> builds it automatically; after running <code>tenure serve</code> directly,
build it once with <code>npm run build:web</code> and reload this page.</p>
<p>The API is running: see <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/**
 * Serves the built single-page app: hashed files under /assets/ are cached forever, any other
 * GET that is not an API path gets index.html (never cached), so deep links like
 * /customers/:id work on reload. Precompressed .br/.gz siblings are used when the browser
 * accepts them. A missing build is reported in the page, never as a crash.
 */
export function webRoutes(opts: { dist?: string } = {}): FastifyPluginAsync {
  const dist = opts.dist ?? WEB_DIST;
  const indexFile = path.join(dist, 'index.html');
  return async (app) => {
    await app.register(fastifyStatic, {
      root: dist,
      serve: false,
      preCompressed: true,
      suppressWarning: true,
    });

    const sendIndex = (reply: FastifyReply) => {
      reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin');
      if (!fs.existsSync(indexFile))
        return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html', { cacheControl: false });
    };

    app.get('/assets/*', { config: { access }, schema: { hide: true } }, (req, reply) => {
      const file = (req.params as { '*': string })['*'];
      reply.header('x-content-type-options', 'nosniff');
      return reply.sendFile(`assets/${file}`, { immutable: true, maxAge: '365d' });
    });

    app.get('/*', { config: { access }, schema: { hide: true } }, (req, reply) => {
      const urlPath = req.url.split('?')[0] ?? '/';
      if (NOT_UI.test(urlPath)) throw new AppError('not_found', `No route ${req.method} ${urlPath}`);
      // Files at the top of dist (favicon.svg, robots.txt) are served as they are.
      const name = urlPath.slice(1);
      if (/^[\w.-]+\.\w+$/.test(name) && name !== 'index.html' && fs.existsSync(path.join(dist, name))) {
        return reply.sendFile(name, { maxAge: '1d' });
      }
      return sendIndex(reply);
    });
  };
}
