import type { Ctx } from '../kernel/context.ts';

/**
 * Runs a one-shot command against the configured database, then closes everything it opened.
 * Commands never wire real-time listeners: what they load queues no rule evaluations or survey
 * triggers. `wire` plugs in the read side (health components, churn-reason sources, …) for
 * commands that score; the rest skip loading every module. Heavy modules are imported here,
 * when a command runs, so that `tenure --help` stays instant.
 */
export async function withRuntime<T>(
  fn: (ctx: Ctx) => Promise<T>,
  opts: { wire?: boolean } = {},
): Promise<T> {
  const [{ loadConfig }, { createLogger }, { openRuntime }] = await Promise.all([
    import('../kernel/config.ts'),
    import('../kernel/log.ts'),
    import('../runtime.ts'),
  ]);
  if (opts.wire) (await import('../wiring.ts')).wireModules({ realTime: false });
  const config = loadConfig();
  const rt = await openRuntime(config, { log: createLogger(process.env.TENURE_LOG_LEVEL ?? 'warn') });
  try {
    return await fn(rt.ctx);
  } finally {
    await rt.close();
  }
}
