import type { Ctx } from '../../../kernel/context.ts';
import { getSigningKey } from '../../../kernel/signed-token.ts';
import { readClickToken } from './click-links.ts';
import { templateLinks } from './template.ts';

/**
 * Follows a tracked link: the token names a send and an index into the campaign template's own
 * links, so the target can only be a URL the author wrote. Records the click and returns the
 * URL; a forged or unknown token returns null (a 404).
 */
export async function recordClick(
  ctx: Pick<Ctx, 'db' | 'config' | 'clock'>,
  token: string,
): Promise<string | null> {
  const now = ctx.clock.now();
  const read = readClickToken(await getSigningKey(ctx), token, now);
  if (!read) return null;
  const row = await ctx.db
    .selectFrom('campaign_send as s')
    .innerJoin('campaign as c', 'c.id', 's.campaign_id')
    .select('c.body')
    .where('s.id', '=', read.sendId)
    .executeTakeFirst();
  const url = row ? templateLinks(row.body)[read.index] : undefined;
  if (!url) return null;
  await ctx.db.insertInto('campaign_click').values({ send_id: read.sendId, url, clicked_at: now }).execute();
  return url;
}
