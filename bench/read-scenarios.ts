import type pg from 'pg';
import { customer360Statement } from '../src/modules/customers/get-customer-360.ts';
import { wireModules } from '../src/wiring.ts';
import type { Rng } from './random.ts';
import { firstNames, lastNames } from './vocabulary.ts';

export type ReadScenario = {
  name: string;
  /** The API request path for one random subject. */
  path(rng: Rng): string;
  /** The same read as bare SQL on one pooled connection. */
  sql(client: pg.PoolClient, rng: Rng): Promise<void>;
};

// The 360 runs the API's own statement, open items and scores included (the modules register
// them as SQL, so this process wires them as the server does); the others repeat what
// list-timeline.ts and search-customers.ts send. The baseline is the database work of the same
// read without the HTTP, auth, validation, serialisation and audit layers.
export function readScenarios(ids: string[], shopIds: string[]): ReadScenario[] {
  wireModules({ realTime: false });
  const statement360 = customer360Statement(true);
  const anyId = (rng: Rng) => ids[rng.int(ids.length)] as string;
  const searchTerm = (rng: Rng): string => {
    const u = rng.next();
    const first = rng.pick(firstNames);
    const last = rng.pick(lastNames);
    if (u < 0.35) return last;
    if (u < 0.55) return `${first} ${last}`;
    if (u < 0.75) return `${first}.${last}${rng.int(997)}@`;
    if (u < 0.9) return shopIds[rng.int(shopIds.length)] as string;
    return first.slice(0, 2);
  };
  return [
    {
      name: 'customer 360',
      path: (rng) => `/api/v1/customers/${anyId(rng)}`,
      async sql(client, rng) {
        // Named, as the API sends it (src/kernel/db/named-statements.ts).
        await client.query({ ...statement360, values: [[anyId(rng)]] });
      },
    },
    {
      name: 'timeline',
      path: (rng) => `/api/v1/customers/${anyId(rng)}/timeline`,
      async sql(client, rng) {
        await client.query(
          'select * from interaction where customer_id = $1 order by occurred_at desc, id desc limit 51',
          [anyId(rng)],
        );
      },
    },
    {
      name: 'search',
      path: (rng) => `/api/v1/customers?query=${encodeURIComponent(searchTerm(rng))}`,
      async sql(client, rng) {
        const query = searchTerm(rng);
        const text = query.toLowerCase();
        const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
        const pattern = text.length >= 3 ? `%${escaped}%` : `${escaped}%`;
        const byId = await client.query<{ customer_id: string }>(
          'select customer_id from customer_identity where external_id = $1 limit 50',
          [query],
        );
        const byText = await client.query<{ id: string }>(
          'select id from customer where search_text like $1 limit 50',
          [pattern],
        );
        const found = [...new Set([...byId.rows.map((r) => r.customer_id), ...byText.rows.map((r) => r.id)])];
        if (found.length === 0) return;
        const page = await client.query<{ id: string }>(
          'select * from customer where id = any($1::uuid[]) order by id limit 51',
          [found],
        );
        await client.query(
          'select customer_id, source, external_id from customer_identity where customer_id = any($1::uuid[])',
          [page.rows.slice(0, 50).map((r) => r.id)],
        );
      },
    },
  ];
}
