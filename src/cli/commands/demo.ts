import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { dataSetPath } from '../../data-sets.ts';
import type { DemoStaffMember } from '../../modules/customers/demo/ensure-demo-staff.ts';
import type { DemoReport } from '../../modules/customers/demo/load-demo.ts';
import type { ScoringResult } from '../../modules/insight/run-scoring.ts';
import { createProgress } from '../progress.ts';
import { withRuntime } from '../with-runtime.ts';

const CDNOW_FILE = 'CDNOW_master.txt';
const num = (n: number) => n.toLocaleString('en-US');

/**
 * The demo replays the CDNOW data set that ships in `data/cdnow/`, or a copy given by path: the
 * file itself or a folder holding CDNOW_master.txt.
 */
export function findCdnow(given: string | undefined): string {
  let file = given ?? dataSetPath(`cdnow/${CDNOW_FILE}`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, CDNOW_FILE);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new Error(`${file}: no such file (the demo needs ${CDNOW_FILE}; see data/cdnow/SOURCE.md)`);
  return file;
}

type DemoResult = { staff: DemoStaffMember[]; report?: DemoReport; scored?: ScoringResult };

type DemoOptions = {
  cdnow?: string;
  customers?: string;
  seed: string;
  resetPasswords?: boolean;
  staffOnly?: boolean;
  score: boolean;
};

export const demoCommand = () =>
  new Command('demo')
    .description(
      'Load a realistic demo shop: the CDNOW customers and purchases, plus emails, visits, tickets and calls; then score it',
    )
    .option(
      '--cdnow <path>',
      `${CDNOW_FILE} or a folder holding it (default: data/cdnow/ in this repository)`,
    )
    .option('--customers <n>', 'load only the first n customers')
    .option('--seed <n>', 'seed for the made-up names and touchpoints', '1997')
    .option('--reset-passwords', 'give demo staff who already exist new passwords, and print them')
    .option('--staff-only', 'only create the demo staff (or reset their passwords); load no data')
    .option(
      '--no-score',
      'skip the scoring run at the end (health, P(alive), CLV stay empty until the nightly run)',
    )
    .action(async (o: DemoOptions) => {
      const maxCustomers = o.customers === undefined ? undefined : Number(o.customers);
      if (maxCustomers !== undefined && !(Number.isInteger(maxCustomers) && maxCustomers > 0)) {
        throw new Error('--customers must be a positive whole number');
      }
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
      const [{ ensureDemoStaff }, { loadDemo, scanCdnow }, { runScoring }] = await Promise.all([
        import('../../modules/customers/demo/ensure-demo-staff.ts'),
        import('../../modules/customers/demo/load-demo.ts'),
        import('../../modules/insight/index.ts'),
      ]);

      const started = performance.now();
      // Every line of the file is checked before anything is written, so a wrong file leaves no
      // half-made demo (and no staff with passwords nobody saw) behind.
      const file = o.staffOnly ? undefined : findCdnow(o.cdnow);
      const scan = file ? await scanCdnow(file, maxCustomers) : undefined;

      const { staff, report, scored } = await withRuntime(
        async (ctx): Promise<DemoResult> => {
          const staff = await ensureDemoStaff(ctx, { resetPasswords: o.resetPasswords });
          if (!file || !scan) return { staff };
          const loading = createProgress({
            label: 'Loading demo',
            unit: 'customers',
            extra: (v: { touchpoints: number }) => `${num(v.touchpoints)} touchpoints`,
          });
          const report = await loadDemo(ctx, {
            cdnowPath: file,
            scan,
            agentIds: staff.filter((s) => s.role === 'agent').map((s) => s.id),
            seed,
            maxCustomers,
            onStart: (total) => loading.start(total, { touchpoints: 0 }),
            onProgress: (p) => loading.update(p.customers, { touchpoints: p.touchpoints }),
          }).finally(() => loading.stop());
          if (!o.score) return { staff, report };
          const scoring = createProgress({ label: 'Scoring', unit: 'customers' });
          let phase = '';
          const scored = await runScoring(ctx, {
            trigger: 'cli',
            onProgress: (p) => {
              if (p.phase !== 'score') return;
              if (phase !== p.phase) scoring.start(Math.max(p.total, 1), {});
              phase = p.phase;
              scoring.update(p.done, {});
            },
          }).finally(() => scoring.stop());
          return { staff, report, scored };
        },
        { wire: true },
      );

      const seconds = (performance.now() - started) / 1000;
      const out = [''];
      if (report) {
        out.push(
          `Demo loaded from ${file} in ${seconds.toFixed(1)} s`,
          `  customers          ${num(report.customers).padStart(9)}  (${num(report.customersCreated)} new)`,
          `  purchases          ${num(report.purchases).padStart(9)}  (latest ${report.latestPurchaseAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; dates moved ${num(report.shiftDays)} days forward)`,
          `  other touchpoints  ${num(report.generated).padStart(9)}  (emails, visits, tickets, calls)`,
          `  stored             ${num(report.accepted).padStart(9)}  (${num(report.duplicates)} were already there)`,
          `  marked lapsed      ${num(report.statuses.toLapsed).padStart(9)}  (no touchpoint for 180 days)`,
        );
        out.push(
          scored
            ? `  scored             ${num(scored.customers).padStart(9)}  (health, P(alive), CLV and churn risk as of ${scored.through})`
            : '  scored                     0  (--no-score: run `npm run tenure -- score` for health and CLV)',
        );
        out.push('');
      }
      out.push(
        'Demo staff (sign in with these):',
        ...staff.map(
          (s) =>
            `  ${s.role.padEnd(8)} ${s.email.padEnd(22)} ${s.password ? `password: ${s.password}` : '(already existed; password unchanged)'}`,
        ),
      );
      if (staff.some((s) => !s.password))
        out.push(
          'Lost a password? New ones for all demo staff: npm run tenure -- demo --staff-only --reset-passwords',
        );
      if (report) {
        out.push(
          '',
          'Purchase data: CDNOW, from Fader, P. S. and Hardie, B. G. S. (2001), "Forecasting Repeat Sales at CDNOW:',
          'A Case Study", Interfaces 31(3), S94-S107. Names, emails, visits, tickets and calls are made up.',
        );
      }
      out.push('Start Tenure with: npm start', '');
      if (report && report.rejected > 0)
        out.push(`Warning: ${num(report.rejected)} touchpoints were rejected.`, '');
      process.stdout.write(out.join('\n'));
    });
