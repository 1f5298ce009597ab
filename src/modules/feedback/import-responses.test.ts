import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { importResponses } from './import-responses.ts';
import { createCustomerApi, createSurveyApi, npsSurvey } from './testing.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const csv = (lines: string[]) => Readable.from([`${lines.join('\n')}\n`]);

describe('importing comment cards and legacy answers', () => {
  it('imports good rows, explains bad ones by line, and stores nothing twice on re-import', async () => {
    const survey = await createSurveyApi(t, npsSurvey({ name: 'Cards' }));
    await createCustomerApi(t, { name: 'Card One', identities: [{ source: 'pos', externalId: 'C-1' }] });
    const id2 = await createCustomerApi(t, { name: 'Card Two' });
    const lines = [
      'customer_id,external_id,id_source,score,comment,responded_at,q:topic,response_id',
      `,C-1,pos,9,"Lovely staff, very helpful",2026-02-01T10:00:00Z,service,card-1`,
      `${id2},,,3,"=cmd and the price is too high",2026-02-02T10:00:00Z,product,card-2`,
      ',C-404,pos,5,,2026-02-03T10:00:00Z,,card-3',
      ',C-1,pos,11,,2026-02-03T10:00:00Z,,card-4',
      ',C-1,pos,8,,yesterday,,card-5',
      ',,,8,,2026-02-03T10:00:00Z,,card-6',
    ];
    const r = await importResponses(t.ctx, csv(lines), { surveyId: survey.id });
    expect(r).toMatchObject({ rows: 6, imported: 2, duplicates: 0 });
    expect(r.rejected).toEqual([
      { line: 4, reason: 'unknown customer pos:C-404' },
      { line: 5, reason: 'nps: The score must be from 0 to 10' },
      { line: 6, reason: 'responded_at "yesterday" is not a date (use ISO 8601, e.g. 2026-03-01T10:00:00Z)' },
      { line: 7, reason: 'no customer: give a customer_id or external_id column' },
    ]);
    const again = await importResponses(t.ctx, csv(lines), { surveyId: survey.id });
    expect(again).toMatchObject({ imported: 0, duplicates: 2 });
    const stored = await (await t.api(`/api/v1/surveys/${survey.id}/responses`)).json();
    expect(
      stored.data.map((d: { score: number; channel: string; via: string; themes: string[] }) => [
        d.score,
        d.channel,
        d.via,
        d.themes,
      ]),
    ).toEqual([
      [3, 'mail', 'import', ['price']],
      [9, 'mail', 'import', ['helpful-staff']],
    ]);
  });

  it('runs as `tenure import responses FILE.csv`', async () => {
    const survey = await createSurveyApi(t, npsSurvey({ name: 'CLI cards' }));
    await createCustomerApi(t, { name: 'CLI', identities: [{ source: 'default', externalId: 'CLI-1' }] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-cards-'));
    const file = path.join(dir, 'cards.csv');
    fs.writeFileSync(file, 'external_id,score,comment\nCLI-1,10,great\nCLI-2,1,bad\n');
    const run = promisify(execFile);
    const main = path.resolve(import.meta.dirname, '../../cli/main.ts');
    const out = await run(
      process.execPath,
      ['--import', 'tsx', main, 'import', 'responses', file, '--survey', survey.id],
      {
        env: { ...process.env, DATABASE_URL: t.dbUrl, TENURE_LOG_LEVEL: 'silent' },
      },
    ).catch((err: { stdout: string; code: number }) => ({ stdout: err.stdout, code: err.code }));
    fs.rmSync(dir, { recursive: true, force: true });
    expect(out.stdout).toContain('imported      1');
    expect(out.stdout).toContain('line 3: unknown customer default:CLI-2');
    expect('code' in out && out.code).toBe(2);
  });
});
