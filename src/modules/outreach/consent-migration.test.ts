import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, startTestApp, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const dir = path.join(import.meta.dirname, 'migrations');
const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');

class Rollback extends Error {}

describe('the consent migration', () => {
  it('turns yes/no preferences with wildcards into the cells they covered, the most specific winning', async () => {
    const { id: customerId } = await (
      await t.api('/api/v1/customers', { method: 'POST', json: { name: 'Old Preferences' } })
    ).json();
    const staff = await createStaffUser(t.ctx, 'agent');
    // The table as the first outreach migration created it.
    const v1 = /create table contact_preference \([\s\S]*?\n\);/.exec(
      read('20261123190100-outreach.sql'),
    )?.[0];
    if (!v1) throw new Error('no v1 table in the first migration');
    let cells: { purpose: string; channel: string; state: string; source: string; recorded_by: string }[] =
      [];
    await t.ctx.db
      .transaction()
      .execute(async (trx) => {
        await sql`drop table contact_preference`.execute(trx);
        await sql.raw(v1).execute(trx);
        const row = (purpose: string, channel: string, allowed: boolean, source: string, by: string | null) =>
          sql`insert into contact_preference (customer_id, purpose, channel, allowed, source, updated_by)
              values (${customerId}, ${purpose}, ${channel}, ${allowed}, ${source}, ${by})`.execute(trx);
        await row('*', 'email', false, 'phone', staff.staff.id); // no email at all…
        await row('survey', 'email', true, 'staff', staff.staff.id); // …but surveys by email are fine
        await row('survey', '*', false, 'unsubscribe link', null); // no surveys elsewhere
        await row('newsletter', 'web', false, 'import', null); // the widget, for newsletters
        await row('check-in', 'fax', false, 'import', null); // a channel nobody can consent to now
        await sql.raw(read('20261205110000-consent.sql')).execute(trx);
        cells = (
          await sql<(typeof cells)[number]>`select purpose, channel, state, source, recorded_by
            from contact_preference where customer_id = ${customerId} order by channel, purpose`.execute(trx)
        ).rows;
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    const shown = cells.map((c) => `${c.channel}/${c.purpose}: ${c.state} (${c.source}, ${c.recorded_by})`);
    expect(shown).toEqual([
      'email/marketing: refused (phone, staff)',
      'email/service: refused (phone, staff)',
      'email/survey: granted (staff, staff)',
      'in-app/marketing: refused (import, import)',
      'in-app/survey: refused (unsubscribe link, customer)',
      'phone/survey: refused (unsubscribe link, customer)',
      'post/survey: refused (unsubscribe link, customer)',
      'sms/survey: refused (unsubscribe link, customer)',
    ]);
  });
});
