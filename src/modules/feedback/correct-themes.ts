import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';

/**
 * A person's correction of a response's themes. The effective themes change at once (results
 * count them); every correction is kept with who made it, and the automatic themes stay as they
 * were, so the lexicon can be judged against people later. The timeline entry is append-only
 * and keeps the themes the answer arrived with.
 */
export async function correctThemes(
  ctx: Pick<Ctx, 'db'>,
  responseId: string,
  change: { add?: string[]; remove?: string[] },
  staffId?: string,
): Promise<{ themes: string[]; autoThemes: string[] }> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await sql<{ themes: string[]; auto_themes: string[] }>`
      select themes, auto_themes from survey_response where id = ${responseId} for update`.execute(trx);
    const current = row.rows[0];
    if (!current) throw notFound('Response', responseId);
    const add = [...new Set(change.add ?? [])].filter((t) => !current.themes.includes(t));
    const remove = [...new Set(change.remove ?? [])].filter((t) => current.themes.includes(t));
    const themes = [...current.themes.filter((t) => !remove.includes(t)), ...add].sort();
    const corrections = [
      ...add.map((theme) => ({
        response_id: responseId,
        theme,
        action: 'add' as const,
        staff_id: staffId ?? null,
      })),
      ...remove.map((theme) => ({
        response_id: responseId,
        theme,
        action: 'remove' as const,
        staff_id: staffId ?? null,
      })),
    ];
    if (corrections.length) {
      await trx.insertInto('survey_response_theme_correction').values(corrections).execute();
      await trx.updateTable('survey_response').set({ themes }).where('id', '=', responseId).execute();
    }
    return { themes, autoThemes: current.auto_themes };
  });
}
