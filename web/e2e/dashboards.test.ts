import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCustomer } from '../../src/modules/customers/update-customer.ts';
import { submitResponse } from '../../src/modules/feedback/submit-response.ts';
import { createCustomerApi, createSurveyApi, npsSurvey } from '../../src/modules/feedback/testing.ts';
import { runScoring } from '../../src/modules/insight/run-scoring.ts';
import { setTestScores } from '../../src/modules/insight/testing/set-scores.ts';
import { loopJobs } from '../../src/modules/loop/index.ts';
import { waitFor } from '../../src/modules/loop/testing/fixtures.ts';
import { addCustomer, ingest, npsAnswer } from '../../src/modules/loop/testing/team-setup.ts';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  LAPTOP,
  launchChromium,
  openPage,
  screenshot,
  signIn,
} from './harness.ts';

// A manager opens Dashboards. NPS and CSAT answers from several months draw their trends; cases
// fill the SLA and save-rate charts; charts that need a scoring run say so until one has run.
// Then the nightly run scores customers who joined over six months (some marked churned along
// the way): retention and churn by month, survival curves by lifecycle stage and the most
// valuable at-risk customers appear, each with its numbers one click away and the definition of
// churn it counts with, checked against figures computed here from what was seeded. Agents do
// not see the section.

let t: TestApp;
let browser: Browser;
let page: Page;
let manager: { email: string; password: string };
let agent: { email: string; password: string };

const DAY = 86_400_000;

/** Day `day` of the month `back` months ago, at `hour`:00 UTC. */
const monthsAgo = (back: number, day = 10, hour = 10): Date => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, day, hour));
};
/** Whole UTC days since 1970, as PostgreSQL's `::date` gives them (the database runs in UTC). */
const dayOf = (d: Date | string) => Math.floor(new Date(d).getTime() / DAY);
const pct1 = (x: number) => `${(x * 100).toFixed(1)}%`;

/** CSAT answers (1–5) two and one months ago. */
const csatMonths: [number, number[]][] = [
  [2, [5, 4, 3, 5]],
  [1, [4, 3, 5, 5, 5]],
];

/**
 * Customers who joined (first purchase on the 10th) 6 or 4 months ago and bought every month
 * until they were marked churned on the 20th, `churnedAfter` months after joining, or until now.
 */
type Life = { stage: 'trial' | 'subscriber'; joined: number; churnedAfter: number | null };
const lives: Life[] = [
  ...[1, 1, 2, null].map((churnedAfter) => ({ stage: 'trial' as const, joined: 6, churnedAfter })),
  ...[1, 3, null, null].map((churnedAfter) => ({ stage: 'trial' as const, joined: 4, churnedAfter })),
  ...[4, null, null].map((churnedAfter) => ({ stage: 'subscriber' as const, joined: 6, churnedAfter })),
  ...[2, null, null].map((churnedAfter) => ({ stage: 'subscriber' as const, joined: 4, churnedAfter })),
];
/** Day number each seeded customer was marked churned, by customer id. */
const churnedOn = new Map<string, number>();
/** Lifecycle stage of each seeded customer, by customer id. */
const stageOf = new Map<string, Life['stage']>();

/** Scores planted after the run: two low-health and one low-P(alive) customer, and a healthy one. */
const planted = [
  { name: 'Grace Hopper', health: 22, pAlive: 0.6, clvMinor: 520_000 },
  { name: 'Alan Turing', health: 35, pAlive: 0.5, clvMinor: 310_000 },
  { name: 'Ada Lovelace', health: 75, pAlive: 0.12, clvMinor: 250_000 },
  { name: 'Linus Torvalds', health: 90, pAlive: 0.95, clvMinor: 900_000 },
];
const plantedIds = new Map<string, string>();

const cellTexts = async (row: Locator) => row.getByRole('cell').allTextContents();

