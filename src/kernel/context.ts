import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/pool.ts';
import type { JobDef, Queue } from './jobs/queue.ts';
import type { Logger } from './log.ts';

/** What every domain function may use: handed down explicitly, never imported as a global. */
export type Ctx = { db: Db; config: Config; log: Logger; clock: Clock; queue: Queue };

/** A job whose handler gets the full context. */
export type Job<T> = JobDef<T, Ctx>;
export const defineJob = <T>(def: Job<T>): Job<T> => def;
