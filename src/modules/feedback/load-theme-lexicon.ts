import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import type { ThemeLexicon } from './analyze-comment.ts';

const cache = new WeakMap<Kysely<Database>, { at: number; lexicon: Promise<ThemeLexicon> }>();
// Answers arrive in bursts; re-reading the lexicon once a few seconds is plenty, and an admin's
// edit clears the cache of the process that made it at once.
const TTL_MS = 5_000;

/** The active themes with their patterns. */
export function loadThemeLexicon(ctx: { db: Kysely<Database> }): Promise<ThemeLexicon> {
  const hit = cache.get(ctx.db);
  const now = Date.now();
  if (hit && now - hit.at < TTL_MS) return hit.lexicon;
  const lexicon = ctx.db
    .selectFrom('feedback_theme')
    .select(['slug', 'patterns'])
    .where('active', '=', true)
    .orderBy('slug')
    .execute();
  cache.set(ctx.db, { at: now, lexicon });
  lexicon.catch(() => cache.delete(ctx.db));
  return lexicon;
}

export const forgetThemeLexicon = (db: Kysely<Database>) => cache.delete(db);
