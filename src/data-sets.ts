import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real data sets Tenure ships with (CDNOW purchases, IBM Telco churn, UCI labelled review
 * sentences), each with its provenance in `data/<set>/SOURCE.md`. The demo replays CDNOW; the
 * insight tests validate the models against the published figures on both; the feedback tests
 * measure comment sentiment on the review sentences.
 */
export const dataSetsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../data');

export const dataSetPath = (relative: string): string => path.join(dataSetsDir, relative);

export const readDataSet = (relative: string): string => fs.readFileSync(dataSetPath(relative), 'utf8');
