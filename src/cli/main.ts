import { Command } from 'commander';
import { version } from '../version.ts';
import { apikeyCommand } from './commands/apikey.ts';
import { customersCommand } from './commands/customers.ts';
import { demoCommand } from './commands/demo.ts';
import { importCommand } from './commands/import.ts';
import { migrateCommand } from './commands/migrate.ts';
import { scoreCommand } from './commands/score.ts';
import { serveCommand } from './commands/serve.ts';
import { userCommand } from './commands/user.ts';

const program = new Command('tenure').version(version).description('Tenure: keep your customers');
for (const cmd of [
  serveCommand,
  migrateCommand,
  userCommand,
  apikeyCommand,
  importCommand,
  demoCommand,
  customersCommand,
  scoreCommand,
]) {
  program.addCommand(cmd());
}
program.parseAsync().catch((err: unknown) => {
  // Some libraries reject with nothing at all; say so rather than crash while reporting it.
  const message = err instanceof Error ? err.message : `failed without a reason (${String(err)})`;
  process.stderr.write(`tenure: ${message}\n`);
  if (process.env.TENURE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
