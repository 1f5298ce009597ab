import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers.ts';
import { systemClock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { createDb } from '../../../kernel/db/pool.ts';
import { startQueue } from '../../../kernel/jobs/queue.ts';
import { createLogger } from '../../../kernel/log.ts';
import { importFile } from './import-file.ts';

const ROWS = 200_000;

// Without a forced collection, heapUsed counts garbage not yet collected, not what the import keeps.
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>;
let cleanup: () => Promise<void>;
let file: string;
beforeAll(async () => {
  const database = await createTestDatabase();
  const { db } = createDb(database.url, 4);
  // Other modules listen to new touchpoints and enqueue work, as in production.
  const queue = await startQueue(createLogger('silent'), database.url, { maintenance: false });
  ctx = { db, clock: systemClock, queue };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-import-mem-'));
  file = path.join(dir, 'big.csv');
  const out = fs.createWriteStream(file);
  out.write('customer,at,amount,channel,kind,note\n');
  for (let i = 0; i < ROWS; i++) {
    const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    const line = `cust-${i % 5000},${at},${(i % 500) + 0.25},web,purchase,row ${i} of a generated file for the memory test\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  cleanup = async () => {
    await queue.stop();
    await db.destroy();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
});
afterAll(() => cleanup?.());

it('streams a large file in flat memory', { timeout: 240_000 }, async () => {
  const size = fs.statSync(file).size;
  expect(size).toBeGreaterThan(20_000_000);
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let batches = 0;
  const samples: number[] = [];
  const report = await importFile(ctx, fs.createReadStream(file), {
    kind: 'interactions',
    source: 'big',
    map: { externalId: 'customer', occurredAt: 'at' },
    onProgress: () => {
      batches += 1;
      if (batches % 10 !== 0) return;
      gc();
      samples.push(process.memoryUsage().heapUsed - baseline);
    },
  });
  expect(report).toMatchObject({ rowsRead: ROWS, accepted: ROWS, rejected: 0, customersCreated: 5000 });
  expect(batches).toBe(ROWS / 1000);
  // What the import holds is one batch plus fixed overhead (3-5 MB measured), whatever the
  // file size: far below the file, and not growing from the first 10,000 rows to the last.
  // Compared as medians of the first and second half, so one noisy sample cannot decide.
  const peak = Math.max(...samples);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const half = Math.floor(samples.length / 2);
  expect(peak).toBeLessThan(size / 2);
  expect(median(samples.slice(half)) - median(samples.slice(0, half))).toBeLessThan(size / 20);
});
