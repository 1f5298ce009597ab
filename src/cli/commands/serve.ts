import { Command, Option } from 'commander';
import { buildApp, jobs } from '../../app.ts';
import { loadConfig } from '../../kernel/config.ts';
import { countStaff } from '../../modules/staff/index.ts';
import { openRuntime } from '../../runtime.ts';

type Role = 'all' | 'api' | 'worker';

export const serveCommand = () =>
  new Command('serve')
    .description('Run Tenure: API, web UI and worker (or one role, to scale them separately)')
    .addOption(
      new Option('--role <role>', 'which part to run').choices(['all', 'api', 'worker']).default('all'),
    )
    .action(async (o: { role: Role }) => {
      const config = loadConfig();
      const rt = await openRuntime(config, { queueMaintenance: o.role !== 'api' });
      const { ctx } = rt;
      const app = o.role === 'worker' ? undefined : await buildApp(ctx);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        ctx.log.info({ signal }, 'shutting down');
        try {
          await app?.close();
          await rt.close();
          process.exit(0);
        } catch (err) {
          ctx.log.error({ err }, 'unclean shutdown');
          process.exit(1);
        }
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      try {
        if (o.role !== 'api') await ctx.queue.work(ctx, jobs);
        if (app) {
          await app.listen({ port: config.port, host: config.host });
          const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
          process.stdout.write(`\nTenure is running at ${base}  (API docs: ${base}/api/docs)\n`);
        }
        if ((await countStaff(ctx)) === 0) {
          process.stdout.write(
            '\nNo staff users yet. Create the first admin in another terminal:\n' +
              '  npm run tenure -- user create --email you@example.com --password "a-long-password" --role admin\n' +
              'Load demo data with: npm run tenure -- demo\n\n',
          );
        }
      } catch (err) {
        await app?.close();
        await rt.close();
        throw err;
      }
    });
