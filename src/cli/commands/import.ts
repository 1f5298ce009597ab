import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { importFormats } from '../../modules/customers/import/formats.ts';
import type { ImportKind, ImportReport } from '../../modules/customers/import/import-file.ts';
import { openRejectsFile } from '../../modules/customers/import/open-rejects-file.ts';
import { slugOfFileName } from '../../modules/customers/import/parse-values.ts';
import { parseAssignments } from '../../modules/customers/import/plan-columns.ts';
import { createProgress } from '../progress.ts';
import { withRuntime } from '../with-runtime.ts';
import { importResponsesCommand } from './import-responses.ts';

type CommonOptions = {
  format: (typeof importFormats)[number];
  delimiter: string;
  header?: boolean;
  columns?: string;
  map: string[];
  set: string[];
  idSource: string;
  source?: string;
  dateFormat: string;
  timeZone: string;
  currency: string;
  dropExtra?: boolean;
  rejects?: string;
  batchSize: string;
  dryRun?: boolean;
  lineItems?: boolean;
  cancelPrefix?: string;
  mergeSameDay?: boolean;
};

const PRINTED_REJECTS = 20;
const collect = (value: string, previous: string[]) => [...previous, value];
const num = (n: number) => n.toLocaleString('en-US');

/** `data/orders.csv` → `data/orders.rejects.csv`. */
export const defaultRejectsPath = (file: string) =>
  path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.rejects.csv`);

function withCommonOptions(cmd: Command, kind: ImportKind): Command {
  cmd
    .addOption(
      new Option('--format <format>', 'csv, or whitespace (fields separated by runs of spaces or tabs)')
        .choices(importFormats)
        .default('csv'),
    )
    .option('--delimiter <char>', 'CSV field delimiter', ',')
    .option('--header', 'the first line names the columns (default: detected from its content)')
    .option('--no-header', 'the first line is data; name the columns with --columns')
    .option('--columns <names>', 'comma-separated column names, for files without a header line')
    .option('--map <field=column>', 'read a field from a differently named column (repeatable)', collect, [])
    .option('--set <field=value>', 'give a field the same value on every row (repeatable)', collect, [])
    .option('--id-source <name>', 'the system the external ids belong to', 'default')
    .option(
      '--date-format <format>',
      'iso, unix, unix-ms, or a pattern such as YYYYMMDD or DD/MM/YYYY HH:mm',
      'iso',
    )
    .option('--time-zone <tz>', 'IANA time zone of dates written without an offset', 'UTC')
    .option(
      '--drop-extra',
      kind === 'customers'
        ? 'ignore unmapped columns instead of keeping them as custom fields'
        : 'ignore unmapped columns instead of keeping them as properties',
    )
    .option(
      '--rejects <path>',
      'CSV listing every rejected line (default: FILE.rejects.csv next to the input)',
    )
    .option('--batch-size <n>', 'rows per transaction', '1000')
    .option('--dry-run', 'read and validate everything, write nothing');
  return cmd;
}

export const importCommand = () => {
  const cmd = new Command('import').description(
    'Import customers or touchpoints from CSV or whitespace-separated files',
  );
  withCommonOptions(
    cmd
      .command('customers <file>')
      .description(
        'Create or update customers by external id. Fields: externalId, name, email, phone, timeZone, locale, ' +
          'lifecycleStage, firstSeenAt, addressLine1, addressLine2, city, region, postalCode, country',
      ),
    'customers',
  )
    .option('--source <name>', 'name recorded on profile changes (default: the file name)')
    .action((file: string, o: CommonOptions) => runImport('customers', file, o));
  withCommonOptions(
    cmd
      .command('interactions <file>')
      .description(
        'Append touchpoints to customer timelines (idempotent). Fields: externalId or customerId, sourceId, ' +
          'occurredAt, channel, kind, direction, amount, currency, staffId, subject, body',
      ),
    'interactions',
  )
    .option(
      '--source <name>',
      'where the touchpoints come from (default: the file name, e.g. "orders" for orders.csv)',
    )
    .option(
      '--currency <code>',
      'currency of the amount column, unless a currency column says otherwise',
      'USD',
    )
    .option(
      '--line-items',
      'rows are order lines: amount = quantity × unitPrice, summed per orderId into one purchase ' +
        '(fields orderId, quantity, unitPrice, cancelled; kind, amount and sourceId are computed)',
    )
    .option(
      '--cancel-prefix <prefix>',
      'with --line-items: order ids starting with this are cancellations, recorded as refunds (e.g. C)',
    )
    .option(
      '--merge-same-day',
      "with --line-items: a customer's orders on one day (in --time-zone) become one purchase",
    )
    .action((file: string, o: CommonOptions) => runImport('interactions', file, o));
  cmd.addCommand(importResponsesCommand());
  return cmd;
};

async function runImport(kind: ImportKind, file: string, o: CommonOptions): Promise<void> {
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error(`${file} is not a file`);
    size = stat.size;
  } catch (err) {
    throw new Error(`Cannot read ${file}: ${(err as Error).message}`);
  }
  const batchSize = Number(o.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new Error('--batch-size must be a whole number from 1 to 10000');
  }
  const source = o.source ?? slugOfFileName(file);
  const rejectsPath = o.rejects ?? defaultRejectsPath(file);
  const rejects = openRejectsFile(rejectsPath);
  const input = fs.createReadStream(file);
  // A bar on a terminal, plain lines at every tenth elsewhere: a long import is never silent.
  const bar = createProgress<{ rows: number; speed: string }>({
    label: `Importing ${kind}`,
    unit: 'bytes',
    extra: (v) => `${num(v.rows)} rows, ${v.speed} rows/s`,
  });
  const started = performance.now();
  const speed = (rows: number) =>
    num(Math.round(rows / Math.max(0.001, (performance.now() - started) / 1000)));
  bar.start(size, { rows: 0, speed: '0' });

  let report: ImportReport;
  let rejectsResult: { written: number; error?: string };
  try {
    const { importFile } = await import('../../modules/customers/import/import-file.ts');
    report = await withRuntime(
      (ctx) =>
        importFile(ctx, input, {
          kind,
          format: o.format,
          delimiter: o.delimiter,
          header: o.header,
          columns: o.columns?.split(',').map((c) => c.trim()),
          map: parseAssignments(o.map, '--map'),
          set: parseAssignments(o.set, '--set'),
          source,
          idSource: o.idSource,
          dateFormat: o.dateFormat,
          timeZone: o.timeZone,
          currency: o.currency,
          dropExtra: o.dropExtra,
          lineItems:
            o.lineItems || o.cancelPrefix !== undefined || o.mergeSameDay
              ? { cancelPrefix: o.cancelPrefix, mergeSameDay: o.mergeSameDay }
              : undefined,
          batchSize,
          dryRun: o.dryRun,
          sampleSize: PRINTED_REJECTS,
          onProgress: (s) => bar.update(s.bytesRead, { rows: s.rowsRead, speed: speed(s.rowsRead) }),
          onReject: (r) => rejects.write(r),
        }),
      // Bookkeeping listeners (offer codes on purchases) see imported history; real-time ones do not.
      { wire: true },
    );
  } finally {
    bar.stop();
    input.destroy();
    rejectsResult = await rejects.close();
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(formatReport(kind, file, source, report, seconds));

  if (report.rejected === 0 && fs.existsSync(rejectsPath)) {
    // A rejects file from an earlier run would now describe rows that are fine.
    fs.rmSync(rejectsPath);
    process.stdout.write(`Removed ${rejectsPath}, left by an earlier run.\n`);
  }
  if (report.rejected > 0) {
    if (rejectsResult.error) {
      process.stdout.write(
        `Could not write the rejects file (${rejectsResult.error}); choose another with --rejects PATH.\n`,
      );
    } else {
      process.stdout.write(
        `All ${num(rejectsResult.written)} rejected lines, with reasons: ${rejectsPath}\n`,
      );
    }
    // Scripts can tell "imported with rejects" from success (0) and failure (1).
    process.exitCode = 2;
  }
}

function formatReport(
  kind: ImportKind,
  file: string,
  source: string,
  r: ImportReport,
  seconds: number,
): string {
  const rows: [string, number, string?][] =
    kind === 'interactions'
      ? [
          ['rows read', r.rowsRead],
          ['accepted', r.accepted, r.dryRun ? 'valid (dry run: nothing written)' : 'new touchpoints'],
          ['duplicates', r.duplicates, 'already imported, skipped'],
          ['rejected', r.rejected],
          ['customers created', r.customersCreated],
        ]
      : [
          ['rows read', r.rowsRead],
          [
            'accepted',
            r.accepted,
            r.dryRun ? 'valid (dry run: nothing written)' : 'customers created or updated',
          ],
          ['duplicates', r.duplicates, 'already up to date'],
          ['rejected', r.rejected],
          ['customers created', r.customersCreated],
        ];
  if (r.lineItems) {
    rows.splice(
      1,
      0,
      ['order lines', r.lineItems.lines, 'valid lines, summed into'],
      ['purchases', r.lineItems.purchases],
      ['refunds', r.lineItems.refunds, 'cancellations'],
    );
  }
  const lines = [
    '',
    `${r.dryRun ? 'Checked' : 'Imported'} ${kind} from ${file}${kind === 'interactions' ? ` (source "${source}")` : ''}`,
    ...rows.map(
      ([label, n, note]) => `  ${label.padEnd(18)}${num(n).padStart(12)}${note ? `  ${note}` : ''}`,
    ),
    `  took ${seconds.toFixed(1)} s, ${num(Math.round(r.rowsRead / Math.max(seconds, 0.001)))} rows/s`,
  ];
  if (r.rejectSamples.length) {
    const more =
      r.rejected > r.rejectSamples.length ? ` (first ${r.rejectSamples.length} of ${num(r.rejected)})` : '';
    lines.push('', `Rejected lines${more}:`);
    for (const x of r.rejectSamples) {
      const text = x.text.length > 100 ? `${x.text.slice(0, 100)}…` : x.text;
      lines.push(`  line ${x.line}: ${x.reason}`, `      ${text}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
