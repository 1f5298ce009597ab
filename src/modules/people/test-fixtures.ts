// Test fixtures of the people module (not used by the product): survey answers and resolved cases
// written as the feedback and loop modules store them, so scorecards can be tested on exact facts.
import { v7 as uuidv7 } from 'uuid';
import type { TestApp } from '../../../test/helpers.ts';
import { recordInteractions } from '../customers/index.ts';
import { createSurveyApi, npsSurvey } from '../feedback/testing.ts';

export async function csatSurvey(t: TestApp): Promise<string> {
  const s = await createSurveyApi(
    t,
    npsSurvey({ name: 'CSAT', questions: [{ id: 'csat', type: 'csat', text: 'How satisfied were you?' }] }),
  );
  return s.id;
}

export async function addResponse(
  t: TestApp,
  surveyId: string,
  customerId: string,
  score: number,
  at: string,
) {
  await t.ctx.db
    .insertInto('survey_response')
    .values({
      id: uuidv7(),
      customer_id: customerId,
      survey_id: surveyId,
      survey_version: 1,
      channel: 'email',
      via: 'import',
      type: 'csat',
      score,
      answers: JSON.stringify([]),
      responded_at: new Date(at),
    } as never)
    .execute();
}

export async function addResolvedCase(t: TestApp, customerId: string, outcome: string, at: string) {
  await t.ctx.db
    .insertInto('loop_case')
    .values({
      customer_id: customerId,
      id: uuidv7(),
      status: 'resolved',
      severity: 'medium',
      priority: 2,
      title: `Case ${outcome}`,
      opened_at: new Date(new Date(at).getTime() - 86_400_000),
      resolved_at: new Date(at),
      outcome,
    } as never)
    .execute();
}

export async function addPurchase(t: TestApp, customerId: string, at: string, amountMinor = 1000) {
  await recordInteractions(t.ctx, [
    {
      customer: { id: customerId },
      source: 'test',
      sourceId: uuidv7(),
      channel: 'web',
      kind: 'purchase',
      occurredAt: new Date(at),
      amountMinor,
      currency: 'EUR',
    },
  ]);
}
