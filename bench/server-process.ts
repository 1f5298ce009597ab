import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParentMessage, ServerMessage } from './server.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SAMPLE_MS = 50;

export type ServerProcess = {
  url: string;
  pid: number;
  /** Starts a measurement phase: the kernel's high-water mark is reset, sampling restarts. */
  beginPhase(): void;
  /** Peak resident set size (bytes) since `beginPhase`. */
  endPhase(): number;
  /** The highest resident set size seen over the whole run. */
  overallPeak(): number;
  heap(): Promise<Extract<ServerMessage, { type: 'memory' }>>;
  stop(): Promise<void>;
};

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs bench/server.ts in a child Node process (tsx as a loader, so the measured PID is the server
 * itself, not a wrapper). RSS is sampled from /proc every 50 ms, and VmHWM — the kernel's exact
 * peak — is reset per phase through /proc/PID/clear_refs where the kernel allows it.
 */
export async function startServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child: ChildProcess = fork(path.join(here, 'server.ts'), [], {
    // The same V8 heap cap as `npm start`: the memory target is for the server as shipped.
    execArgv: ['--max-old-space-size=256', '--import', 'tsx'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TENURE_LOG_LEVEL: 'warn',
      // Lets a run try V8 flags on the server alone, e.g. --max-old-space-size=256.
      ...(process.env.BENCH_SERVER_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }
        : {}),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pid = child.pid as number;
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`bench server exited with code ${code} before it was ready`)),
    );
    child.on('message', (m: ServerMessage) => {
      if (m.type === 'ready') resolve(m.port);
    });
  });
  child.removeAllListeners('exit');

  let phasePeak = 0;
  let overall = 0;
  let hwmReset = false;
  const sampler = setInterval(() => {
    const rss = statusField(pid, 'VmRSS');
    phasePeak = Math.max(phasePeak, rss);
    overall = Math.max(overall, rss);
  }, SAMPLE_MS);
  sampler.unref();
  const send = (m: ParentMessage) => child.send(m);

  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    beginPhase() {
      phasePeak = statusField(pid, 'VmRSS');
      try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
        hwmReset = true;
      } catch {
        hwmReset = false;
      }
    },
    endPhase() {
      const hwm = statusField(pid, 'VmHWM');
      overall = Math.max(overall, hwm);
      return hwmReset ? Math.max(hwm, phasePeak) : phasePeak;
    },
    overallPeak: () => Math.max(overall, statusField(pid, 'VmHWM')),
    heap: () =>
      new Promise((resolve) => {
        const onMessage = (m: ServerMessage) => {
          if (m.type !== 'memory') return;
          child.off('message', onMessage);
          resolve(m);
        };
        child.on('message', onMessage);
        send({ type: 'memory' });
      }),
    async stop() {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
