import { Command, Option } from 'commander';
import { roles } from '../../kernel/http/access.ts';
import { withRuntime } from '../with-runtime.ts';

export const userCommand = () => {
  const cmd = new Command('user').description('Manage staff users');
  cmd
    .command('create')
    .description('Create a staff user')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--password <password>', 'at least 10 characters')
    .addOption(new Option('--role <role>', 'admin, manager or agent').choices(roles).makeOptionMandatory())
    .option('--name <name>', 'display name')
    .option('--time-zone <tz>', 'IANA time zone of their working hours', 'UTC')
    .action(
      async (o: {
        email: string;
        password: string;
        role: (typeof roles)[number];
        name?: string;
        timeZone: string;
      }) => {
        const { createStaff, recordAuditBy, systemAudit } = await import('../../modules/staff/index.ts');
        const s = await withRuntime(async (ctx) => {
          const created = await createStaff(ctx, o);
          // As from the admin screen, so the audit log shows every account, however it was made.
          await recordAuditBy(ctx.db, systemAudit, {
            action: 'staff.create',
            target: created.id,
            details: { email: created.email, role: created.role, via: 'cli' },
          });
          return created;
        });
        process.stdout.write(`Created ${s.role} ${s.email} (${s.id})\n`);
      },
    );
  cmd
    .command('reset-password')
    .description("Set a staff user's password and end all their sessions (e.g. a locked-out admin)")
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--password <password>', 'the new password, at least 10 characters')
    .action(async (o: { email: string; password: string }) => {
      const { findStaffByEmail, resetPassword, systemAudit } = await import('../../modules/staff/index.ts');
      const email = await withRuntime(async (ctx) => {
        const staff = await findStaffByEmail(ctx, o.email);
        if (!staff) throw new Error(`No staff user with email ${o.email.trim().toLowerCase()}`);
        await resetPassword(ctx, staff.id, o.password, systemAudit);
        return staff.email;
      });
      process.stdout.write(`Password reset for ${email}; their sessions have ended\n`);
    });
  return cmd;
};
