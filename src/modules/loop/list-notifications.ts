import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

export type NotificationView = {
  id: string;
  caseId: string | null;
  customerId: string | null;
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
};

/** A staff member's in-app notifications, newest first, and how many are unread in all. */
export async function listNotifications(
  ctx: Pick<Ctx, 'db'>,
  recipientId: string,
  q: { unread?: boolean; limit: number },
): Promise<{ data: NotificationView[]; unreadCount: number }> {
  let query = ctx.db
    .selectFrom('notification')
    .select(['id', 'case_id', 'customer_id', 'kind', 'title', 'body', 'created_at', 'read_at'])
    .where('recipient_id', '=', recipientId)
    .where('channel', '=', 'in-app')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.unread) query = query.where('read_at', 'is', null);
  const [rows, unread] = await Promise.all([
    query.execute(),
    ctx.db
      .selectFrom('notification')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('recipient_id', '=', recipientId)
      .where('channel', '=', 'in-app')
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    data: rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      customerId: r.customer_id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      createdAt: r.created_at,
      readAt: r.read_at,
    })),
    unreadCount: unread.n,
  };
}
