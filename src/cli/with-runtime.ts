import type { Ctx } from '../kernel/context.ts';

/**
 * Runs a one-shot command against the configured database, then closes everything it opened.
 * The modules are wired read-side only (scores, health components, …): a command never queues
 * real-time rule evaluations or survey triggers for what it loads. Heavy modules are imported
 * here, when a command runs, so that `tenure --help` stays instant.
 */
export async function withRuntime<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { createLogger }, { openRuntime }, { wireModules }] = await Promise.all([
    import('../kernel/config.ts'),
    import('../kernel/log.ts'),
    import('../runtime.ts'),
    import('../wiring.ts'),
  ]);
  wireModules({ realTime: false });
  const config = loadConfig();
  const rt = await openRuntime(config, { log: createLogger(process.env.TENURE_LOG_LEVEL ?? 'warn') });
  try {
    return await fn(rt.ctx);
  } finally {
    await rt.close();
  }
}
