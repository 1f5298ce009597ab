import { loadConfig } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { createLogger } from '../kernel/log.ts';
import { openRuntime } from '../runtime.ts';

/** Runs a one-shot command against the configured database, then closes everything it opened. */
export async function withRuntime<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const rt = await openRuntime(config, { log: createLogger(process.env.TENURE_LOG_LEVEL ?? 'warn') });
  try {
    return await fn(rt.ctx);
  } finally {
    await rt.close();
  }
}
