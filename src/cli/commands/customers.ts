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
  cmd
    .command('export')
    .description('Print everything held about a customer, from every module, as JSON')
    .argument('<id>', 'customer id')
    .action(async (id: string) => {
      const { exportCustomerData } = await import('../../modules/privacy/index.ts');
      const data = await withRuntime((ctx) => exportCustomerData(ctx, id));
      process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    });
  cmd
    .command('erase')
    .description(
      "Erase a customer's personal data in every module (irreversible); counts, amounts and dates stay",
    )
    .argument('<id>', 'customer id')
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .action(async (id: string, o: { reason: string }) => {
      const { eraseCustomer } = await import('../../modules/privacy/index.ts');
      const r = await withRuntime((ctx) =>
        eraseCustomer(ctx, id, { reason: o.reason, by: { kind: 'system', id: null } }),
      );
      const counts = Object.entries(r.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      process.stdout.write(`Erased customer ${r.customerId} (${counts}).\n`);
    });
  return cmd;
};
