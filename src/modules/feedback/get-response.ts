import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { toResponseView } from './list-responses.ts';
import type { ResponseView } from './schemas.ts';

export async function getResponse(ctx: Pick<Ctx, 'db'>, id: string): Promise<ResponseView> {
  const row = await ctx.db.selectFrom('survey_response').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Response', id);
  return toResponseView(row);
}
