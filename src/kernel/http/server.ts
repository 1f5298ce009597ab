import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import scalar from '@scalar/fastify-api-reference';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { TrustProxy } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { capText } from '../validation.ts';
import { type Access, type Authenticator, checkAccess, describeAccess } from './access.ts';
import { errorHandler } from './error-handler.ts';
import { jsonShapeProblem } from './json-guard.ts';
import { checkOrigin } from './origin-check.ts';
import { postgresRateLimitStore } from './rate-limit-store.ts';

export type App = FastifyInstance;
export type RoutesPlugin = FastifyPluginAsync;

const DOCS_PREFIX = '/api/docs';
/** The body limit of routes that do not set their own. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

export type RouteEntry = { method: string | string[]; url: string; access: Access };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared access: what the access test walks. */
    routeTable: RouteEntry[];
  }
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers or URL over 16 KB, broken
 * framing, timeouts) get the one error shape too.
 */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request headers (the URL included) are larger than 16 KB']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive']
        : [400, 'Malformed HTTP request'];
  const body = JSON.stringify({ error: { code: 'bad_request', message } });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}

/**
 * Builds the HTTP edge: zod validation, one error shape, OpenAPI, rate limits, and the access
 * guard. A route registered without `config.access` makes startup fail, so none can slip out
 * unguarded. Domain routes come from the modules.
 */
export async function createHttpServer(opts: {
  logger: Logger | false;
  authenticate: Authenticator;
  modules: RoutesPlugin[];
  version: string;
  /** Holds the rate-limit counters, shared by every process (without: each process counts alone). */
  db?: Db;
  trustProxy?: TrustProxy;
  /** TENURE_PUBLIC_URL: besides the server's own origin, the one origin browsers may call from. */
  publicUrl?: string;
}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger || undefined,
    // Routes that take more (ingest batches) say so with their own `bodyLimit`.
    bodyLimit: DEFAULT_BODY_LIMIT,
    // Fastify takes a hop count too, though its types leave numbers out.
    trustProxy: (opts.trustProxy ?? false) as boolean,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Malformed URLs and over-long path parameters fail before routing: the same error shape.
    frameworkErrors: (err, req, reply) => errorHandler(err, req, reply),
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  // Fastify's own JSON parser (prototype-poisoning checks included), then a walk that refuses
  // absurd shapes before any schema sees them, so no validator builds an error per array item.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
    parseJson(req, body as string, (err, value) => {
      if (err) return done(err);
      const problem = jsonShapeProblem(value);
      if (problem)
        return done(new AppError('validation_failed', capText(`Invalid request: body${problem}`, 300)));
      done(null, value);
    }),
  );
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req) => {
    throw new AppError('not_found', `No route ${req.method} ${req.url.split('?')[0]}`);
  });

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { access?: Access };
    // Routes added by the API-docs plugin serve public documentation only.
    if (!config.access && route.url.startsWith(DOCS_PREFIX)) {
      route.config = { ...config, access: { public: 'API documentation' } } as typeof route.config;
    }
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} declares no access; add config.access`);
    routeTable.push({ method: route.method, url: route.url, access });
    if (route.schema && !(route.schema as { hide?: boolean }).hide)
      route.schema = documentAccess(route.schema, access);
  });

  // Cookies must be parsed before the access guard runs.
  await app.register(cookie);
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access) return; // the not-found handler
    if ('public' in access) return;
    req.principal = await opts.authenticate(req);
    checkAccess(access, req.principal);
    // A browser sends the session cookie with any request to this site, whoever's page made it.
    if (req.principal?.kind === 'staff') checkOrigin(req, opts.publicUrl);
  });

  await app.register(rateLimit, {
    global: false,
    ...(opts.db ? { store: postgresRateLimitStore(opts.db) } : {}),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tenure API',
        version: opts.version,
        description:
          'Customer-retention platform. Authenticate with a session cookie (staff roles admin, manager, ' +
          'agent) or `Authorization: Bearer <API key>` (scopes ingest, read, write, admin; admin covers ' +
          'every scope). Each operation lists who may call it in `security` (role names for the ' +
          'session, scopes for the key), in `x-tenure-access`, and in its description.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'tenure_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.get(
    '/api/openapi.json',
    { config: { access: { public: 'API description' } }, schema: { hide: true } },
    () => app.swagger(),
  );
  await app.register(scalar, { routePrefix: DOCS_PREFIX, configuration: { url: '/api/openapi.json' } });

  for (const mod of opts.modules) await app.register(mod);
  return app as unknown as FastifyInstance;
}

/**
 * Writes a route's access into its OpenAPI operation: `security` lists the schemes that may call
 * it (OpenAPI 3.1 lets a non-OAuth requirement carry role names: here the scopes for API keys and
 * the roles for sessions), `x-tenure-access` the same as data, and the description says it in words.
 */
function documentAccess<S extends object>(schema: S, access: Access): S {
  const description = (schema as { description?: string }).description;
  const words = describeAccess(access);
  if ('public' in access) {
    return {
      ...schema,
      security: [],
      'x-tenure-access': { public: access.public },
      description: description ? `${description}\n\n${words}` : words,
    };
  }
  const security: Record<string, string[]>[] = [];
  if (access.scopes.length)
    security.push({
      apiKey: access.scopes.includes('admin') ? [...access.scopes] : [...access.scopes, 'admin'],
    });
  if (access.roles.length) security.push({ session: [...access.roles] });
  return {
    ...schema,
    security,
    'x-tenure-access': { roles: access.roles, scopes: access.scopes },
    description: description ? `${description}\n\n${words}` : words,
  };
}
