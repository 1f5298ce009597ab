import type { Ctx } from '../../kernel/context.ts';
import { forgetThemeLexicon } from './load-theme-lexicon.ts';

export type ThemeDefinition = {
  slug: string;
  label: string;
  patterns: string[];
  active: boolean;
  builtin: boolean;
};

/**
 * Adds a theme to the curated lexicon or changes one (label, patterns, on/off). New answers are
 * tagged with it from now on; answers already stored keep their themes.
 */
export async function saveTheme(
  ctx: Pick<Ctx, 'db'>,
  t: { slug: string; label: string; patterns: string[]; active?: boolean },
): Promise<ThemeDefinition> {
  const patterns = [...new Set(t.patterns.map((p) => p.trim().toLowerCase()).filter(Boolean))];
  const row = await ctx.db
    .insertInto('feedback_theme')
    .values({ slug: t.slug, label: t.label, patterns, active: t.active ?? true })
    .onConflict((oc) =>
      oc
        .column('slug')
        .doUpdateSet({ label: t.label, patterns, active: t.active ?? true, updated_at: new Date() }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  forgetThemeLexicon(ctx.db);
  return {
    slug: row.slug,
    label: row.label,
    patterns: row.patterns,
    active: row.active,
    builtin: row.builtin,
  };
}
