import { createRequire } from 'node:module';

// cli-progress (and its dependencies) load only when a bar is drawn on a terminal, so `tenure
// --help` and commands writing to a pipe do not pay for them.
const require = createRequire(import.meta.url);
const loadCliProgress = (): typeof import('cli-progress') => require('cli-progress');

export type Progress<V extends object> = {
  start(total: number, values: V): void;
  update(done: number, values: V): void;
  stop(): void;
};

const num = (n: number) => n.toLocaleString('en-US');

/**
 * A progress bar on a terminal; elsewhere (CI logs, `docker logs`, a pipe) plain lines at every
 * tenth of the way, so a long run is never silent for minutes and logs hold no control codes.
 */
export function createProgress<V extends object>(opts: {
  label: string;
  unit: string;
  extra?: (values: V) => string;
  stream?: NodeJS.WriteStream;
}): Progress<V> {
  const stream = opts.stream ?? process.stderr;
  const extra = (v: V) => (opts.extra ? ` | ${opts.extra(v)}` : '');
  if (stream.isTTY) {
    const cliProgress = loadCliProgress();
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${opts.label} [{bar}] {percentage}% | {value}/{total} ${opts.unit}{extra}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    let total = 0;
    return {
      start(t, values) {
        started = true;
        total = t;
        bar.start(total, 0, { extra: extra(values) });
      },
      update(done, values) {
        // Some counts (rows read so far) have no total in advance: the bar grows with them.
        if (done > total) bar.setTotal((total = done));
        bar.update(done, { extra: extra(values) });
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let total = 0;
  let lastStep = -1;
  let last: { done: number; values: V } | undefined;
  const line = (done: number, values: V) => {
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    stream.write(`${opts.label}: ${pct}% (${num(done)}/${num(total)} ${opts.unit})${extra(values)}\n`);
  };
  return {
    start(t, values) {
      total = t;
      lastStep = 0;
      last = { done: 0, values };
      line(0, values);
    },
    update(done, values) {
      last = { done, values };
      if (done > total) total = done;
      const step = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (step > lastStep && step < 10) {
        lastStep = step;
        line(done, values);
      }
    },
    stop() {
      if (last && lastStep >= 0) line(last.done, last.values);
      lastStep = -1;
      last = undefined;
    },
  };
}
