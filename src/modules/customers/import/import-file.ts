import type { Readable } from 'node:stream';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { type NewInteraction, recordInteractions } from '../record-interactions.ts';
import { slug } from '../schemas.ts';
import { createRowIds } from './create-row-ids.ts';
import {
  createLineItemGrouper,
  type LineItemOptions,
  type LineItemSummary,
  lineItemFieldSet,
} from './group-line-items.ts';
import { type CustomerImportRow, importCustomers } from './import-customers.ts';
import { customerFieldSet, mapCustomer } from './map-customer.ts';
import { interactionFieldSet, mapInteraction } from './map-interaction.ts';
import { checkDateFormat, checkTimeZone, parseDecimal } from './parse-values.ts';
import { type ColumnPlan, planColumns } from './plan-columns.ts';
import { type ImportFormat, readRecords, type SourceRecord } from './read-records.ts';

/** The queue lets other modules' interaction listeners enqueue work inside each batch's transaction. */
type IngestCtx = Pick<Ctx, 'db' | 'clock'> & Partial<Pick<Ctx, 'queue'>>;

export type ImportKind = 'customers' | 'interactions';

export type ImportFileOptions = {
  kind: ImportKind;
  format?: ImportFormat;
  /** CSV only; whitespace format splits on runs of spaces and tabs. */
  delimiter?: string;
  /** true: the first line names the columns; false: it is data; undefined: guess from its content. */
  header?: boolean;
  /** Column names, for files without a header line (or to rename the header's columns). */
  columns?: string[];
  map?: Record<string, string>;
  set?: Record<string, string>;
  /** Where the touchpoints come from; with the row ids it makes re-imports idempotent. */
  source: string;
  idSource?: string;
  dateFormat?: string;
  timeZone?: string;
  currency?: string;
  /** Leave columns no field uses out, instead of keeping them as properties / custom fields. */
  dropExtra?: boolean;
  /** Interactions only: rows are order lines (quantity × unit price) to sum into purchases and refunds. */
  lineItems?: LineItemOptions;
  batchSize?: number;
  /** Read and validate everything, write nothing. */
  dryRun?: boolean;
  /** How many rejected lines the report keeps; all of them go to `onReject`. */
  sampleSize?: number;
  onProgress?: (stats: ImportStats) => void;
  onReject?: (reject: ImportReject) => void | Promise<void>;
};

export type ImportReject = { line: number; reason: string; text: string };

export type ImportStats = {
  rowsRead: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  customersCreated: number;
  lastLine: number;
  /** About how far into the input the import has got, in bytes. */
  bytesRead: number;
};

export type ImportReport = ImportStats & {
  columns: string[];
  /** With `lineItems`: how many valid lines became how many purchases and refunds. */
  lineItems?: LineItemSummary;
  rejectSamples: ImportReject[];
  dryRun: boolean;
};

type Pending = { line: number; text: string } & (
  | { kind: 'interactions'; item: NewInteraction }
  | { kind: 'customers'; row: CustomerImportRow }
);

const loose = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const sameNames = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => loose(x) === loose(b[i] ?? ''));

/** A first line is a header when every cell is a unique name, not a number or a date. */
export function looksLikeHeader(fields: readonly string[]): boolean {
  return (
    fields.length > 0 &&
    new Set(fields).size === fields.length &&
    fields.every((f) => /^[\p{L}_]/u.test(f.trim()) && parseDecimal(f) === undefined)
  );
}

/**
 * Imports customers or touchpoints from a CSV or whitespace-separated stream. Reads, validates
 * and writes in batches, so memory stays flat whatever the file size; each batch commits on its
 * own, and because rows keep stable ids a re-run after a crash skips what already landed.
 * Bad rows never stop the import: they are reported with their line number and reason.
 */
