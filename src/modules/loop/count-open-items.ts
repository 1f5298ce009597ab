import type { Ctx } from '../../kernel/context.ts';

/** Open cases and open tasks of a customer, for the customer 360. */
export async function countOpenItems(ctx: Pick<Ctx, 'db'>, customerId: string): Promise<number> {
  const [cases, tasks] = await Promise.all([
    ctx.db
      .selectFrom('loop_case')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', customerId)
      .where('status', '<>', 'resolved')
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('task')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', customerId)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow(),
  ]);
  return Number(cases.n) + Number(tasks.n);
}
