import type { Ctx } from '../../kernel/context.ts';
import type { ThemeDefinition } from './save-theme.ts';

/** The curated theme lexicon, built-in and admin-added themes alike. */
export async function listThemeLexicon(ctx: Pick<Ctx, 'db'>): Promise<ThemeDefinition[]> {
  const rows = await ctx.db.selectFrom('feedback_theme').selectAll().orderBy('slug').execute();
  return rows.map((r) => ({
    slug: r.slug,
    label: r.label,
    patterns: r.patterns,
    active: r.active,
    builtin: r.builtin,
  }));
}
