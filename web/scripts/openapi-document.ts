import { buildApp } from '../../src/app.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import type { Ctx } from '../../src/kernel/context.ts';
import { createDb } from '../../src/kernel/db/pool.ts';
import type { Queue } from '../../src/kernel/jobs/queue.ts';
import { createLogger } from '../../src/kernel/log.ts';

/**
 * The OpenAPI document (JSON text) exactly as the server serves it at /api/openapi.json, built in-process.
 * Routes are only registered, never called, so no database is needed: the pool is created
 * lazily and never connects, and the queue is a stand-in that does nothing.
 */
export async function buildOpenApiDocument(): Promise<string> {
  const { db } = createDb('postgres://openapi@127.0.0.1:1/unused', 1);
  const queue: Queue = {
    send: async () => null,
    sendMany: async () => {},
    work: async () => {},
    stop: async () => {},
  };
  const ctx: Ctx = { db, config: loadConfig({}), log: createLogger('silent'), clock: systemClock, queue };
  const app = await buildApp(ctx, { logRequests: false });
  try {
    await app.ready();
    return JSON.stringify(app.swagger(), null, 2);
  } finally {
    await app.close();
    await db.destroy();
  }
}
