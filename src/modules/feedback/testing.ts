// Helpers shared by the feedback module's tests (not used by the product).
import type { TestApp } from '../../../test/helpers.ts';
import { createSends } from './create-sends.ts';
import type { SurveyInput } from './schemas.ts';
import { buildSurveyLinks } from './survey-links.ts';

export const npsSurvey = (over: Partial<SurveyInput> = {}): SurveyInput => ({
  name: 'Relationship NPS',
  title: 'How are we doing?',
  intro: 'Two quick questions, one minute.',
  thanks: 'Thank you, it really helps.',
  emailSubject: 'Would you recommend us?',
  questions: [
    {
      id: 'nps',
      type: 'nps',
      text: 'How likely are you to recommend us to a friend?',
      followUps: [
        { min: 0, max: 6, text: 'What could we have done better?' },
        { min: 9, max: 10, text: 'What did you like most?' },
      ],
    },
    {
      id: 'topic',
      type: 'single',
      text: 'What was it about?',
      required: false,
      options: [
        { value: 'service', label: 'Service' },
        { value: 'product', label: 'Product' },
      ],
    },
  ],
  ...over,
});

export async function createSurveyApi(
  t: TestApp,
  input: SurveyInput = npsSurvey(),
): Promise<{ id: string; version: number }> {
  const res = await t.api('/api/v1/surveys', { method: 'POST', json: input });
  if (res.status !== 201) throw new Error(`survey create failed: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function createCustomerApi(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const res = await t.api('/api/v1/customers', { method: 'POST', json: body });
  if (res.status !== 201) throw new Error(`customer create failed: ${res.status} ${await res.text()}`);
  return (await res.json()).id;
}

/** A personal link without going through email: the send exists, its token is signed. */
export async function personalLink(
  t: TestApp,
  surveyId: string,
  customerId: string,
  dedupeKey = `test:${Math.random()}`,
) {
  const { created } = await createSends(t.ctx, {
    surveyId,
    customerIds: [customerId],
    channel: 'email',
    dedupeKey,
    enqueue: false,
  });
  const ref = created[0];
  if (!ref) throw new Error('no send created');
  const send = await t.ctx.db
    .selectFrom('survey_send')
    .select('expires_at')
    .where('customer_id', '=', customerId)
    .where('id', '=', ref.sendId)
    .executeTakeFirstOrThrow();
  const links = await buildSurveyLinks(t.ctx, { ...ref, expiresAt: send.expires_at }, t.ctx.clock.now());
  return { ...ref, token: links.token, url: `${t.url}/s/${links.token}` };
}

/** URL-encoded form body, as a browser posts it. */
export const form = (fields: [string, string][]) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

/**
 * Waits until a background effect (a job run by the worker) is visible. It asserts nothing about
 * time: the test's own timeout is the only limit.
 */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
