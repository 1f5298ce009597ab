import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { deleteAnonymousResponses } from '../feedback/index.ts';
import { clearAuditDetail } from '../staff/index.ts';

export type Retention = {
  /** Anonymous survey answers older than this many days are deleted; null keeps them. */
  anonymousAnswersDays: number | null;
  /** Audit entries older than this many days lose their detail and address; null keeps them. */
  auditDetailDays: number | null;
};

const DAY_MS = 86_400_000;

export async function getRetention(ctx: Pick<Ctx, 'db'>): Promise<Retention & { updatedAt: Date }> {
  const r = await ctx.db
    .selectFrom('privacy_settings')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    anonymousAnswersDays: r.anonymous_answers_days,
    auditDetailDays: r.audit_detail_days,
    updatedAt: r.updated_at,
  };
}

export async function setRetention(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  patch: Partial<Retention>,
  staffId: string | null,
): Promise<Retention & { updatedAt: Date }> {
  await ctx.db
    .updateTable('privacy_settings')
    .set({
      ...(patch.anonymousAnswersDays !== undefined && { anonymous_answers_days: patch.anonymousAnswersDays }),
      ...(patch.auditDetailDays !== undefined && { audit_detail_days: patch.auditDetailDays }),
      updated_at: ctx.clock.now(),
      updated_by: staffId,
    })
    .where('id', '=', 1)
    .execute();
  return getRetention(ctx);
}

/** Applies the retention settings now; the nightly job calls it. */
export async function applyRetention(ctx: Pick<Ctx, 'db' | 'clock'>) {
  const r = await getRetention(ctx);
  const now = ctx.clock.now().getTime();
  return {
    anonymousAnswersDeleted:
      r.anonymousAnswersDays === null
        ? 0
        : await deleteAnonymousResponses(ctx.db, new Date(now - r.anonymousAnswersDays * DAY_MS)),
    auditEntriesCleared:
      r.auditDetailDays === null
        ? 0
        : await clearAuditDetail(ctx.db, new Date(now - r.auditDetailDays * DAY_MS)),
  };
}

export const applyRetentionJob = defineJob<Record<string, never>>({
  name: 'privacy.apply-retention',
  cron: '40 3 * * *',
  handle: (ctx) => applyRetention(ctx),
});