export async function importFile(
  ctx: IngestCtx,
  input: Readable,
  o: ImportFileOptions,
): Promise<ImportReport> {
  const settings = {
    source: o.source,
    idSource: o.idSource ?? 'default',
    dateFormat: o.dateFormat ?? 'iso',
    timeZone: o.timeZone ?? 'UTC',
    currency: (o.currency ?? 'USD').toUpperCase(),
    dropExtra: o.dropExtra ?? false,
  };
  for (const [flag, value] of [
    ['--source', settings.source],
    ['--id-source', settings.idSource],
  ]) {
    if (!slug.safeParse(value).success) {
      throw new AppError(
        'bad_request',
        `${flag} ${value}: must be 1-40 lower-case letters, digits, "_", "." or "-"`,
      );
    }
  }
  if (!/^[A-Z]{3}$/.test(settings.currency))
    throw new AppError('bad_request', `--currency ${o.currency}: not an ISO 4217 code`);
  checkDateFormat(settings.dateFormat);
  checkTimeZone(settings.timeZone);
  const batchSize = o.batchSize ?? 1000;
  const sampleSize = o.sampleSize ?? 20;
  if (o.lineItems && o.kind !== 'interactions')
    throw new AppError('bad_request', 'Line items are for interactions, not customers');
  const grouper = o.lineItems ? createLineItemGrouper(o.lineItems, settings) : undefined;
  const fieldSet =
    o.kind === 'customers' ? customerFieldSet : grouper ? lineItemFieldSet : interactionFieldSet;

  const stats: ImportStats = {
    rowsRead: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    customersCreated: 0,
    lastLine: 0,
    bytesRead: 0,
  };
  const samples: ImportReject[] = [];
  let pending: Pending[] = [];
  let rejects: ImportReject[] = [];
  let rowsInBatch = 0;
  let plan: ColumnPlan | undefined;
  let columns: string[] = [];

  // `read`: where the reader was when the batch was cut, so progress counts rows written, not rows
  // of the next batch already read.
  const write = async (
    batch: Pending[],
    batchRejects: ImportReject[],
    firstLine: number,
    read: Pick<ImportStats, 'rowsRead' | 'lastLine' | 'bytesRead'>,
  ) => {
    try {
      await writeBatch(ctx, batch, batchRejects, stats, { ...settings, dryRun: !!o.dryRun });
    } catch (err) {
      throw new Error(
        `Import stopped in the batch starting at line ${firstLine}: ${(err as Error).message}. ` +
          'Earlier batches are saved; importing the same file again skips them and continues.',
        { cause: err },
      );
    }
    batchRejects.sort((a, b) => a.line - b.line);
    for (const r of batchRejects) {
      stats.rejected += 1;
      if (samples.length < sampleSize) samples.push(r);
      await o.onReject?.(r);
    }
    o.onProgress?.({ ...stats, ...read });
  };
  // One batch is written while the next is read and validated (the database and this process
  // work at the same time); batches still commit one after the other, in file order.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const batch = pending;
    const batchRejects = rejects;
    const firstLine = batch[0]?.line ?? stats.lastLine;
    pending = [];
    rejects = [];
    rowsInBatch = 0;
    await writing;
    const read = { rowsRead: stats.rowsRead, lastLine: stats.lastLine, bytesRead: stats.bytesRead };
    writing = write(batch, batchRejects, firstLine, read);
    // Its failure is raised by the next flush or the final wait, not as an unhandled rejection.
    writing.catch(() => {});
  };

  const rowIds = createRowIds();
  let deriveIds = false;
  const choosePlan = (names: string[]) => {
    columns = names;
    plan = planColumns(names, fieldSet, o.map ?? {}, o.set ?? {});
    deriveIds =
      o.kind === 'interactions' && !grouper && !plan.column.has('sourceId') && !plan.constant.has('sourceId');
  };

  try {
    return await readAndWrite();
  } finally {
    // A read error must not leave a batch writing behind the caller's back.
    await writing.catch(() => {});
  }

  async function readAndWrite(): Promise<ImportReport> {
    for await (const rec of readRecords(input, { format: o.format ?? 'csv', delimiter: o.delimiter })) {
      if (rec.index === 0) {
        // With --columns, only a line naming those same columns is taken for a header: a first data
        // row of plain words ("k1,Ada,ada@example.com") must not vanish silently.
        const hasHeader =
          o.header ??
          (rec.ok && looksLikeHeader(rec.fields) && (!o.columns?.length || sameNames(rec.fields, o.columns)));
        if (hasHeader && !rec.ok)
          throw new AppError('bad_request', `Line ${rec.line}: cannot read the header: ${rec.reason}`);
        if (o.columns?.length) choosePlan(o.columns);
        else if (hasHeader && rec.ok) choosePlan(rec.fields.map((f) => f.trim()));
        else {
          throw new AppError(
            'bad_request',
            `The first line does not look like a header (${JSON.stringify(rec.text.slice(0, 80))}). ` +
              'Name the columns with --columns a,b,c, or pass --header if it is one.',
          );
        }
        if (hasHeader) continue;
      }
      const activePlan = plan as ColumnPlan;
      stats.rowsRead += 1;
      stats.lastLine = rec.line;
      stats.bytesRead = rec.end;
      rowsInBatch += 1;
      // Ids go to every readable row, valid or not, so fixing one row never changes another's id.
      const derivedId = rec.ok && deriveIds ? rowIds(rec.fields) : undefined;
      if (grouper) {
        // Lines are held by order until the file ends; only rejected lines are reported on the way.
        const problem = rec.ok
          ? grouper.add(activePlan, rec.fields, rec.line, rec.text)
          : { reason: rec.reason };
        if (problem) rejects.push({ line: rec.line, reason: problem.reason, text: rec.text });
      } else {
        const mapped = mapRecord(rec, activePlan, o.kind, settings, derivedId);
        if ('reason' in mapped) rejects.push({ line: rec.line, reason: mapped.reason, text: rec.text });
        else pending.push(mapped);
      }
      if (rowsInBatch >= batchSize) await flush();
    }
    if (!plan) throw new AppError('bad_request', 'The file is empty');
    if (rowsInBatch > 0) await flush();
    let lineItems: LineItemSummary | undefined;
    if (grouper) {
      lineItems = grouper.summary();
      for (const g of grouper.drain()) {
        pending.push({ kind: 'interactions', item: g.item, line: g.line, text: g.text });
        if (pending.length >= batchSize) await flush();
      }
      if (pending.length > 0) await flush();
    }
    await writing;
    return {
      ...stats,
      columns,
      rejectSamples: samples,
      dryRun: !!o.dryRun,
      ...(lineItems ? { lineItems } : {}),
    };
  }
}

