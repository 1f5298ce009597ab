import { Command, Option } from 'commander';

type Role = 'all' | 'api' | 'worker';

export const serveCommand = () =>
  new Command('serve')
    .description('Run Tenure: API, web UI and worker (or one role, to scale them separately)')
    .addOption(
      new Option('--role <role>', 'which part to run').choices(['all', 'api', 'worker']).default('all'),
    )
    .action(async (o: { role: Role }) => {
      const [{ buildApp, jobs }, { wireModules }, { loadConfig }, { countStaff }, { openRuntime }] =
        await Promise.all([
          import('../../app.ts'),
          import('../../wiring.ts'),
          import('../../kernel/config.ts'),
          import('../../modules/staff/index.ts'),
          import('../../runtime.ts'),
        ]);
      // A server takes touchpoints as they happen: rules and survey triggers react to them.
      wireModules({ realTime: true });
      const config = loadConfig();
      const rt = await openRuntime(config, { queueMaintenance: o.role !== 'api' });
      const { ctx } = rt;
      const app = o.role === 'worker' ? undefined : await buildApp(ctx);
      let stopping = false;
      // In order: no new requests, then running jobs finish (the queue stops gracefully), then the
      // pool and, last, the embedded database (its own process group, so Ctrl-C did not reach it).
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        ctx.log.info({ signal }, 'shutting down');
        try {
          await app?.close();
          await rt.close();
          process.stdout.write('Tenure stopped.\n');
          process.exit(0);
        } catch (err) {
          ctx.log.error({ err }, 'unclean shutdown');
          process.exit(1);
        }
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
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
