// A PATCH changes what it is sent and nothing else. zod 4 fills defaults even inside `.partial()`,
// so every PATCH body built from a schema with defaults goes through `patchOf`; these pin the
// routes that had defaulted fields (rules and playbooks are pinned in loop/rule-editing.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { createSurveyApi } from '../../modules/feedback/testing.ts';
import { patchOf } from '../validation.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const json = async (res: Response): Promise<AnyJson> => {
  if (res.status >= 300) throw new Error(`${res.status} ${await res.text()}`);
  return res.json();
};

describe('a partial update keeps the fields it is not sent', () => {
  it('patchOf drops defaults but keeps validation and descriptions', () => {
    const schema = z.object({
      name: z.string().min(2),
      enabled: z.boolean().default(true).describe('on or off'),
    });
    const patch = patchOf(schema);
    expect(patch.parse({})).toEqual({});
    expect(patch.parse({ enabled: false })).toEqual({ enabled: false });
    expect(patch.safeParse({ name: 'x' }).success).toBe(false);
    expect(patch.shape.enabled.unwrap().description).toBe('on or off');
  });

  it('pausing a survey trigger keeps its condition', async () => {
    const survey = await createSurveyApi(t);
    const made = await json(
      await t.api(`/api/v1/surveys/${survey.id}/triggers`, {
        method: 'POST',
        json: { interactionKind: 'purchase', delayHours: 24, condition: { minAmountMinor: 5000 } },
      }),
    );
    const paused = await json(
      await t.api(`/api/v1/surveys/${survey.id}/triggers/${made.id}`, {
        method: 'PATCH',
        json: { active: false },
      }),
    );
    expect(paused).toMatchObject({ active: false, delayHours: 24, condition: { minAmountMinor: 5000 } });
  });

  it('changing one insight setting keeps the others', async () => {
    // A PUT that merges: it takes any subset of the settings.
    await json(await t.api('/api/v1/insight/settings', { method: 'PUT', json: { currency: 'EUR' } }));
    const after = await json(
      await t.api('/api/v1/insight/settings', { method: 'PUT', json: { clvMonths: 24 } }),
    );
    expect(after).toMatchObject({ currency: 'EUR', clvMonths: 24 });
  });

  it('disabling a webhook keeps its format and event types', async () => {
    const { webhook: hook } = await json(
      await t.api('/api/v1/webhooks', {
        method: 'POST',
        json: { url: 'https://hooks.example.com/x', format: 'slack', eventTypes: ['case.opened'] },
      }),
    );
    const off = await json(
      await t.api(`/api/v1/webhooks/${hook.id}`, { method: 'PATCH', json: { enabled: false } }),
    );
    expect(off).toMatchObject({ enabled: false, format: 'slack', eventTypes: ['case.opened'] });
  });
});
