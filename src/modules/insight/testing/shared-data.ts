import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The validation data sets live in `shared/data` beside the repository (see docs/insight.md). */
export const sharedDataDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/data',
);

export const readSharedFile = (relative: string): string =>
  fs.readFileSync(path.join(sharedDataDir, relative), 'utf8');
