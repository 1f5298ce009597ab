import { once } from 'node:events';
import fs from 'node:fs';
import type { ImportReject } from './import-file.ts';

export type RejectsFile = {
  path: string;
  write(reject: ImportReject): Promise<void>;
  /** Closes the file; `error` says why it could not be written, if it could not. */
  close(): Promise<{ written: number; error?: string }>;
};

const cell = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * A CSV of every rejected line (line, reason, original text), created on the first reject so a
 * clean import leaves no empty file behind. If it cannot be written (a read-only data folder),
 * the import goes on and `close` reports why.
 */
export function openRejectsFile(path: string): RejectsFile {
  let out: fs.WriteStream | undefined;
  let error: string | undefined;
  let written = 0;
  const open = async () => {
    try {
      const handle = await fs.promises.open(path, 'w');
      out = handle.createWriteStream();
      out.write('line,reason,text\n');
    } catch (err) {
      error = (err as Error).message;
    }
  };
  return {
    path,
    async write(r) {
      if (!out && !error) await open();
      if (!out) return;
      written += 1;
      if (!out.write(`${cell(r.line)},${cell(r.reason)},${cell(r.text)}\n`)) await once(out, 'drain');
    },
    async close() {
      if (out) {
        const stream = out;
        await new Promise<void>((resolve) => stream.end(resolve));
      }
      return { written, error };
    },
  };
}
