import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';

describe('logging', () => {
  it('never writes credentials', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        out += chunk;
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      { req: { headers: { authorization: 'Bearer tnr_secret', cookie: 'tenure_session=abc' } } },
      'in',
    );
    log.info({ password: 'hunter2-long', key: 'tnr_other', token: 'signed.token' }, 'cli');
    expect(out).not.toMatch(/tnr_secret|tenure_session=abc|hunter2|tnr_other|signed\.token/);
    expect(out).toMatch(/\[redacted\]/);
  });

  it('logs the route pattern of a request, not its URL with tokens in it', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        out += chunk;
        cb();
      },
    });
    createLogger('info', sink).info({
      req: { method: 'GET', url: '/s/eyJsecret?x=1', routeOptions: { url: '/s/:token' } },
    });
    expect(out).toContain('/s/:token');
    expect(out).not.toContain('eyJsecret');
  });
});
