// Saved segments against real PostgreSQL: access and audit, paging with a cursor (the same set as
// the SQL), and the customer list narrowed to a segment.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyJson, TestApp } from '../../../../test/helpers.ts';
import { all, sqlCount as countBySql, startSegmentFixture } from './segment-fixture.ts';

let t: TestApp;
let managerId: string;
let managerCookie: string;
let agentCookie: string;

beforeAll(async () => {
  ({ t, managerId, managerCookie, agentCookie } = await startSegmentFixture());
});
afterAll(() => t?.close());
const sqlCount = (where: ReturnType<typeof sql>) => countBySql(t, where);

describe('saved segments', () => {
  const def = all({ field: 'status', op: 'is', value: 'active' }, { field: 'pAlive', op: 'lt', value: 0.5 });
  let id: string;

  it('managers save, agents read but may not write, and every change is audited', async () => {
    const byAgent = await t.api('/api/v1/segments', {
      method: 'POST',
      json: { name: 'At risk', definition: def },
      headers: { cookie: agentCookie },
    });
    expect(byAgent.status).toBe(403);
    const res = await t.api('/api/v1/segments', {
      method: 'POST',
      json: { name: 'At risk', description: 'active, unlikely to buy', definition: def },
      headers: { cookie: managerCookie },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const saved = await res.json();
    id = saved.id;
    expect(saved.createdBy).toBe(managerId);
    const dup = await t.api('/api/v1/segments', {
      method: 'POST',
      json: { name: 'At risk', definition: def },
    });
    expect(dup.status).toBe(409);
    const broken = await t.api('/api/v1/segments', {
      method: 'POST',
      json: { name: 'Broken', definition: all({ field: 'nope', op: 'is', value: 1 }) },
    });
    expect(broken.status).toBe(400);
    const read = await t.api(`/api/v1/segments/${id}`, { headers: { cookie: agentCookie } });
    expect((await read.json()).definition).toEqual(def);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where target = ${id} and action not like '%.read' order by id`.execute(
      t.ctx.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['segment.create']);
  });

  it('counts and pages its customers with a cursor, the same set as the SQL', async () => {
    const expected = await sqlCount(sql`c.status = 'active' and s.p_alive < 0.5`);
    const count = await (await t.api(`/api/v1/segments/${id}/count`)).json();
    expect(count.count).toBe(expected);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: AnyJson = await (
        await t.api(`/api/v1/segments/${id}/customers?limit=3${after ? `&after=${after}` : ''}`)
      ).json();
      seen.push(...page.data.map((m: AnyJson) => m.id));
      after = page.nextCursor;
    } while (after);
    expect(new Set(seen).size).toBe(expected);
  });

  it('narrows the customer list and its count (segmentId)', async () => {
    const inSegment = sql`c.status = 'active' and s.p_alive < 0.5`;
    const count = await (await t.api(`/api/v1/customers/count?segmentId=${id}`)).json();
    expect(count.count).toBe(await sqlCount(inSegment));
    const list = await (await t.api(`/api/v1/customers?segmentId=${id}&limit=200`)).json();
    expect(list.data.length).toBe(count.count);
    // Combined with the list's own filters.
    const mine = await (
      await t.api(`/api/v1/customers?segmentId=${id}&ownerId=${managerId}&limit=200`)
    ).json();
    expect(mine.data.length).toBe(await sqlCount(sql`${inSegment} and c.owner_id = ${managerId}::uuid`));
    const missing = await t.api('/api/v1/customers?segmentId=00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
  });

  it('updates and deletes, audited', async () => {
    const upd = await t.api(`/api/v1/segments/${id}`, {
      method: 'PUT',
      json: { name: 'At risk (any status)', definition: all({ field: 'pAlive', op: 'lt', value: 0.5 }) },
      headers: { cookie: managerCookie },
    });
    expect(upd.status).toBe(200);
    expect((await (await t.api(`/api/v1/segments/${id}/count`)).json()).count).toBe(
      await sqlCount(sql`s.p_alive < 0.5`),
    );
    expect((await t.api(`/api/v1/segments/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/api/v1/segments/${id}`)).status).toBe(404);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where target = ${id} and action not like '%.read' order by id`.execute(
      t.ctx.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['segment.create', 'segment.update', 'segment.delete']);
  });
});
