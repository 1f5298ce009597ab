import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { Access } from '../../../kernel/http/access.ts';
import { recordAudit } from '../../staff/index.ts';
import { getCustomerRewardPreference } from './get-customer-reward-preference.ts';
import { getStaffRewardPreference } from './get-staff-reward-preference.ts';
import { CUSTOMER_REWARDS, REWARD_LABELS, STAFF_RECOGNITION } from './options.ts';
import {
  customerPreferenceInput,
  customerPreferenceView,
  staffPreferenceInput,
  staffPreferenceView,
  summaryView,
} from './schemas.ts';
import { setCustomerRewardPreference } from './set-customer-reward-preference.ts';
import { setStaffRewardPreference } from './set-staff-reward-preference.ts';
import { summarizeRewardPreferences } from './summarize-reward-preferences.ts';

// A staff member answers for themselves: an API key has no one to answer for.
const own: Access = { roles: ['admin', 'manager', 'agent'], scopes: [] };
const readCustomer: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const writeCustomer: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };
const managers: Access = { roles: ['admin', 'manager'], scopes: ['read'] };
const tags = ['people'];
const customerParams = z.object({ customerId: z.string().uuid() });
const option = z.object({ id: z.string(), label: z.string() });

const staffOf = (req: { principal?: { kind: string; id: string } }) => {
  if (req.principal?.kind !== 'staff')
    throw new AppError('forbidden', 'Only a staff member answers for themselves');
  return req.principal.id;
};

export function rewardPreferenceRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/people/reward-preferences/options',
      {
        config: { access: readCustomer },
        schema: {
          tags,
          summary: 'What staff and customers can say they value',
          response: { 200: z.object({ staff: z.array(option), customers: z.array(option) }) },
        },
      },
      async () => ({
        staff: STAFF_RECOGNITION.map((id) => ({ id, label: REWARD_LABELS[id] })),
        customers: CUSTOMER_REWARDS.map((id) => ({ id, label: REWARD_LABELS[id] })),
      }),
    );
    app.get(
      '/api/v1/people/reward-preferences/me',
      {
        config: { access: own },
        schema: { tags, summary: 'The recognition I said I value', response: { 200: staffPreferenceView } },
      },
      async (req) => getStaffRewardPreference(ctx, staffOf(req)),
    );
    app.put(
      '/api/v1/people/reward-preferences/me',
      {
        config: { access: own },
        schema: {
          tags,
          summary: 'Say which recognition I value (up to three, most valued first)',
          body: staffPreferenceInput,
          response: { 200: staffPreferenceView },
        },
      },
      async (req) => setStaffRewardPreference(ctx, staffOf(req), req.body.choices),
    );
    app.get(
      '/api/v1/people/customers/:customerId/reward-preference',
      {
        config: { access: readCustomer },
        schema: {
          tags,
          summary: 'Which rewards a customer values',
          params: customerParams,
          response: { 200: customerPreferenceView },
        },
      },
      async (req) => getCustomerRewardPreference(ctx, req.params.customerId),
    );
    app.put(
      '/api/v1/people/customers/:customerId/reward-preference',
      {
        config: { access: writeCustomer },
        schema: {
          tags,
          summary: 'Record which rewards a customer values (up to three, most valued first)',
          params: customerParams,
          body: customerPreferenceInput,
          response: { 200: customerPreferenceView },
        },
      },
      async (req) =>
        setCustomerRewardPreference(ctx, req.params.customerId, { ...req.body, source: 'staff' }, (trx) =>
          recordAudit(trx, req, {
            action: 'people.reward-preference-set',
            customerId: req.params.customerId,
            details: { choices: req.body.choices },
          }),
        ),
    );
    app.get(
      '/api/v1/people/reward-preferences/summary',
      {
        config: { access: managers },
        schema: {
          tags,
          summary: 'What staff (per team, from 5 answers) and customers value, counted',
          response: { 200: summaryView },
        },
      },
      async () => summarizeRewardPreferences(ctx),
    );
  };
}
