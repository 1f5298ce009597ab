import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/pool.ts';

export function healthRoutes(db: Db, version: string): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/health',
      {
        config: { access: { public: 'load balancers and uptime checks' } },
        schema: {
          tags: ['system'],
          summary: 'Liveness and database reachability',
          response: {
            200: z.object({ status: z.literal('ok'), version: z.string(), database: z.literal('ok') }),
            503: z.object({ status: z.literal('degraded'), version: z.string(), database: z.string() }),
          },
        },
      },
      async (_req, reply) => {
        try {
          await sql`select 1`.execute(db);
          return { status: 'ok' as const, version, database: 'ok' as const };
        } catch (err) {
          return reply
            .status(503)
            .send({ status: 'degraded' as const, version, database: (err as Error).message });
        }
      },
    );
  };
}
