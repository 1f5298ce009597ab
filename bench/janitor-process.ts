import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JanitorMessage } from './janitor.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Starts bench/janitor.ts for `name`. Call `release()` once the run has dropped or kept the
 * database itself; if the run is killed first, the janitor drops it.
 */
export function startJanitor(adminUrl: string, name: string): { release(): void } {
  const child = fork(path.join(here, 'janitor.ts'), [adminUrl, name], {
    execArgv: ['--import', 'tsx'],
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // Neither the process nor its channel may keep the run alive.
  child.unref();
  child.channel?.unref();
  return {
    release() {
      if (child.connected) child.send({ type: 'release' } satisfies JanitorMessage);
    },
  };
}
