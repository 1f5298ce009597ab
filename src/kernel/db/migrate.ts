import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import type { Db } from './pool.ts';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Migrations are reviewed SQL files owned by each module (`src/modules/<m>/migrations/*.sql`)
 * and the kernel (`src/kernel/db/migrations`). Their names start with a sortable timestamp,
 * which orders them across modules. Each runs in its own transaction.
 */
export async function sqlMigrations(): Promise<Record<string, Migration>> {
  const dirs = [path.join(srcDir, 'kernel/db/migrations')];
  for (const m of await fs.readdir(path.join(srcDir, 'modules'))) {
    dirs.push(path.join(srcDir, 'modules', m, 'migrations'));
  }
  const migrations: Record<string, Migration> = {};
  for (const dir of dirs) {
    const files = await fs.readdir(dir).catch(() => [] as string[]);
    for (const file of files.filter((f) => f.endsWith('.sql'))) {
      const text = await fs.readFile(path.join(dir, file), 'utf8');
      migrations[file.replace(/\.sql$/, '')] = {
        up: (db) =>
          sql
            .raw(text)
            .execute(db)
            .then(() => {}),
      };
    }
  }
  return migrations;
}

export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: sqlMigrations },
    migrationTableName: 'tenure_migration',
    migrationLockTableName: 'tenure_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
