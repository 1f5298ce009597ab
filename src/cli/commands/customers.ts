import { Command } from 'commander';
import { withRuntime } from '../with-runtime.ts';

export const customersCommand = () => {
  const cmd = new Command('customers').description('Customer maintenance');
  cmd
    .command('refresh-statuses')
    .description(
      'Mark customers without touchpoints as lapsed and returning ones as active (also runs nightly)',
    )
    .option(
      '--lapse-days <n>',
      'days without a touchpoint before a customer counts as lapsed (default: as the nightly job)',
    )
    .option('--dry-run', 'only count what would change')
    .action(async (o: { lapseDays?: string; dryRun?: boolean }) => {
      const { DEFAULT_LAPSE_DAYS, refreshStatuses } = await import(
        '../../modules/customers/refresh-statuses.ts'
      );
      const r = await withRuntime((ctx) =>
        refreshStatuses(ctx, { lapseDays: Number(o.lapseDays ?? DEFAULT_LAPSE_DAYS), dryRun: o.dryRun }),
      );
      process.stdout.write(
        `${r.dryRun ? 'Would mark' : 'Marked'} ${r.toLapsed} lapsed and ${r.toActive} active again.\n`,
      );
    });
  return cmd;
};
