import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const allRoutes = () => t.app.routeTable;

describe('route access', () => {
  it('every route declares who may call it, and public ones say why', () => {
    const routes = allRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const unguarded = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`);
    expect(unguarded).toEqual([]);
    for (const r of routes) {
      if ('public' in r.access) expect(r.access.public.length).toBeGreaterThan(3);
      else expect(r.access.roles.length + r.access.scopes.length).toBeGreaterThan(0);
    }
  });

  it('refuses to start when a route forgets its access declaration', async () => {
    const { createHttpServer } = await import('./server.ts');
    const bad = async (app: import('fastify').FastifyInstance) => {
      app.get('/api/v1/oops', async () => 'open');
    };
    await expect(
      createHttpServer({
        logger: false,
        authenticate: async () => undefined,
        modules: [bad],
        version: 'test',
      }),
    ).rejects.toThrow(/declares no access/);
  });

  it('every non-public route refuses an anonymous caller with 401 and the error shape', async () => {
    const guarded = allRoutes().filter((r) => !('public' in r.access));
    expect(guarded.length).toBeGreaterThan(10);
    for (const r of guarded) {
      const url = r.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      for (const method of [r.method].flat()) {
        if (method === 'HEAD') continue;
        const res = await fetch(t.url + url, {
          method,
          headers: method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' },
          body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
        });
        expect({ route: `${method} ${r.url}`, status: res.status }).toEqual({
          route: `${method} ${r.url}`,
          status: 401,
        });
        const body = (await res.json()) as AnyJson;
        expect(body.error.code).toBe('unauthorized');
      }
    }
  });

  it('rejects a revoked or made-up API key', async () => {
    const res = await fetch(`${t.url}/api/v1/customers`, {
      headers: { authorization: 'Bearer tnr_made_up' },
    });
    expect(res.status).toBe(401);
  });
});
