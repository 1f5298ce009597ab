import { Command } from 'commander';
import { scopes } from '../../kernel/http/access.ts';
import { withRuntime } from '../with-runtime.ts';

export const apikeyCommand = () => {
  const cmd = new Command('apikey').description('Manage API keys');
  cmd
    .command('create')
    .description('Create an API key; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'what the key is for, e.g. "Segment source"')
    .requiredOption('--scopes <list>', `comma-separated: ${scopes.join(', ')}`)
    .action(async (o: { name: string; scopes: string }) => {
      const list = o.scopes.split(',').map((s) => s.trim());
      const bad = list.filter((s) => !(scopes as readonly string[]).includes(s));
      if (bad.length || !list.length)
        throw new Error(`Unknown scope(s): ${bad.join(', ')}. Use ${scopes.join(', ')}`);
      const { createApiKey, recordAuditBy, systemAudit } = await import('../../modules/staff/index.ts');
      const { key, apiKey } = await withRuntime(async (ctx) => {
        const created = await createApiKey(ctx, { name: o.name, scopes: list as (typeof scopes)[number][] });
        await recordAuditBy(ctx.db, systemAudit, {
          action: 'api-key.create',
          target: created.apiKey.id,
          details: { name: created.apiKey.name, scopes: created.apiKey.scopes, via: 'cli' },
        });
        return created;
      });
      process.stdout.write(
        `API key "${apiKey.name}" [${apiKey.scopes.join(', ')}]:\n\n  ${key}\n\nStore it now: it cannot be shown again.\n`,
      );
    });
  return cmd;
};
