import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';

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
