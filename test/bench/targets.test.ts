import { describe, expect, it } from 'vitest';
import { issue14Targets, targetsTable, verdict } from '../../bench/targets.ts';
import { targetsFromRun } from '../../bench/targets-from-run.ts';

describe('issue 14 targets table', () => {
  it('judges floors and ceilings at their bound', () => {
    expect(verdict(issue14Targets.ingestAccept, 0.75)).toBe('met');
    expect(verdict(issue14Targets.ingestAccept, 0.74)).toBe('not met');
    expect(verdict(issue14Targets.singleClientP99, 20)).toBe('met');
    expect(verdict(issue14Targets.singleClientP99, 20.01)).toBe('not met');
    expect(verdict(issue14Targets.scoring, Number.NaN)).toBe('not met');
  });

  it('prints every target once, measured or not, with value, target, result, scale and load', () => {
    const out = targetsTable({
      ingestAccept: { value: 0.8123, scale: '20,000 customers', load: '1.00 2.00 3.00' },
      openLoopP99: { value: 61.5, scale: '200 req/s', load: '0.50 0.60 0.70', note: '2 errors' },
      scoring: { notRun: 'not run (--only read)' },
    });
    const rows = out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| measure'));
    expect(rows).toHaveLength(Object.keys(issue14Targets).length);
    expect(rows[0]).toBe(
      '| ingest accept ÷ COPY | 0.81× | ≥ 0.75× | met | 20,000 customers | 1.00 2.00 3.00 |',
    );
    expect(rows.find((r) => r.includes('open-loop'))).toBe(
      '| 360 open-loop p99 at 40% of capacity | 61.50 ms (2 errors) | ≤ 50.00 ms | not met | 200 req/s | 0.50 0.60 0.70 |',
    );
    expect(rows.find((r) => r.startsWith('| scoring'))).toContain('| - | ≤ 60.0 s | not run (--only read) |');
    // A target nothing reported on still gets its row.
    expect(rows.find((r) => r.startsWith('| dashboard'))).toContain('| not run |');
  });
});

describe('issue 14 targets from a run', () => {
  it('reports `tenure import` ÷ SQL path when the import phase ran, and says so when it did not', () => {
    const ran = targetsFromRun({
      scale: '',
      only: ['import'],
      import: {
        result: {
          load: '1.00 1.00 1.00',
          importSeconds: 8,
          sqlSeconds: 4,
          customers: 23570,
          touchpoints: 69659,
        },
        load: '2.00 2.00 2.00',
      },
    });
    expect(ran.importVsSql).toMatchObject({ value: 0.5, load: '2.00 2.00 2.00' });
    expect(targetsFromRun({ scale: '', only: ['read'] }).importVsSql).toEqual({
      notRun: 'not run (--only read; needs import)',
    });
  });
});
