import fs from 'node:fs';
import type pg from 'pg';

// /proc reports CPU time in clock ticks; Linux has used 100 per second on every common platform.
const TICK_MS = 10;

/** CPU time (user + system) a process has used so far, 0 once it is gone. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

export type CpuSnapshot = { server: number; backends: Map<number, number>; self: number };
export type CpuSpent = { server: number; postgres: number; loadGenerator: number };

const selfMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * CPU time of the server process, of the PostgreSQL backends serving this database (found in
 * pg_stat_activity, so other databases' work on a shared server is not counted) and of this
 * process, which generates the load. On a 2-core machine these compete, so each side's cost per
 * request says more than throughput alone. Every backend of the database counts, the one this
 * query runs on included: for bare SQL that pooled connection is one of those doing the work
 * (leaving it out understated the baseline's CPU). A backend that disconnects during a phase
 * takes its time with it, so the pools measured stay connected throughout.
 */
export async function cpuSnapshot(pool: pg.Pool, serverPid: number | undefined): Promise<CpuSnapshot> {
  const { rows } = await pool.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database()',
  );
  return {
    server: serverPid ? cpuMsOf(serverPid) : 0,
    backends: new Map(rows.map((r) => [r.pid, cpuMsOf(r.pid)])),
    self: selfMs(),
  };
}

export async function cpuSince(
  pool: pg.Pool,
  serverPid: number | undefined,
  before: CpuSnapshot,
): Promise<CpuSpent> {
  const now = await cpuSnapshot(pool, serverPid);
  let postgres = 0;
  // A backend that connected during the phase started from zero.
  for (const [pid, ms] of now.backends) postgres += ms - (before.backends.get(pid) ?? 0);
  return { server: now.server - before.server, postgres, loadGenerator: now.self - before.self };
}
