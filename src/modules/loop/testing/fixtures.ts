import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Clock } from '../../../kernel/clock.ts';
import { getMailer } from '../../../kernel/mail.ts';

/** A clock the test moves by hand: SLA and shift tests must not depend on when they run. */
export function manualClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (s) => (now = new Date(s)) };
}

/** Waits for a condition that other processes or workers make true; fails after a bound, never sleeps blindly. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  attempts = 1200,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

export type CapturedMail = { to: string; raw: string };

/** A real SMTP server on a random port that keeps what it receives. */
export async function startSmtp(): Promise<{ url: string; mails: CapturedMail[]; close(): Promise<void> }> {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        for (const to of session.envelope.rcptTo)
          mails.push({ to: to.address, raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  // A killed worker process resets its connections: that is expected here, not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const url = `smtp://127.0.0.1:${port}?tls=off`;
  return {
    url,
    mails,
    close: () => {
      // The kernel's pooled transport keeps connections open; closing it lets the server stop at once.
      getMailer({ smtpUrl: url, mailFrom: 'x' }).close();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

export type ReceivedHook = { headers: Record<string, string>; body: string };

/**
 * A real HTTP endpoint for outgoing webhooks. `failFirst` answers 500 to the first n requests,
 * to exercise retries. `hold` keeps every request waiting until `release()`, as a slow receiver
 * would; `maxInFlight` is the most requests it held at once.
 */
export async function startReceiver(opts: { failFirst?: number; hold?: boolean } = {}): Promise<{
  url: string;
  received: ReceivedHook[];
  inFlight(): number;
  maxInFlight(): number;
  release(): void;
  close(): Promise<void>;
}> {
  const received: ReceivedHook[] = [];
  let failures = opts.failFirst ?? 0;
  let held = opts.hold ?? false;
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const answer = () => {
        inFlight--;
        if (failures > 0) {
          failures--;
          res.writeHead(500).end('try again');
          return;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        received.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      };
      if (held) waiting.push(answer);
      else answer();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    release() {
      held = false;
      for (const answer of waiting.splice(0)) answer();
    },
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
