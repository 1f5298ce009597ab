import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { type ApiKeyView, toApiKeyView } from './create-api-key.ts';

export async function listApiKeys(ctx: Pick<Ctx, 'db'>): Promise<ApiKeyView[]> {
  const rows = await ctx.db.selectFrom('api_key').selectAll().orderBy('created_at', 'desc').execute();
  return rows.map(toApiKeyView);
}

export async function revokeApiKey(ctx: Pick<Ctx, 'db' | 'clock'>, id: string): Promise<ApiKeyView> {
  const row = await ctx.db
    .updateTable('api_key')
    .set({ revoked_at: ctx.clock.now() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('Active API key', id);
  return toApiKeyView(row);
}
