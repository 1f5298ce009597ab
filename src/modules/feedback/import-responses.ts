import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { getCustomer, searchCustomers } from '../customers/index.ts';
import { type Channel, channels } from '../customers/tables.ts';
import { type LoadedSurvey, loadSurveyVersion } from './load-survey-version.ts';
import { type AnswerInput, isScoreType } from './schemas.ts';
import { submitResponse } from './submit-response.ts';
import { validateAnswers } from './validate-answers.ts';

export type ImportResponsesOptions = {
  surveyId?: string;
  /** Channel of rows without a channel column: comment cards are 'mail' by default. */
  channel?: Channel;
  idSource?: string;
  dryRun?: boolean;
  onProgress?: (rows: number) => void;
};
export type ImportResponsesReport = {
  rows: number;
  imported: number;
  duplicates: number;
  rejected: { line: number; reason: string }[];
  dryRun: boolean;
};

type Row = Record<string, string>;
const norm = (k: string) =>
  k
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
const reasonOf = (err: unknown) => {
  if (!(err instanceof AppError)) throw err;
  const fields = (err.details as { fields?: Record<string, string> } | undefined)?.fields;
  return fields
    ? Object.entries(fields)
        .map(([q, m]) => `${q}: ${m}`)
        .join('; ')
    : err.message;
};

/** Turns one row into answers: `score`/`comment` fill the first score question, `q:<id>` and `q:<id>:text` any. */
function answersOf(row: Row, survey: LoadedSurvey): AnswerInput[] {
  const qs = survey.content.questions;
  const byId = new Map<string, AnswerInput>();
  const get = (id: string) => byId.get(id) ?? (byId.set(id, { questionId: id }).get(id) as AnswerInput);
  const firstScore = qs.find((q) => isScoreType(q.type));
  const commentTarget = firstScore ?? qs.find((q) => q.type === 'text');
  if (row.score?.trim() && firstScore) get(firstScore.id).score = Number(row.score);
  if (row.comment?.trim() && commentTarget) get(commentTarget.id).text = row.comment;
  for (const q of qs) {
    const v = row[`q:${q.id}`]?.trim();
    const text = row[`q:${q.id}:text`];
    if (v) {
      if (isScoreType(q.type)) get(q.id).score = Number(v);
      else if (q.type === 'single' || q.type === 'multiple')
        get(q.id).choices = v.split('|').map((c) => c.trim());
      else get(q.id).text = v;
    }
    if (text?.trim()) get(q.id).text = text;
  }
  return [...byId.values()];
}

/**
 * Imports answers from comment cards and legacy tools (CSV with a header). Each row is checked
 * and stored on its own, so one bad row is reported with its line and reason and the rest go in.
 * Re-importing a file stores nothing twice: a row is keyed by its `response_id` column, else by
 * a hash of its content.
 */
export async function importResponses(
  ctx: Ctx,
  input: Readable,
  o: ImportResponsesOptions,
): Promise<ImportResponsesReport> {
  const report: ImportResponsesReport = {
    rows: 0,
    imported: 0,
    duplicates: 0,
    rejected: [],
    dryRun: !!o.dryRun,
  };
  const surveys = new Map<string, Promise<LoadedSurvey>>();
  const customers = new Map<string, Promise<string | undefined>>();
  const parser = input.pipe(
    parse({
      columns: (h: string[]) => h.map(norm),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: true,
    }),
  );
  for await (const rec of parser as AsyncIterable<{ record: Row; info: { lines: number } }>) {
    report.rows++;
    o.onProgress?.(report.rows);
    const row = rec.record;
    const line = rec.info.lines;
    const reject = (reason: string) => report.rejected.push({ line, reason });
    try {
      const surveyId = row.survey_id || o.surveyId;
      if (!surveyId) {
        reject('no survey: give --survey or a survey_id column');
        continue;
      }
      if (!surveys.has(surveyId)) surveys.set(surveyId, loadSurveyVersion(ctx, surveyId));
      const survey = await (surveys.get(surveyId) as Promise<LoadedSurvey>);
      let customerId = row.customer_id;
      if (customerId) await getCustomer(ctx, customerId);
      else if (row.external_id) {
        const source = row.id_source || o.idSource || 'default';
        const key = `${source}\u0000${row.external_id}`;
        if (!customers.has(key)) {
          customers.set(
            key,
            searchCustomers(ctx, { externalId: row.external_id, idSource: source, limit: 1 }).then(
              (r) => r.data[0]?.id,
            ),
          );
        }
        customerId = await customers.get(key);
        if (!customerId) {
          reject(`unknown customer ${source}:${row.external_id}`);
          continue;
        }
      } else {
        reject('no customer: give a customer_id or external_id column');
        continue;
      }
      const channel = (row.channel || o.channel || 'mail') as Channel;
      if (!channels.includes(channel)) {
        reject(`unknown channel "${channel}" (use one of ${channels.join(', ')})`);
        continue;
      }
      const respondedAt = row.responded_at ? new Date(row.responded_at) : ctx.clock.now();
      if (Number.isNaN(respondedAt.getTime())) {
        reject(`responded_at "${row.responded_at}" is not a date (use ISO 8601, e.g. 2026-03-01T10:00:00Z)`);
        continue;
      }
      const answers = answersOf(row, survey);
      if (o.dryRun) {
        const check = validateAnswers(survey.content.questions, answers);
        if (check.ok) report.imported++;
        else
          reject(
            Object.entries(check.errors)
              .map(([q, m]) => `${q}: ${m}`)
              .join('; '),
          );
        continue;
      }
      const key = row.response_id
        ? `import:${row.response_id}`
        : `import:row:${createHash('sha256')
            .update(JSON.stringify([customerId, respondedAt.toISOString(), answers]))
            .digest('hex')
            .slice(0, 32)}`;
      const r = await submitResponse(ctx, {
        surveyId,
        customerId,
        channel,
        via: 'import',
        answers,
        respondedAt,
        sourceKey: key,
        allowArchived: true,
      });
      if (r.duplicate) report.duplicates++;
      else report.imported++;
    } catch (err) {
      reject(reasonOf(err));
    }
  }
  return report;
}
