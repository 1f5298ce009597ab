import { describe, expect, it } from 'vitest';
import { analyzeComment } from './analyze-comment.ts';
import { csvCell } from './export-responses-csv.ts';
import { logOddsRatio, meanInterval, npsInterval, t975, wilson } from './stats.ts';
import { metricOf } from './summarize-feedback.ts';

describe('intervals', () => {
  it('Wilson matches the textbook values', () => {
    const ci = wilson(8, 10);
    expect(ci?.low).toBeCloseTo(0.4902, 4);
    expect(ci?.high).toBeCloseTo(0.9433, 4);
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(0, 5)?.low).toBe(0);
  });

  it('NPS adjusted Wald widens for small samples and stays within ±100', () => {
    const ci = npsInterval(6, 2, 10);
    expect(ci?.low).toBeCloseTo(-12.6, 1);
    expect(ci?.high).toBeCloseTo(74.1, 1);
    const all = npsInterval(3, 0, 3);
    expect(all?.high).toBeLessThanOrEqual(100);
    expect(all?.low).toBeGreaterThan(-100);
  });

  it('means use Student t', () => {
    const ci = meanInterval(5, 15, 55);
    expect(ci?.low).toBeCloseTo(1.037, 3);
    expect(ci?.high).toBeCloseTo(4.963, 3);
    expect(meanInterval(1, 3, 9)).toBeNull();
    expect(t975(1000)).toBeCloseTo(1.96, 2);
  });

  it('metrics per type', () => {
    const nps = metricOf(
      'nps',
      new Map([
        [10, 2],
        [9, 3],
        [8, 1],
        [7, 1],
        [6, 1],
        [3, 1],
        [0, 1],
      ]),
    );
    expect(nps).toMatchObject({
      n: 10,
      value: 20,
      promoters: 5,
      passives: 2,
      detractors: 3,
      smallSample: true,
    });
    expect(
      metricOf(
        'csat',
        new Map([
          [5, 1],
          [4, 2],
          [3, 1],
          [1, 1],
        ]),
      ),
    ).toMatchObject({ n: 5, value: 60, mean: 3.4 });
    expect(
      metricOf(
        'ces',
        new Map([
          [7, 1],
          [6, 1],
          [5, 2],
          [2, 1],
        ]),
      ),
    ).toMatchObject({ n: 5, value: 5 });
    expect(metricOf('nps', new Map())).toMatchObject({ n: 0, value: null, ci: null });
  });

  it('log odds ratio is finite with empty cells', () => {
    expect(Number.isFinite(logOddsRatio(5, 0, 0, 5))).toBe(true);
    expect(logOddsRatio(9, 1, 1, 9)).toBeGreaterThan(0);
  });
});

describe('comments', () => {
  it('scores sentiment in -1…1 with negation, and finds themes by phrase and prefix', () => {
    const lexicon = [
      { slug: 'wait-time', patterns: ['wait*', 'took forever'] },
      { slug: 'broken-promise', patterns: ["didn't call* back"] },
    ];
    const bad = analyzeComment(
      "Terrible. I waited an hour and they didn’t call me back… no, they didn't call back at all",
      lexicon,
    );
    expect(bad.sentiment).toBeLessThan(-0.3);
    expect(bad.themes).toEqual(['wait-time', 'broken-promise']);
    expect(analyzeComment('Great, friendly and fast!', lexicon).sentiment).toBeGreaterThan(0.5);
    expect(analyzeComment('not good', lexicon).sentiment).toBeLessThan(0);
    expect(analyzeComment('   ', lexicon)).toEqual({ sentiment: null, themes: [] });
    expect(analyzeComment('awaiting', lexicon).themes).toEqual([]);
  });

  it('CSV cells quote text and defuse formulas', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(['a', 'b'])).toBe('a|b');
    expect(csvCell(null)).toBe('');
  });
});
