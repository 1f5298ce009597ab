import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../kernel/http/server.ts';
import { webRoutes } from './routes.ts';

// The UI routes need no database: serve a tiny stand-in build from a temporary folder.
let dir: string;
let app: FastifyInstance;
let missing: FastifyInstance;
const server = (dist: string) =>
  createHttpServer({
    logger: false,
    authenticate: async () => undefined,
    version: 'test',
    modules: [webRoutes({ dist })],
  });

beforeAll(async () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-web-'));
  fs.writeFileSync(path.join(parent, 'secret.txt'), 'TOP SECRET');
  dir = path.join(parent, 'dist');
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Tenure</title><div id="root"></div>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("hi")');
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  app = await server(dir);
  missing = await server(path.join(dir, 'nothing-here'));
});
afterAll(async () => {
  await app?.close();
  await missing?.close();
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

describe('web UI serving', () => {
  it('serves index.html for the root and for deep links, never cached, with a strict CSP', async () => {
    for (const url of ['/', '/customers', '/customers/0195b3c4-0000-7000-8000-000000000000?tab=timeline']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('serves hashed assets as immutable and top-level files as they are', async () => {
    const js = await app.inject({ url: '/assets/app-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toMatch(/immutable/);
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/svg/);
  });

  it('answers a missing asset and unknown API paths with a 404 in the API error shape, not the app', async () => {
    for (const url of [
      '/assets/nope.js',
      '/api/nope',
      '/api/v1/nope/deeper',
      '/v1/nope',
      '/s/abc',
      '/f/x/y',
      '/w',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('never serves files outside the build folder', async () => {
    for (const url of [
      '/assets/../../secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%2fsecret.txt',
      '/assets//etc/passwd',
      '/%2e%2e/secret.txt',
    ]) {
      const res = await app.inject({ url });
      expect(res.body, url).not.toContain('TOP SECRET');
      expect(res.body, url).not.toContain('root:');
    }
  });

  it('says how to build the UI when there is no build, instead of failing', async () => {
    const res = await missing.inject({ url: '/customers' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
  });
});
