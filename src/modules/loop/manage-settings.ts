import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { listPrograms, saveProgram } from '../outreach/index.ts';
import type { LoopTables, PlaybookStep, Severity } from './tables.ts';

type Db = Pick<Ctx, 'db' | 'clock'>;

export type PlaybookView = {
  id: string;
  key: string;
  name: string;
  description: string;
  steps: PlaybookStep[];
  enabled: boolean;
  /** share of customers held out of the proactive steps (docs/loop.md, "Playbook holdouts") */
  holdoutShare: number;
};

const toPlaybookView = (
  r: Selectable<LoopTables['playbook']>,
  shares: Map<string, number>,
): PlaybookView => ({
  id: r.id,
  key: r.key,
  name: r.name,
  description: r.description,
  steps: r.steps,
  enabled: r.enabled,
  holdoutShare: shares.get(r.id) ?? 0,
});

// A playbook's holdout share lives in outreach's program registry (the program's id is the playbook's).
const playbookShares = async (ctx: Db) =>
  new Map((await listPrograms(ctx, { kind: 'playbook' })).map((p) => [p.id, p.holdoutShare]));

export async function listPlaybooks(ctx: Db): Promise<PlaybookView[]> {
  const rows = await ctx.db.selectFrom('playbook').selectAll().orderBy('key').execute();
  const shares = await playbookShares(ctx);
  return rows.map((r) => toPlaybookView(r, shares));
}

export async function getPlaybook(ctx: Db, id: string): Promise<PlaybookView> {
  const row = await ctx.db.selectFrom('playbook').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Playbook', id);
  return toPlaybookView(row, await playbookShares(ctx));
}

/** Creates a playbook, or replaces one's fields when `id` is given. Cases already started keep their tasks. */
export async function savePlaybook(
  ctx: Db,
  p: Partial<Omit<PlaybookView, 'id'>>,
  id?: string,
  by?: string,
): Promise<PlaybookView> {
  const values = {
    ...(p.key !== undefined && { key: p.key }),
    ...(p.name !== undefined && { name: p.name }),
    ...(p.description !== undefined && { description: p.description }),
    ...(p.steps !== undefined && { steps: JSON.stringify(p.steps) }),
    ...(p.enabled !== undefined && { enabled: p.enabled }),
  };
  const row = id
    ? await ctx.db
        .updateTable('playbook')
        .set({ ...values, updated_at: ctx.clock.now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst()
    : await ctx.db
        .insertInto('playbook')
        .values({
          id: uuidv7(),
          key: p.key ?? '',
          name: p.name ?? '',
          steps: JSON.stringify(p.steps ?? []),
          ...values,
        })
        .returningAll()
        .executeTakeFirst();
  if (!row) throw notFound('Playbook', id ?? '');
  await saveProgram(ctx, {
    id: row.id,
    kind: 'playbook',
    key: row.key,
    name: row.name,
    holdoutShare: p.holdoutShare,
    by: by ?? null,
  });
  return toPlaybookView(row, await playbookShares(ctx));
}

export async function listRootCauses(ctx: Db): Promise<{ key: string; label: string; active: boolean }[]> {
  return ctx.db.selectFrom('root_cause').select(['key', 'label', 'active']).orderBy('key').execute();
}

/** Adds a root cause to the managed list, or relabels / retires one (retired ones stay on old cases). */
export async function saveRootCause(
  ctx: Db,
  rc: { key: string; label: string; active: boolean },
): Promise<void> {
  await ctx.db
    .insertInto('root_cause')
    .values(rc)
    .onConflict((oc) => oc.column('key').doUpdateSet({ label: rc.label, active: rc.active }))
    .execute();
}

export type SlaPolicyView = {
  severity: Severity;
  firstContactMinutes: number;
  resolutionMinutes: number;
  warnAtPercent: number;
};

export async function listSlaPolicies(ctx: Db): Promise<SlaPolicyView[]> {
  const rows = await ctx.db.selectFrom('sla_policy').selectAll().orderBy('first_contact_minutes').execute();
  return rows.map((r) => ({
    severity: r.severity,
    firstContactMinutes: r.first_contact_minutes,
    resolutionMinutes: r.resolution_minutes,
    warnAtPercent: r.warn_at_percent,
  }));
}

/** Sets the business-minute targets of one severity; applies to cases opened (or reopened) from now on. */
export async function setSlaPolicy(ctx: Db, p: SlaPolicyView): Promise<void> {
  if (p.resolutionMinutes < p.firstContactMinutes)
    throw new AppError(
      'validation_failed',
      'resolutionMinutes: must not be shorter than firstContactMinutes',
    );
  const values = {
    severity: p.severity,
    first_contact_minutes: p.firstContactMinutes,
    resolution_minutes: p.resolutionMinutes,
    warn_at_percent: p.warnAtPercent,
  };
  await ctx.db
    .insertInto('sla_policy')
    .values(values)
    .onConflict((oc) => oc.column('severity').doUpdateSet(values))
    .execute();
}
