import type { Ctx } from '../../../kernel/context.ts';
import { loadRoster } from '../../staff/index.ts';
import { CUSTOMER_REWARDS, MIN_GROUP, REWARD_LABELS, STAFF_RECOGNITION } from './options.ts';
import type { Tally } from './schemas.ts';

const tallyOf = (options: readonly string[], answers: string[][]): Tally =>
  options
    .map((choice) => ({
      choice,
      label: REWARD_LABELS[choice as keyof typeof REWARD_LABELS],
      count: answers.filter((a) => a.includes(choice)).length,
      first: answers.filter((a) => a[0] === choice).length,
    }))
    .sort((a, b) => b.count - a.count || b.first - a.first || a.choice.localeCompare(b.choice));

/**
 * What staff and customers value, for managers: how many chose each option (and as their first
 * choice). Staff answers are shown for the whole staff and per team only from MIN_GROUP answers
 * on, so nobody's answer can be read off a small team; customers are counted as a whole.
 */
export async function summarizeRewardPreferences(ctx: Pick<Ctx, 'db'>) {
  const [staffRows, customerRows, roster] = await Promise.all([
    ctx.db.selectFrom('people_staff_reward_preference').select(['staff_id', 'choices']).execute(),
    ctx.db
      .selectFrom('people_customer_reward_preference')
      .innerJoin('customer', 'customer.id', 'people_customer_reward_preference.customer_id')
      .where('customer.erased_at', 'is', null)
      .select('choices')
      .execute(),
    loadRoster(ctx),
  ]);
  const shown = (answers: string[][]) =>
    answers.length >= MIN_GROUP ? tallyOf(STAFF_RECOGNITION, answers) : null;
  const teams = [...roster.teams.values()]
    .map((team) => {
      const answers = staffRows
        .filter((r) => roster.staff.get(r.staff_id)?.teamId === team.id)
        .map((r) => r.choices);
      return { teamId: team.id, name: team.name, answers: answers.length, options: shown(answers) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const staffAnswers = staffRows.map((r) => r.choices);
  return {
    minGroup: MIN_GROUP,
    staff: { answers: staffAnswers.length, options: shown(staffAnswers), teams },
    customers: {
      answers: customerRows.length,
      options: tallyOf(
        CUSTOMER_REWARDS,
        customerRows.map((r) => r.choices),
      ),
    },
  };
}
