import http from 'node:http';
import { createRng } from './random.ts';
import type { ReadScenario } from './read-scenarios.ts';
import { Latencies, type LatencySummary } from './stats.ts';

export type OpenLoopResult = LatencySummary & { rate: number; sent: number; errors: number };

/**
 * Open-loop load: requests arrive at a fixed rate whatever the server's answers do, and each
 * latency runs from the request's scheduled start, so a stall shows up in every request queued
 * behind it (a closed-loop client would simply send less, hiding it).
 */
export async function runOpenLoop(opts: {
  baseUrl: string;
  auth: Record<string, string>;
  scenario: ReadScenario;
  rate: number;
  seconds: number;
  seed: number;
}): Promise<OpenLoopResult> {
  const rng = createRng(opts.seed);
  const url = new URL(opts.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies = new Latencies();
  let errors = 0;
  const total = Math.max(1, Math.round(opts.rate * opts.seconds));
  const request = (path: string, scheduled: number) =>
    new Promise<void>((resolve) => {
      const req = http.get({ agent, host: url.hostname, port: url.port, path, headers: opts.auth }, (res) => {
        res.resume();
        res.on('end', () => {
          const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
          if (ok) latencies.add(performance.now() - scheduled);
          else errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let sent = 0;
  try {
    while (sent < total) {
      const now = performance.now();
      // Everything due by now goes out at once, stamped with its own scheduled time.
      while (sent < total && start + (sent * 1000) / opts.rate <= now) {
        inFlight.push(request(opts.scenario.path(rng), start + (sent * 1000) / opts.rate));
        sent++;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  return { ...latencies.summary(), rate: opts.rate, sent, errors };
}
