/**
 * The loop's evaluation worker under test, as its own process so its CPU can be measured on its
 * own: the same jobs as `tenure serve --role worker` (only `loop.evaluate-events`), against the
 * database in DATABASE_URL. Prints "ready" once it works the queue; stops on SIGTERM or when the
 * benchmark goes away.
 */
import { jobs } from '../src/app.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { wireModules } from '../src/wiring.ts';

const config = loadConfig();
wireModules({ realTime: true });
const rt = await openRuntime(config, { migrate: false });
await rt.ctx.queue.work(
  rt.ctx,
  jobs.filter((j) => j.name === 'loop.evaluate-events'),
);
process.stdout.write('ready\n');
const stop = () => void rt.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('disconnect', stop);