describe.runIf(browserTestsRunnable)('Dashboards for a manager', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const m = await createStaffUser(t.ctx, 'manager', 'morgan@example.com');
    const a = await createStaffUser(t.ctx, 'agent', 'riley@example.com');
    manager = { email: m.staff.email, password: m.password };
    agent = { email: a.staff.email, password: a.password };

    const survey = await createSurveyApi(t, npsSurvey({ name: 'Relationship NPS' }));
    const csat = await createSurveyApi(
      t,
      npsSurvey({
        name: 'Support CSAT',
        questions: [{ id: 'csat', type: 'csat', text: 'How satisfied are you with our support?' }],
      }),
    );
    const customerId = await createCustomerApi(t, { name: 'Jeanne Martin', emails: ['jeanne@example.com'] });
    const answer = (surveyId: string, questionId: string, score: number, respondedAt: Date) =>
      submitResponse(t.ctx, {
        surveyId,
        customerId,
        channel: 'phone',
        via: 'staff',
        answers: [{ questionId, score }],
        respondedAt,
      });
    const months: [number, number[]][] = [
      [2, [10, 9, 6, 3, 8]],
      [1, [10, 10, 9, 7, 2]],
      // No detractor this month: an answer of the 1st is still fresh during the first week of the
      // month and would open a case of its own, so the case counts below would depend on the date.
      [0, [10, 9, 9, 9, 8, 7]],
    ];
    for (const [back, scores] of months) {
      for (const score of scores) await answer(survey.id, 'nps', score, monthsAgo(back, back === 0 ? 1 : 10));
    }
    for (const [back, scores] of csatMonths) {
      for (const score of scores) await answer(csat.id, 'csat', score, monthsAgo(back, 11));
    }

    // Two detractors on the timeline open two cases; one is resolved as saved.
    await t.ctx.queue.work(t.ctx, loopJobs);
    const caseIds: string[] = [];
    for (const name of ['Paul Durand', 'Ana Silva']) {
      const id = await addCustomer(t, { name, ownerId: a.staff.id });
      expect(
        (await ingest(t, [npsAnswer(id, 2, new Date(Date.now() - 60_000).toISOString())])).accepted,
      ).toBe(1);
      const kase = await waitFor(`the case of ${name}`, async () => {
        const list = await (await t.api(`/api/v1/cases?customerId=${id}`)).json();
        return list.data[0] as { id: string } | undefined;
      });
      caseIds.push(kase.id);
    }
    const resolved = await t.api(`/api/v1/cases/${caseIds[0]}/resolve`, {
      method: 'POST',
      json: { outcome: 'saved', rootCauses: ['delivery'] },
    });
    expect(resolved.status).toBe(200);

    // Six months of customers for retention and survival: monthly purchases, some marked churned
    // on the day it happened (the status change on the timeline carries that date).
    for (const [i, life] of lives.entries()) {
      const id = await createCustomerApi(t, { name: `Member ${i + 1}`, lifecycleStage: life.stage });
      stageOf.set(id, life.stage);
      const lastBuy = life.churnedAfter === null ? 1 : life.joined - life.churnedAfter + 1;
      const purchases = [];
      for (let back = life.joined; back >= lastBuy; back--) {
        purchases.push({
          customerId: id,
          source: 'shop',
          sourceId: `member-${i}-${back}`,
          channel: 'web',
          kind: 'purchase',
          amount: { minor: 2000, currency: 'EUR' },
          occurredAt: monthsAgo(back, 10, 12).toISOString(),
        });
      }
      expect((await ingest(t, purchases)).accepted).toBe(purchases.length);
      if (life.churnedAfter !== null) {
        const on = monthsAgo(life.joined - life.churnedAfter, 20, 12);
        await updateCustomer({ ...t.ctx, clock: { now: () => on } }, id, { status: 'churned' }, {});
        churnedOn.set(id, dayOf(on));
      }
    }
    for (const p of planted) plantedIds.set(p.name, await createCustomerApi(t, { name: p.name }));

    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the NPS and CSAT trends with their numbers, and says which charts have no data yet', async () => {
    await page.goto(`${t.url}/customers`);
    await signIn(page, manager.email, manager.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
    await page.waitForURL(/\/dashboards$/);
    await page.getByRole('heading', { name: 'Dashboards', level: 1 }).waitFor();

    const nps = page.getByRole('region', { name: 'NPS trend' });
    await nps.getByRole('img', { name: /NPS by month/ }).waitFor();
    // Before the first scoring run, the insight charts say what will fill them.
    for (const chart of [
      'Why customers leave',
      'Cohort retention',
      'Retention and churn rate',
      'Survival curves',
      'At-risk customers by value',
    ]) {
      await page.getByRole('region', { name: chart }).getByText('No data yet', { exact: false }).waitFor();
    }

    // The open case is on the SLA chart, the saved one in the save-rate matrix.
    await page.getByRole('list', { name: 'Open cases by SLA state' }).getByText('1 · 100%').waitFor();
    await page
      .getByRole('table', { name: 'Save rate by root cause and playbook' })
      .getByText('100% · 1')
      .waitFor();
    // No playbook has a holdout here: the uplift card says how to get one.
    await page
      .getByRole('region', { name: 'Playbook uplift against holdouts' })
      .getByText('No playbook has a holdout yet', { exact: false })
      .waitFor();

    await nps.getByRole('button', { name: 'Show numbers' }).click();
    const table = nps.getByRole('table', { name: 'NPS by month' });
    await table.waitFor();
    // Header plus one row per month with answers.
    expect(await table.getByRole('row').count()).toBe(4);
    // This month: 4 promoters and 2 passives of 6 → NPS 67.
    const last = table.getByRole('row').nth(3);
    expect(await last.textContent()).toContain('67');
    expect(await last.getByRole('cell').nth(1).textContent()).toBe('6');
    await nps.getByRole('button', { name: 'Hide numbers' }).click();
    await table.waitFor({ state: 'detached' });

    // CSAT: the share of 4s and 5s each month, and the average score.
    const csat = page.getByRole('region', { name: 'CSAT trend' });
    const expected = csatMonths.map(([, scores]) => {
      const satisfied = scores.filter((s) => s >= 4).length;
      const mean = scores.reduce((x, y) => x + y, 0) / scores.length;
      return [String(scores.length), `${Math.round((satisfied / scores.length) * 100)}%`, mean.toFixed(2)];
    });
    await csat
      .getByRole('img', { name: new RegExp(`^CSAT by month: .* ${expected.at(-1)?.[1]}$`) })
      .waitFor();
    await csat.getByRole('button', { name: 'Show numbers' }).click();
    const csatRows = csat.getByRole('table', { name: 'CSAT by month' }).getByRole('row');
    await csatRows.first().waitFor();
    expect(await csatRows.count()).toBe(1 + csatMonths.length);
    for (const [i, [n, share, mean]] of expected.entries()) {
      const cells = await cellTexts(csatRows.nth(i + 1));
      expect([cells[1], cells[2], cells[4]]).toEqual([n, share, mean]);
    }
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('after the nightly scoring run, shows retention, survival and the most valuable at-risk customers', async () => {
    await runScoring(t.ctx, { trigger: 'test', settings: { paretoSampleSize: 0, currency: 'EUR' } });
    await setTestScores(
      t.ctx,
      planted.map((p) => ({
        customerId: plantedIds.get(p.name) ?? '',
        health: p.health,
        pAlive: p.pAlive,
        clvMinor: p.clvMinor,
      })),
    );
    const today = dayOf(new Date());
    const everyone = (await (await t.api('/api/v1/customers?limit=200')).json()).data as {
      id: string;
      firstSeenAt: string;
    }[];
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboards', level: 1 }).waitFor();
    for (const chart of ['Retention and churn rate', 'At-risk customers by value', 'Survival curves']) {
      await page.getByRole('region', { name: chart }).getByRole('button', { name: 'Show numbers' }).waitFor();
    }
    await page.getByRole('table', { name: 'Cohort retention heat map' }).waitFor();
    // Precomputed by the run: the card says when, in the reader's own clock.
    const run = await t.ctx.db
      .selectFrom('insight_run')
      .select('finished_at')
      .orderBy('started_at', 'desc')
      .executeTakeFirstOrThrow();
    const asOf = await page
      .getByRole('region', { name: 'Cohort retention' })
      .getByTestId('as-of')
      .textContent();
    expect(asOf).toBe(
      `As of ${new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }).format(run.finished_at as Date)}`,
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'dashboards');

    // Retention and churn by calendar month: customers at the start of the month (first seen
    // before it, not churned before it) and how many of them were marked churned in it.
    const retention = page.getByRole('region', { name: 'Retention and churn rate' });
    await retention.getByRole('img', { name: /^Retention and churn by month: / }).waitFor();
    const monthRows: string[][] = [];
    for (let back = 6; back >= 0; back--) {
      const start = dayOf(monthsAgo(back, 1, 0));
      const end = dayOf(monthsAgo(back - 1, 1, 0));
      const atStart = everyone.filter(
        (c) => dayOf(c.firstSeenAt) < start && (churnedOn.get(c.id) ?? Infinity) >= start,
      ).length;
      const churned = [...churnedOn.values()].filter((d) => d >= start && d < end).length;
      if (atStart > 0)
        monthRows.push([
          String(atStart),
          String(churned),
          pct1(churned / atStart),
          pct1(1 - churned / atStart),
        ]);
    }
    expect(monthRows.length).toBe(6);
    await retention.getByRole('button', { name: 'Show numbers' }).click();
    const retentionRows = retention
      .getByRole('table', { name: 'Retention and churn by month' })
      .getByRole('row');
    await retentionRows.first().waitFor();
    expect(await retentionRows.count()).toBe(1 + monthRows.length);
    for (const [i, expectedRow] of monthRows.entries()) {
      // Every churn here is a recorded cancellation: nobody went quiet for 180 days.
      const cells = (await cellTexts(retentionRows.nth(i + 1))).slice(1);
      expect(cells).toEqual([...expectedRow, '0', expectedRow[1]]);
    }
    // The chart says what it counts as churn.
    await retention
      .getByText(
        /^Churned = lapsed \(no purchase or other touchpoint of their own for 180 days, the lapse rule\) or a cancellation recorded\.$/,
      )
      .waitFor();

    // Survival by lifecycle stage: Kaplan–Meier over whole months from first seen to churned
    // (or to today, still a customer), computed here from the seeded lives.
    const survival = page.getByRole('region', { name: 'Survival curves' });
    await survival
      .getByRole('img', { name: /^Survival curves by month since first seen: All customers/ })
      .waitFor();
    await survival.getByLabel('Curves for').selectOption({ label: 'Lifecycle stage' });
    await survival.getByRole('img', { name: /Trial: 8 customers/ }).waitFor();
    const km = (stage: Life['stage']) => {
      const lifetimes = [...stageOf].map(([id, s]) => {
        const seen = dayOf(everyone.find((c) => c.id === id)?.firstSeenAt ?? '');
        const end = churnedOn.get(id);
        return s === stage
          ? { months: Math.floor(((end ?? today) - seen) / 30.4375), event: end !== undefined }
          : null;
      });
      const mine = lifetimes.filter((l) => l !== null);
      const curve: number[] = [];
      let s = 1;
      const horizon = Math.max(...mine.map((l) => l.months));
      for (let m = 0; m <= horizon; m++) {
        const atRisk = mine.filter((l) => l.months >= m).length;
        const events = mine.filter((l) => l.months === m && l.event).length;
        if (atRisk > 0) s *= 1 - events / atRisk;
        curve.push(s);
      }
      const median = curve.findIndex((x) => x <= 0.5);
      return { curve, median, churned: mine.filter((l) => l.event).length, n: mine.length };
    };
    const trial = km('trial');
    const subscriber = km('subscriber');
    expect(trial.median).toBe(2);
    expect(subscriber.median).toBe(-1);
    await survival
      .getByText(`Trial: ${trial.n} customers, ${trial.churned} churned, median lifetime 2 months`, {
        exact: false,
      })
      .waitFor();
    await survival
      .getByText(`Subscriber: ${subscriber.n} customers, ${subscriber.churned} churned, median not reached`, {
        exact: false,
      })
      .waitFor();
    await survival.getByText(/^Churned = lapsed .* or a cancellation recorded\.$/).waitFor();
    await survival.getByRole('button', { name: 'Show numbers' }).click();
    const survivalTable = survival.getByRole('table', { name: 'Survival by month' });
    await survivalTable.waitFor();
    const head = await survivalTable.getByRole('columnheader').allTextContents();
    for (const [label, expectedCurve] of [
      ['Trial', trial.curve],
      ['Subscriber', subscriber.curve],
    ] as const) {
      const col = head.indexOf(label);
      expect(col).toBeGreaterThan(0);
      for (const [m, s] of expectedCurve.entries()) {
        const cells = await cellTexts(survivalTable.getByRole('row').nth(m + 1));
        expect(cells[0]).toBe(String(m));
        expect(cells[col]?.startsWith(pct1(s)), `${label} month ${m}: ${cells[col]}`).toBe(true);
      }
    }

    // At risk by value: low health or low P(alive), most valuable first; the healthy customer
    // worth most is not there. The run's own customers are worth far less than the planted ones.
    const atRisk = page.getByRole('region', { name: 'At-risk customers by value' });
    const eur = (minor: number) =>
      new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(minor / 100);
    const ranked = planted
      .filter((p) => p.health < 40 || p.pAlive < 0.3)
      .sort((x, y) => y.clvMinor - x.clvMinor);
    expect(ranked.map((p) => p.name)).toEqual(['Grace Hopper', 'Alan Turing', 'Ada Lovelace']);
    const bars = atRisk
      .getByRole('group', { name: 'At-risk customers, most valuable first' })
      .getByRole('link');
    await bars.first().waitFor();
    for (const [i, p] of ranked.entries()) {
      expect(await bars.nth(i).getAttribute('aria-label')).toContain(
        `${p.name}: lifetime value ${eur(p.clvMinor)}`,
      );
    }
    await atRisk.getByRole('button', { name: 'Show numbers' }).click();
    const atRiskTable = atRisk.getByRole('table', { name: 'At-risk customers by value' });
    const atRiskRows = atRiskTable.getByRole('row');
    await atRiskRows.first().waitFor();
    for (const [i, p] of ranked.entries()) {
      const cells = await cellTexts(atRiskRows.nth(i + 1));
      expect(cells.slice(0, 4)).toEqual([
        p.name,
        eur(p.clvMinor),
        `${p.health} (${p.health < 40 ? 'At risk' : p.health < 70 ? 'Watch' : 'Healthy'})`,
        `${Math.round(p.pAlive * 100)}%`,
      ]);
    }
    expect(await atRiskTable.getByText('Linus Torvalds').count()).toBe(0);

    expect(await accessibilityProblems(page)).toEqual([]);

    // Each at-risk customer is one click from their 360.
    await bars.first().click();
    await page.waitForURL(new RegExp(`/customers/${plantedIds.get('Grace Hopper')}$`));
    await page.getByRole('heading', { name: 'Grace Hopper', level: 1 }).waitFor();
  });

  it('is not in an agent’s navigation', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB' });
    const agentPage = await context.newPage();
    agentPage.setDefaultTimeout(15_000);
    await agentPage.goto(`${t.url}/customers`);
    await signIn(agentPage, agent.email, agent.password);
    const nav = agentPage.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'My work' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Dashboards' }).count()).toBe(0);
    await context.close();
  });
});
