/**
 * The API under test, as its own process so its memory can be measured on its own: the same
 * `buildApp` as `tenure serve --role api`, against the database in DATABASE_URL, on a free port.
 * Talks to the benchmark over IPC: reports its port, answers memory queries, stops on request.
 */
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { wireModules } from '../src/wiring.ts';

export type ServerMessage =
  | { type: 'ready'; port: number }
  | { type: 'memory'; rss: number; heapUsed: number; external: number; arrayBuffers: number };
export type ParentMessage = { type: 'memory' } | { type: 'stop' };

const config = loadConfig();
wireModules({ realTime: true });
// Migrations already ran when the data was generated; the server only opens the pool.
const rt = await openRuntime(config, { migrate: false });
const app = await buildApp(rt.ctx, { logRequests: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const send = (m: ServerMessage) => process.send?.(m);
send({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });

process.on('message', (m: ParentMessage) => {
  if (m.type === 'memory') {
    const u = process.memoryUsage();
    send({
      type: 'memory',
      rss: u.rss,
      heapUsed: u.heapUsed,
      external: u.external,
      arrayBuffers: u.arrayBuffers,
    });
  } else if (m.type === 'stop') {
    void app
      .close()
      .then(() => rt.close())
      .finally(() => process.exit(0));
  }
});
// The benchmark going away (even by a crash) must not leave a server behind.
process.on('disconnect', () => process.exit(0));
