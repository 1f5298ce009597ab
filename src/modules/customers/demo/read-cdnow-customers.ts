import fs from 'node:fs';
import { createRowIds } from '../import/create-row-ids.ts';
import { looksLikeHeader } from '../import/import-file.ts';
import { parseDate, parseDecimal } from '../import/parse-values.ts';
import { readRecords } from '../import/read-records.ts';

export type CdnowPurchase = {
  /** The id `tenure import interactions` gives the same row. */
  sourceId: string;
  /** The purchase day at 00:00 UTC, before any shifting. */
  day: Date;
  cds: number;
  dollars: number;
};
export type CdnowCustomer = { externalId: string; purchases: CdnowPurchase[] };

/**
 * Streams CDNOW_master.txt (`customer_id date number_of_cds dollar_value`, whitespace-separated,
 * header optional) one customer at a time. The file is sorted by customer, so a customer is
 * complete when the id changes. A line that does not fit the layout stops the demo: it is a
 * fixed public data set, and a mismatch means the wrong file was given.
 */
export async function* readCdnowCustomers(
  path: string,
  opts: { maxCustomers?: number } = {},
): AsyncGenerator<CdnowCustomer> {
  const input = fs.createReadStream(path);
  const rowIds = createRowIds();
  let current: CdnowCustomer | undefined;
  let emitted = 0;
  try {
    for await (const rec of readRecords(input, { format: 'whitespace' })) {
      if (rec.index === 0 && rec.ok && looksLikeHeader(rec.fields)) continue;
      const [id, date, cds, dollars] = rec.ok ? rec.fields : [];
      const day = date === undefined ? undefined : parseDate(date, 'YYYYMMDD');
      const count = cds === undefined ? undefined : parseDecimal(cds);
      const value = dollars === undefined ? undefined : parseDecimal(dollars);
      if (!rec.ok || rec.fields.length !== 4 || !id || !day || count === undefined || value === undefined) {
        throw new Error(
          `${path} line ${rec.line} is not "customer_id YYYYMMDD number_of_cds dollar_value": ${rec.text.slice(0, 80)}`,
        );
      }
      if (current?.externalId !== id) {
        if (current) {
          yield current;
          emitted += 1;
          if (opts.maxCustomers !== undefined && emitted >= opts.maxCustomers) return;
        }
        current = { externalId: id, purchases: [] };
      }
      current.purchases.push({ sourceId: rowIds(rec.fields), day, cds: count, dollars: value });
    }
    if (current && (opts.maxCustomers === undefined || emitted < opts.maxCustomers)) yield current;
  } finally {
    input.destroy();
  }
}
