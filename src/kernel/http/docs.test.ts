import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { createApiKey } from '../../modules/staff/index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('API description and health', () => {
  it('serves an OpenAPI 3.1 document that describes the routes and their schemas', async () => {
    const res = await fetch(`${t.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as AnyJson;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/events', '/api/v1/customers/{id}', '/v1/batch']),
    );
    const patch = doc.paths['/api/v1/customers/{id}'].patch;
    expect(patch.requestBody.content['application/json'].schema.properties).toHaveProperty('timeZone');
  });

  it('declares who may call each operation: security schemes, roles and scopes', async () => {
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as AnyJson;
    expect(doc.components.securitySchemes).toMatchObject({
      apiKey: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie' },
    });
    const assign = doc.paths['/api/v1/customers/assign-owner'].post;
    expect(assign.security).toEqual([
      { apiKey: ['write', 'admin'] },
      { session: ['admin', 'manager', 'agent'] },
    ]);
    expect(assign['x-tenure-access']).toEqual({ roles: ['admin', 'manager', 'agent'], scopes: ['write'] });
    expect(assign.description).toContain(
      'Allowed: staff with the role admin, manager or agent (session cookie); API keys with the scope write or admin.',
    );
    const rule = doc.paths['/api/v1/rules'].post;
    expect(rule.security).toEqual([{ apiKey: ['admin'] }, { session: ['admin', 'manager'] }]);
    const events = doc.paths['/api/v1/events'].post;
    expect(events.security).toEqual([{ apiKey: ['ingest', 'admin'] }, { session: ['admin'] }]);
    expect(doc.paths['/api/health'].get.security).toEqual([]);
    // Every operation says it, so generated clients and readers never have to guess.
    for (const [url, ops] of Object.entries(doc.paths as Record<string, Record<string, AnyJson>>)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.security, `${method} ${url}`).toBeDefined();
        expect(op['x-tenure-access'], `${method} ${url}`).toBeDefined();
      }
    }
  });

  it('answers 403 naming the scope or role the route needs', async () => {
    const { key } = await createApiKey(t.ctx, { name: 'quick start', scopes: ['ingest', 'read'] });
    const byKey = await t.api('/api/v1/customers/assign-owner', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      json: { customerIds: ['01900000-0000-7000-8000-000000000000'], ownerId: null },
    });
    expect(byKey.status).toBe(403);
    const keyError = (await byKey.json()).error;
    expect(keyError.message).toBe(
      'This API key has the scopes [ingest, read]; this route needs the scope write (or admin)',
    );
    expect(keyError.details).toEqual({ scopes: ['ingest', 'read'], neededScopes: ['write'] });

    const agent = await createStaffUser(t.ctx, 'agent');
    const cookie = await logInCookie(t, agent.staff.email, agent.password);
    const byAgent = await t.api('/api/v1/rules', { method: 'POST', headers: { cookie }, json: {} });
    expect(byAgent.status).toBe(403);
    expect((await byAgent.json()).error.message).toBe(
      'Your role "agent" may not call this route: it needs the role admin or manager',
    );
  });

  it('serves a human docs page without needing the internet', async () => {
    const page = await fetch(`${t.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = html.match(/src="([^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    expect(script?.startsWith('http')).toBe(false);
    const js = await fetch(new URL(script as string, `${t.url}/api/docs/`));
    expect(js.status).toBe(200);
  });

  it('reports health with the database reachable', async () => {
    const res = await fetch(`${t.url}/api/health`);
    expect((await res.json()) as AnyJson).toMatchObject({ status: 'ok', database: 'ok' });
  });
});
