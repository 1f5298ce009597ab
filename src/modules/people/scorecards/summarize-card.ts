/** The facts behind a scorecard, each credited to one rep; what the drill-down lists. */
export type Credits = {
  responses: { id: string; customerId: string; type: 'nps' | 'csat'; score: number; at: Date }[];
  cases: { id: string; customerId: string; title: string; outcome: string | null; fcr: boolean; at: Date }[];
  promises: { id: string; customerId: string; title: string; keptOnTime: boolean; dueAt: Date }[];
  book: {
    customerId: string;
    expected: number | null;
    retained: boolean;
    revenueBefore: number;
    revenueDuring: number;
  }[];
};

export type Metric = { value: number | null; n: number };
export type Versus = { observed: number | null; expected: number | null; score: number | null; n: number };
export type Card = {
  csat: Metric;
  nps: Metric;
  firstContactResolution: Metric;
  saveRate: Metric;
  promisesKept: Metric;
  retention: Versus;
  revenueRetention: Versus;
  volume: { contacts: number; cases: number; promises: number; bookSize: number };
};

const pct = (k: number, n: number): Metric => ({ value: n ? Math.round((1000 * k) / n) / 10 : null, n });
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
const SAVE_OUTCOMES = ['saved', 'recovered'];
/** "not-an-issue" was never at risk: not a save, not a loss. */
const COUNTED_OUTCOMES = ['saved', 'recovered', 'churned', 'no-response'];

/** The numbers of a scorecard from its credits (one rep's or a whole team's). */
export function summarizeCard(c: Credits): Card {
  const csat = c.responses.filter((r) => r.type === 'csat');
  const nps = c.responses.filter((r) => r.type === 'nps');
  const promoters = nps.filter((r) => r.score >= 9).length;
  const detractors = nps.filter((r) => r.score <= 6).length;
  const counted = c.cases.filter((k) => k.outcome && COUNTED_OUTCOMES.includes(k.outcome));
  const scored = c.book.filter((b) => b.expected !== null);
  const observed = scored.length ? (100 * scored.filter((b) => b.retained).length) / scored.length : null;
  const expected = scored.length
    ? (100 * scored.reduce((s, b) => s + (b.expected as number), 0)) / scored.length
    : null;
  const before = scored.reduce((s, b) => s + b.revenueBefore, 0);
  const revObserved = before ? (100 * scored.reduce((s, b) => s + b.revenueDuring, 0)) / before : null;
  const revExpected = before
    ? (100 * scored.reduce((s, b) => s + (b.expected as number) * b.revenueBefore, 0)) / before
    : null;
  const versus = (o: number | null, e: number | null, n: number): Versus => ({
    observed: round1(o),
    expected: round1(e),
    score: o === null || e === null ? null : round1(o - e),
    n,
  });
  return {
    csat: pct(csat.filter((r) => r.score >= 4).length, csat.length),
    nps: {
      value: nps.length ? Math.round((100 * (promoters - detractors)) / nps.length) : null,
      n: nps.length,
    },
    firstContactResolution: pct(c.cases.filter((k) => k.fcr).length, c.cases.length),
    saveRate: pct(counted.filter((k) => SAVE_OUTCOMES.includes(k.outcome as string)).length, counted.length),
    promisesKept: pct(c.promises.filter((p) => p.keptOnTime).length, c.promises.length),
    retention: versus(observed, expected, scored.length),
    revenueRetention: versus(revObserved, revExpected, scored.filter((b) => b.revenueBefore > 0).length),
    volume: {
      contacts: c.responses.length,
      cases: c.cases.length,
      promises: c.promises.length,
      bookSize: c.book.length,
    },
  };
}
