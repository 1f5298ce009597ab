/**
 * `tenure import` against the SQL path on the same file, on its own (see import-vs-sql-phase.ts;
 * `npm run bench -- --only import` runs the same comparison once as a phase).
 *
 *   flock /tmp/tenure-bench.lock npx tsx bench/import-vs-sql.ts [--runs 2] [--batch-size N]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { type ImportVsSqlRun, importVsSqlTable, runImportVsSql } from './import-vs-sql-phase.ts';
import { loadAverage } from './stats.ts';

const { values } = parseArgs({ options: { runs: { type: 'string' }, 'batch-size': { type: 'string' } } });
const runs = Number(values.runs ?? 2);
const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

console.log(`node ${process.version}; ${execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim()}`);
const results: ImportVsSqlRun[] = [];
for (let run = 1; run <= runs; run++) results.push(await runImportVsSql(adminUrl, batchSize));
console.log(importVsSqlTable(results));
console.log(`\nload at end: ${loadAverage()}`);
