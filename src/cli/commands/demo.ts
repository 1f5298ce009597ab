import fs from 'node:fs';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { dataSetPath } from '../../data-sets.ts';
import { ensureDemoStaff } from '../../modules/customers/demo/ensure-demo-staff.ts';
import { loadDemo } from '../../modules/customers/demo/load-demo.ts';
import { withRuntime } from '../with-runtime.ts';

const CDNOW_FILE = 'CDNOW_master.txt';
const num = (n: number) => n.toLocaleString('en-US');

/** The demo replays the CDNOW data set that ships in `data/cdnow/`, or a copy given by path. */
function findCdnow(given: string | undefined): string {
  const file = given ?? dataSetPath(`cdnow/${CDNOW_FILE}`);
  if (!fs.existsSync(file))
    throw new Error(`${file}: no such file (the demo needs ${CDNOW_FILE}; see data/cdnow/SOURCE.md)`);
  return file;
}

export const demoCommand = () =>
  new Command('demo')
    .description(
      'Load a realistic demo shop: the CDNOW customers and purchases, plus emails, visits, tickets and calls',
    )
    .option('--cdnow <path>', `where ${CDNOW_FILE} is (default: data/cdnow/ in this repository)`)
    .option('--customers <n>', 'load only the first n customers')
    .option('--seed <n>', 'seed for the made-up names and touchpoints', '1997')
    .action(async (o: { cdnow?: string; customers?: string; seed: string }) => {
      const file = findCdnow(o.cdnow);
      const maxCustomers = o.customers === undefined ? undefined : Number(o.customers);
      if (maxCustomers !== undefined && !(Number.isInteger(maxCustomers) && maxCustomers > 0)) {
        throw new Error('--customers must be a positive whole number');
      }
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');

      const started = performance.now();
      const { staff, report } = await withRuntime(async (ctx) => {
        const staff = await ensureDemoStaff(ctx);
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar(
              {
                stream: process.stderr,
                format:
                  'Loading demo [{bar}] {percentage}% | {value}/{total} customers | {touchpoints} touchpoints',
                hideCursor: true,
              },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
        try {
          const report = await loadDemo(ctx, {
            cdnowPath: file,
            agentIds: staff.filter((s) => s.role === 'agent').map((s) => s.id),
            seed,
            maxCustomers,
            onStart: (total) => bar?.start(total, 0, { touchpoints: 0 }),
            onProgress: (p) => bar?.update(p.customers, { touchpoints: num(p.touchpoints) }),
          });
          return { staff, report };
        } finally {
          bar?.stop();
        }
      });

      const seconds = (performance.now() - started) / 1000;
      const out = [
        '',
        `Demo loaded from ${file} in ${seconds.toFixed(1)} s`,
        `  customers          ${num(report.customers).padStart(9)}  (${num(report.customersCreated)} new)`,
        `  purchases          ${num(report.purchases).padStart(9)}  (latest ${report.latestPurchaseAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; dates moved ${num(report.shiftDays)} days forward)`,
        `  other touchpoints  ${num(report.generated).padStart(9)}  (emails, visits, tickets, calls)`,
        `  stored             ${num(report.accepted).padStart(9)}  (${num(report.duplicates)} were already there)`,
        `  marked lapsed      ${num(report.statuses.toLapsed).padStart(9)}  (no touchpoint for 180 days)`,
        '',
        'Demo staff (sign in with these):',
        ...staff.map(
          (s) =>
            `  ${s.role.padEnd(8)} ${s.email.padEnd(22)} ${s.password ? `password: ${s.password}` : '(already existed; password unchanged)'}`,
        ),
        '',
        'Purchase data: CDNOW, from Fader, P. S. and Hardie, B. G. S. (2001), "Forecasting Repeat Sales at CDNOW:',
        'A Case Study", Interfaces 31(3), S94-S107. Names, emails, visits, tickets and calls are made up.',
        'Start Tenure with: npm start',
        '',
      ];
      if (report.rejected > 0) out.push(`Warning: ${num(report.rejected)} touchpoints were rejected.`, '');
      process.stdout.write(out.join('\n'));
    });
