import pg from 'pg';
import { createDb } from '../src/kernel/db/pool.ts';
import { createStaff } from '../src/modules/staff/index.ts';

/**
 * What a live database has besides the timeline, and the 360 reads: insight scores for every
 * customer (one scoring run), an open case for one customer in twenty, and a signed-in staff
 * member's cookie session. Without them the read benchmark would measure a 360 whose scores and
 * open-items lookups find nothing, and no session check (issue 14: it flattered the API).
 * Returns the Cookie header of the session, signed in over HTTP like a browser. Safe to run
 * again on a kept database (`--reuse`): what exists is left as it is.
 */
export async function addReadExtras(
  url: string,
  serverUrl: string,
  seed: number,
): Promise<{ cookie: string }> {
  const client = new pg.Client({ connectionString: url, application_name: 'tenure-bench-load' });
  await client.connect();
  try {
    await client.query('select setseed($1)', [((seed % 1000) + 1) / 1001]);
    const run = '00000000-0000-7000-8000-00000000be0c';
    await client.query(
      `insert into insight_run (id, status, through_date, trigger, finished_at)
       values ($1, 'succeeded', current_date, 'bench', now()) on conflict do nothing`,
      [run],
    );
    // Plausible values, not a fit: the read path's cost does not depend on them.
    await client.query(
      `insert into insight_score (customer_id, run_id, scored_at, status, first_seen_on, currency, frequency,
         revenue_minor, rfm_recency, rfm_frequency, rfm_monetary, rfm_segment, p_alive, expected_purchases,
         clv_minor, churn_probability, health, lapsed)
       select id, $1, now(), status, first_seen_at::date, 'USD', (random() * 10)::int, (random() * 100000)::bigint,
         1 + (random() * 4)::int, 1 + (random() * 4)::int, 1 + (random() * 4)::int, 'loyal', random(), random() * 3,
         (random() * 50000)::bigint, random(), (random() * 100)::int, status = 'lapsed'
       from customer on conflict do nothing`,
      [run],
    );
    await client.query(
      `insert into loop_case (customer_id, id, severity, priority, title, opened_at)
       select id, gen_random_uuid(), 'high', 2, 'Detractor (NPS 3)', now() - random() * interval '10 days'
       from customer where random() < 0.05 and not exists (select 1 from loop_case)`,
    );
    await client.query('analyze insight_score, loop_case');
  } finally {
    await client.end();
  }
  return { cookie: await signIn(url, serverUrl) };
}

/** A manager (who may read every customer, as the API key may) signs in. */
async function signIn(url: string, serverUrl: string): Promise<string> {
  const { db } = createDb(url, 1);
  const email = 'reader@bench.example';
  const password = 'a-long-bench-password-1';
  try {
    const exists = await db.selectFrom('staff').select('id').where('email', '=', email).executeTakeFirst();
    if (!exists) await createStaff({ db }, { email, password, role: 'manager' });
  } finally {
    await db.destroy();
  }
  const res = await fetch(`${serverUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: serverUrl },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (!res.ok || cookie.length === 0) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return cookie.join('; ');
}
