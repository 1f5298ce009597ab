import { Command } from 'commander';
import { withRuntime } from '../with-runtime.ts';

export const migrateCommand = () =>
  new Command('migrate').description('Apply database migrations, then exit').action(async () => {
    // openRuntime applies migrations; nothing else to do.
    await withRuntime(async () => {});
    process.stdout.write('Database is up to date.\n');
  });
