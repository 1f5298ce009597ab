/**
 * Builds the web UI into web/dist. With --if-stale (what `npm start` runs first) it builds only
 * when a source file is newer than the last build, so a fresh clone gets a UI and a restart
 * costs nothing. A lock folder keeps parallel callers (test files, two terminals) from building
 * into the same folder at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const web = path.resolve(import.meta.dirname, '..');
const dist = path.join(web, 'dist', 'index.html');
const lock = path.join(web, '.build-lock');
const inputs = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => path.join(web, p));
const STALE_LOCK_MS = 5 * 60_000;

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!fs.existsSync(dist)) return true;
  const built = fs.statSync(dist).mtimeMs;
  return inputs.some((p) => newestMtime(p) > built);
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A build killed half-way leaves its lock behind; it is safe to take over an old one.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true });
      else await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the UI unless it is up to date (or always, with force). Returns whether it built. */
export async function buildWeb(opts: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (!opts.force && !webBuildIsStale()) return false;
  return withLock(async () => {
    if (!opts.force && !webBuildIsStale()) return false; // someone else built it while we waited
    const started = Date.now();
    const { build } = await import('vite');
    await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: opts.quiet ? 'warn' : 'info' });
    if (!opts.quiet) process.stdout.write(`web UI built in ${Date.now() - started} ms\n`);
    return true;
  });
}

// Run as a script (not imported by the end-to-end tests). Node 22 lacks import.meta.main.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  // Vite builds React's development bundle when NODE_ENV says so (a test runner sets "test").
  process.env.NODE_ENV = 'production';
  try {
    const built = await buildWeb({ force: !ifStale, quiet: ifStale });
    if (ifStale) process.stdout.write(built ? 'web UI built\n' : 'web UI is up to date\n');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    process.stderr.write(
      missing
        ? 'web UI not built: the build tools are not installed (npm install without --omit=dev)\n'
        : `web UI build failed: ${(err as Error).message}\n`,
    );
    // Starting without a fresh UI beats not starting: the API works and the page says what to do.
    if (!ifStale) process.exit(1);
  }
}
