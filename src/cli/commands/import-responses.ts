import fs from 'node:fs';
import { Command } from 'commander';
import { type Channel, channels } from '../../modules/customers/tables.ts';
import { createProgress } from '../progress.ts';
import { withRuntime } from '../with-runtime.ts';

type Options = { survey?: string; channel: string; idSource: string; dryRun?: boolean };

/** `tenure import responses FILE.csv`: comment cards and answers from legacy survey tools. */
export const importResponsesCommand = () =>
  new Command('responses')
    .argument('<file>', 'CSV file with a header line')
    .description(
      'Import survey answers (comment cards, legacy tools). Columns: survey_id (or --survey), customer_id or ' +
        'external_id (+ id_source), score, comment, responded_at, channel, response_id, q:<questionId>, q:<questionId>:text. ' +
        'Idempotent: a re-imported row is a duplicate.',
    )
    .option('--survey <id>', 'survey the rows answer, unless a survey_id column says otherwise')
    .option(
      '--channel <channel>',
      `channel of rows without a channel column (${channels.join(', ')})`,
      'mail',
    )
    .option('--id-source <name>', 'the system the external ids belong to', 'default')
    .option('--dry-run', 'check every row, store nothing')
    .action(async (file: string, o: Options) => {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile())
        throw new Error(`Cannot read ${file}: not a file`);
      if (!(channels as readonly string[]).includes(o.channel))
        throw new Error(`--channel must be one of ${channels.join(', ')}`);
      const input = fs.createReadStream(file);
      const bar = createProgress({ label: 'Importing responses', unit: 'bytes' });
      bar.start(fs.statSync(file).size, {});
      const { importResponses } = await import('../../modules/feedback/index.ts');
      const r = await withRuntime((ctx) =>
        importResponses(ctx, input, {
          surveyId: o.survey,
          channel: o.channel as Channel,
          idSource: o.idSource,
          dryRun: o.dryRun,
          onProgress: () => bar.update(input.bytesRead, {}),
        }),
      ).finally(() => bar.stop());
      const lines = [
        `${r.dryRun ? 'Checked' : 'Imported'} responses from ${file}`,
        `  rows read     ${r.rows}`,
        `  ${r.dryRun ? 'valid   ' : 'imported'}      ${r.imported}`,
        `  duplicates    ${r.duplicates}  (already imported, skipped)`,
        `  rejected      ${r.rejected.length}`,
        ...r.rejected.slice(0, 50).map((x) => `    line ${x.line}: ${x.reason}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      if (r.rejected.length) {
        // 2 = "imported with rejects", so scripts can tell it from success and failure.
        process.exitCode = 2;
      }
    });
