import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { createSurveyApi, npsSurvey } from '../../modules/feedback/testing.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

type Schema = Record<string, AnyJson>;

/** A pattern bounds a string when it is anchored and has no open-ended repetition. */
const boundedPattern = (p: string) => p.startsWith('^') && p.endsWith('$') && !/(?<!\\)[*+]|\{\d+,\}/.test(p);

/** Every place in the request schemas of the API description where a client could send too much. */
function unbounded(doc: AnyJson): string[] {
  const gaps: string[] = [];
  const walk = (s: Schema | undefined, where: string, depth: number) => {
    if (!s || typeof s !== 'object' || depth > 40) return;
    if (s.$ref) {
      const name = String(s.$ref).split('/').pop() as string;
      return walk(doc.components?.schemas?.[name], where, depth + 1);
    }
    for (const k of ['anyOf', 'oneOf', 'allOf'])
      for (const x of (s[k] as Schema[] | undefined) ?? []) walk(x, where, depth + 1);
    const types = [s.type].flat();
    if (types.includes('array') && s.maxItems === undefined) gaps.push(`${where}: array without maxItems`);
    if (
      types.includes('string') &&
      s.maxLength === undefined &&
      s.enum === undefined &&
      s.const === undefined &&
      s.format !== 'uuid' &&
      !(s.pattern && boundedPattern(s.pattern))
    )
      gaps.push(`${where}: string without maxLength`);
    if (
      (types.includes('number') || types.includes('integer')) &&
      (s.maximum ?? s.exclusiveMaximum) === undefined
    )
      gaps.push(`${where}: number without maximum`);
    if (
      types.includes('object') &&
      s.additionalProperties !== undefined &&
      s.additionalProperties !== false &&
      s.maxProperties === undefined
    )
      gaps.push(`${where}: open object without maxProperties`);
    if (s.items) walk(s.items, `${where}[]`, depth + 1);
    for (const [k, v] of Object.entries((s.properties as Record<string, Schema>) ?? {}))
      walk(v, `${where}.${k}`, depth + 1);
    if (s.additionalProperties && typeof s.additionalProperties === 'object')
      walk(s.additionalProperties, `${where}.*`, depth + 1);
  };
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, AnyJson>>))
    for (const [method, op] of Object.entries(ops)) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const p of op.parameters ?? []) walk(p.schema, `${at} ${p.in}.${p.name}`, 0);
      for (const c of Object.values((op.requestBody?.content ?? {}) as Record<string, AnyJson>))
        walk(c.schema, `${at} body`, 0);
    }
  return gaps;
}

const expectErrorShape = (body: AnyJson) => {
  expect(typeof body.error?.code).toBe('string');
  expect(typeof body.error?.message).toBe('string');
};

