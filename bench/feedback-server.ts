/**
 * The API under test for bench/feedback-bench.ts: the same HTTP edge and feedback routes as
 * `tenure serve`, with the public per-IP rate limits raised so that one load generator on one
 * address measures the server, not the limiter. Env: DATABASE_URL, PORT, SMTP_URL.
 */
import { loadConfig } from '../src/kernel/config.ts';
import { healthRoutes } from '../src/kernel/http/health.ts';
import { createHttpServer } from '../src/kernel/http/server.ts';
import { feedbackRoutes } from '../src/modules/feedback/index.ts';
import { createAuthenticator } from '../src/modules/staff/index.ts';
import { openRuntime } from '../src/runtime.ts';

const config = loadConfig();
const rt = await openRuntime(config, { migrate: false });
const limits = { pagesPerMinute: 10_000_000, answersPerMinute: 10_000_000 };
const app = await createHttpServer({
  logger: false,
  authenticate: createAuthenticator(rt.ctx),
  version: 'bench',
  modules: [healthRoutes(rt.ctx.db, 'bench'), feedbackRoutes(rt.ctx, { limits })],
});
await app.listen({ port: config.port, host: '127.0.0.1' });
process.stdout.write('ready\n');
const stop = async () => {
  await app.close();
  await rt.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
