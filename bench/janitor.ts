/**
 * Drops the run's database if the run dies without saying goodbye. tsx answers a Ctrl-C by
 * SIGKILLing a child that does not react within 30 ms, which a busy data generator cannot, so
 * cleanup in the run itself is not enough. This process lives in its own session (a Ctrl-C to
 * the terminal does not reach it), notices the IPC channel closing when the run is gone, and
 * drops the one database whose name it was given, if it still carries the benchmark's marker.
 */
import { dropBenchDatabase } from './bench-db.ts';

export type JanitorMessage = { type: 'release' };

const [adminUrl, name] = process.argv.slice(2);
let released = false;

process.on('message', (m: JanitorMessage) => {
  if (m.type === 'release') {
    released = true;
    process.disconnect();
  }
});
process.on('disconnect', () => {
  if (released || !adminUrl || !name) process.exit(0);
  void dropBenchDatabase(adminUrl, name).finally(() => process.exit(0));
});