const deep = (levels: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe('bounded requests', () => {
  it('every array, string, number and open object of every request schema has a maximum', async () => {
    const doc: AnyJson = await (await fetch(`${t.url}/api/openapi.json`)).json();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(50);
    expect(unbounded(doc)).toEqual([]);
  });

  it('a 0.9 MB array of 450,000 items gets a short 400, not an error per item', async () => {
    const body = JSON.stringify({
      rule: { trigger: 'event', condition: 'true', eventKinds: Array(450_000).fill('X') },
    });
    expect(body.length).toBeGreaterThan(900_000);
    const res = await t.api('/api/v1/rules/dry-run', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    // Over the route's body limit: refused before it is even parsed.
    expect(res.status).toBe(413);
    const text = await res.text();
    expect(text.length).toBeLessThan(2000);
    expectErrorShape(JSON.parse(text));

    const hooks = await t.api('/api/v1/webhooks', {
      method: 'POST',
      json: { url: 'https://example.com/hook', eventTypes: Array(150_000).fill('case.opened') },
    });
    expect(hooks.status).toBe(413);
    expect((await hooks.text()).length).toBeLessThan(2000);
    // Within the body limit, the array is refused as a whole, not item by item.
    const within = await t.api('/api/v1/rules/dry-run', {
      method: 'POST',
      json: { rule: { trigger: 'event', condition: 'true', eventKinds: Array(4000).fill('X') } },
    });
    expect(within.status).toBe(400);
    const w = await within.json();
    expect(w.error.details.issues).toEqual([
      { path: 'body.rule.eventKinds', message: 'Too big: expected array to have <=50 items' },
    ]);
  });

  it('caps validation details at 20 issues and says how many more there were', async () => {
    const res = await t.api('/api/v1/customers', {
      method: 'POST',
      json: { identities: Array.from({ length: 20 }, () => ({ source: '!', externalId: '' })) },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.issues).toHaveLength(20);
    expect(body.error.details.more).toBe(20);
    expect(body.error.message).toMatch(/and 20 more$/);
  });

  it('refuses absurd nesting and absurd arrays anywhere before any schema looks', async () => {
    const res = await t.api('/api/v1/customers', { method: 'POST', json: { customFields: deep(100) } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/nested deeper than 32 levels/);
    const wide = await t.api('/api/v1/customers', {
      method: 'POST',
      json: { customFields: { x: Array(6000).fill(1) } },
    });
    expect(wide.status).toBe(400);
    expect((await wide.json()).error.message).toMatch(/array of 6000 items/);
  });

  it('rejects a NUL, a lone surrogate, an absurd date or deep nesting per event and keeps the rest', async () => {
    const event = (n: number, over: Record<string, unknown> = {}) => ({
      externalId: `bounds-${n}`,
      sourceId: `bounds-${n}`,
      channel: 'web',
      kind: 'visit',
      occurredAt: '2026-01-02T03:04:05Z',
      ...over,
    });
    const res = await t.api('/api/v1/events', {
      method: 'POST',
      json: {
        events: [
          event(0),
          event(1, { subject: 'a\u0000b' }),
          event(2, { subject: 'lone \ud800 surrogate' }),
          event(3, { occurredAt: '9999-12-31T23:59:59Z' }),
          event(4, { properties: deep(20) }),
          event(5, { properties: { k: 'nul \u0000 in json' } }),
          event(6),
        ],
      },
    });
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r.accepted).toBe(2);
    const reasons = Object.fromEntries(r.rejected.map((x: AnyJson) => [x.index, x.reason]));
    expect(Object.keys(reasons)).toEqual(['1', '2', '3', '4', '5']);
    expect(reasons[1]).toMatch(/subject: must not contain NUL/);
    expect(reasons[2]).toMatch(/subject: must not contain lone UTF-16 surrogates/);
    expect(reasons[3]).toMatch(/occurredAt: must lie between 1900 and 2200/);
    expect(reasons[4]).toMatch(/properties: .*nested deeper than 8 levels/);
    expect(reasons[5]).toMatch(/properties: k: must not contain NUL/);
  });

  it('does the same per message in a Segment batch', async () => {
    const track = (n: number, over: Record<string, unknown> = {}) => ({
      type: 'track',
      messageId: `seg-bounds-${n}`,
      userId: `seg-user-${n}`,
      event: 'Viewed',
      timestamp: '2026-01-02T03:04:05Z',
      ...over,
    });
    const res = await t.api('/v1/batch', {
      method: 'POST',
      json: {
        batch: [
          track(0),
          track(1, { event: 'nul\u0000' }),
          track(2, { properties: { s: '\udc00' } }),
          track(3, { timestamp: '+275760-09-13T00:00:00.000Z' }),
          track(4, { properties: deep(20) }),
          { type: 'identify', messageId: 'seg-bounds-5', userId: 'u5', traits: { name: 'x\u0000' } },
          track(6),
        ],
      },
    });
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r.accepted).toBe(2);
    expect(r.rejected.map((x: AnyJson) => x.index)).toEqual([1, 2, 3, 4, 5]);
    expect(r.rejected[2].reason).toMatch(/timestamp: must lie between 1900 and 2200/);
  });
});

describe('what the fuzzer found', () => {
  it('an empty PATCH of an unknown team is a 404, and a time after 24:00 a 400', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const patch = await t.api(`/api/v1/teams/${missing}`, { method: 'PATCH', json: {} });
    expect(patch.status).toBe(404);
    const team = await (await t.api('/api/v1/teams', { method: 'POST', json: { name: 'Bounds' } })).json();
    expect((await t.api(`/api/v1/teams/${team.id}`, { method: 'PATCH', json: {} })).status).toBe(200);
    const late = await t.api(`/api/v1/teams/${team.id}/coverage`, {
      method: 'PUT',
      json: { intervals: [{ weekday: 2, start: '24:38', end: '24:40' }] },
    });
    expect(late.status).toBe(400);
    expect((await late.json()).error.message).toMatch(/from 00:00 to 24:00/);
  });
});

describe('one error shape for everything', () => {
  const cases: [string, string, RequestInit][] = [
    ['malformed URL', '/api/v1/customers/%E0%A4%A', {}],
    ['unknown route', '/api/v1/nothing-here', {}],
    [
      'malformed JSON',
      '/api/v1/customers',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' },
    ],
    [
      'odd content type',
      '/api/v1/customers',
      { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' },
    ],
    [
      'too large',
      '/api/v1/customers',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x'.repeat(300_000) }),
      },
    ],
    ['over-long path parameter', `/api/v1/customers/${'a'.repeat(500)}`, {}],
  ];
  for (const [what, path, init] of cases)
    it(`answers a ${what} with a 4xx in the error shape`, async () => {
      const res = await t.api(path, init);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expectErrorShape(await res.json());
    });

  it('the anonymous form answers JSON and Accept: application/json with a 4xx in the error shape', async () => {
    const { id } = await createSurveyApi(t, npsSurvey({ anonymousForm: true }));
    const bodies: RequestInit[] = [
      { headers: { 'content-type': 'application/json' }, body: '{"foo":"bar"}' },
      {
        headers: { 'content-type': 'application/json' },
        body: '{"answers":[{"questionId":"nps","score":99}]}',
      },
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: 'nps=5',
      },
      { headers: { 'content-type': 'application/json' }, body: '[1,2' },
    ];
    for (const init of bodies) {
      const res = await fetch(`${t.url}/f/${id}`, { method: 'POST', ...init });
      expect({ status: res.status, init }).toMatchObject({ status: 400 });
      expectErrorShape(await res.json());
    }
  });
});
