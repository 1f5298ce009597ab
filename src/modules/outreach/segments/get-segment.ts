import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';
import type { Definition } from './definition.ts';

export type Segment = {
  id: string;
  name: string;
  description: string;
  definition: Definition;
  createdAt: Date;
  createdBy: string | null;
  updatedAt: Date;
  updatedBy: string | null;
};

export const segmentColumns = [
  'id',
  'name',
  'description',
  'definition',
  'created_at as createdAt',
  'created_by as createdBy',
  'updated_at as updatedAt',
  'updated_by as updatedBy',
] as const;

/** A saved segment; not_found when there is none with this id. */
export async function getSegment(ctx: Pick<Ctx, 'db'>, id: string): Promise<Segment> {
  const row = await ctx.db
    .selectFrom('segment')
    .select(segmentColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Segment', id);
  return row;
}
