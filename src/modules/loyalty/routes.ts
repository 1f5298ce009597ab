import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { getCustomer } from '../customers/index.ts';
import { getLoyaltyAccount } from './get-loyalty-account.ts';

export function loyaltyRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/loyalty/customers/:customerId',
      {
        config: { access: { roles: ['admin', 'manager', 'agent'], scopes: ['read'] } },
        schema: {
          tags: ['loyalty'],
          summary: "A customer's points balance and latest grants",
          params: z.object({ customerId: z.string().uuid() }),
          response: {
            200: z.object({
              customerId: z.string().uuid(),
              balance: z.number(),
              entries: z.array(
                z.object({
                  id: z.number(),
                  points: z.number(),
                  code: z.string().nullable(),
                  reason: z.string(),
                  source: z.string(),
                  key: z.string(),
                  createdAt: z.date(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        await getCustomer(ctx, req.params.customerId);
        return getLoyaltyAccount(ctx, req.params.customerId);
      },
    );
  };
}
