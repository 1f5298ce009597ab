import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { getCustomerNames } from '../customers/index.ts';
import { toCaseView } from './case-view.ts';
import type { CaseView, SlaState } from './schemas.ts';
import type { Severity } from './tables.ts';

export type CaseQuery = {
  status?: 'active' | 'open' | 'snoozed' | 'resolved' | 'all';
  assigneeId?: string;
  /** Cases of any of these teams ('none': cases in no team). */
  teamIds?: string[];
  customerId?: string;
  severity?: Severity[];
  overdue?: boolean;
  unassigned?: boolean;
  sla?: SlaState[];
  cursor?: string;
  limit: number;
};

const encode = (p: number, at: Date, id: string) =>
  Buffer.from(`${p}|${at.toISOString()}|${id}`).toString('base64url');
function decode(c: string): { p: number; at: Date; id: string } {
  const [p, at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime()) || !Number.isInteger(Number(p)))
    throw new AppError('bad_request', 'Invalid cursor');
  return { p: Number(p), at: date, id };
}

/** A work queue: most urgent first (priority, then oldest), filtered; keyset-paginated. */
export async function listCases(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  q: CaseQuery,
): Promise<{ data: CaseView[]; nextCursor: string | null }> {
  const now = ctx.clock.now();
  let query = ctx.db
    .selectFrom('loop_case')
    .selectAll()
    .orderBy('priority')
    .orderBy('opened_at')
    .orderBy('id')
    .limit(q.limit + 1);
  const status = q.status ?? 'active';
  if (status === 'active') query = query.where('status', '<>', 'resolved');
  else if (status !== 'all') query = query.where('status', '=', status);
  if (q.assigneeId) query = query.where('assignee_id', '=', q.assigneeId);
  if (q.teamIds) {
    const ids = q.teamIds.filter((id) => id !== 'none');
    const none = q.teamIds.includes('none');
    query = query.where((eb) =>
      eb.or([
        ...(ids.length ? [eb('team_id', 'in', ids)] : []),
        ...(none ? [eb('team_id', 'is', null)] : []),
        ...(!ids.length && !none ? [sql<boolean>`false`] : []),
      ]),
    );
  }
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  if (q.severity?.length) query = query.where('severity', 'in', q.severity);
  if (q.unassigned) query = query.where('assignee_id', 'is', null);
  if (q.overdue) {
    query = query.where(
      sql<boolean>`status <> 'resolved' and ((first_contact_at is null and first_contact_due_at < ${now}) or resolution_due_at < ${now})`,
    );
  }
  if (q.sla?.length) {
    // The same tests as slaStateOf, in SQL, so a filtered page is still a full page.
    const breached = sql<boolean>`coalesce((first_contact_at is null and first_contact_due_at < ${now}) or resolution_due_at < ${now}, false)`;
    const warning = sql<boolean>`(not ${breached} and coalesce((first_contact_at is null and first_contact_warn_at <= ${now}) or resolution_warn_at <= ${now}, false))`;
    const states = { breached, warning, 'on-track': sql<boolean>`(not ${breached} and not ${warning})` };
    query = query.where('status', '<>', 'resolved').where(
      sql<boolean>`(${sql.join(
        q.sla.map((s) => states[s]),
        sql` or `,
      )})`,
    );
  }
  if (q.cursor) {
    const c = decode(q.cursor);
    query = query.where(sql<boolean>`(priority, opened_at, id) > (${c.p}, ${c.at}, ${c.id}::uuid)`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const names = await getCustomerNames(
    ctx,
    page.map((r) => r.customer_id),
  );
  return {
    data: page.map((r) => ({ ...toCaseView(r, now), customerName: names.get(r.customer_id) ?? null })),
    nextCursor: rows.length > q.limit && last ? encode(last.priority, last.opened_at, last.id) : null,
  };
}