function mapRecord(
  rec: SourceRecord,
  plan: ColumnPlan,
  kind: ImportKind,
  settings: Parameters<typeof mapInteraction>[1],
  derivedId: string | undefined,
): Pending | { reason: string } {
  if (!rec.ok) return { reason: rec.reason };
  if (kind === 'interactions') {
    const r = mapInteraction(plan, settings, rec.fields, derivedId);
    return 'reason' in r ? r : { kind, item: r.item, line: rec.line, text: rec.text };
  }
  const r = mapCustomer(plan, settings, rec.fields);
  return 'reason' in r ? r : { kind, row: r.row, line: rec.line, text: rec.text };
}

async function writeBatch(
  ctx: IngestCtx,
  batch: Pending[],
  rejects: ImportReject[],
  stats: ImportStats,
  s: { source: string; idSource: string; dryRun: boolean },
): Promise<void> {
  if (batch.length === 0) return;
  if (s.dryRun) {
    stats.accepted += batch.length;
    return;
  }
  const interactions = batch.flatMap((p) => (p.kind === 'interactions' ? [p] : []));
  if (interactions.length) {
    const result = await recordInteractions(
      ctx,
      interactions.map((p) => p.item),
    );
    stats.customersCreated += result.customersCreated;
    result.outcomes.forEach((outcome, i) => {
      const p = interactions[i] as Pending;
      if (outcome.status === 'rejected') rejects.push({ line: p.line, reason: outcome.reason, text: p.text });
      else if (outcome.status === 'accepted') stats.accepted += 1;
      else stats.duplicates += 1;
    });
  }
  const customers = batch.flatMap((p) => (p.kind === 'customers' ? [p] : []));
  if (customers.length) {
    const result = await importCustomers(
      ctx,
      customers.map((p) => p.row),
      { idSource: s.idSource, source: s.source },
    );
    stats.customersCreated += result.created;
    for (const outcome of result.outcomes) {
      if (outcome.status === 'unchanged') stats.duplicates += 1;
      else stats.accepted += 1;
    }
  }
}
