// A worker process for the crash test: runs the loop's jobs against the database in argv[2] until
// it is killed. Started with tsx as a child process, so the test can SIGKILL it mid-transaction.
import { jobs } from '../../../app.ts';
import { systemClock } from '../../../kernel/clock.ts';
import { loadConfig } from '../../../kernel/config.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { createDb } from '../../../kernel/db/pool.ts';
import { startQueue } from '../../../kernel/jobs/queue.ts';
import { createLogger } from '../../../kernel/log.ts';
import { wireModules } from '../../../wiring.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: worker-child.ts <database-url>');
const config = { ...loadConfig(process.env), databaseUrl: url };
wireModules({ realTime: true });
const log = createLogger('silent');
const { db } = createDb(url, 10);
// Supervising every second finds the jobs a killed worker left half-done within seconds.
const queue = await startQueue(log, url, { maintenance: true, superviseIntervalSeconds: 1 });
const ctx: Ctx = { db, config, log, clock: systemClock, queue };
await queue.work(
  ctx,
  jobs.filter((j) => j.name.startsWith('loop.')),
);
process.stdout.write('ready\n');
