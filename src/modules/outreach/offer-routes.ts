import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { recordAudit } from '../staff/index.ts';
import { addOfferCodes } from './offers/add-offer-codes.ts';
import { assignOffer } from './offers/assign-offer.ts';
import { archiveOffer, createOffer } from './offers/create-offer.ts';
import { getOffer, listOffers } from './offers/list-offers.ts';
import { assignmentView, offerCode, offerInput, offerView } from './offers/schemas.ts';

const manage: Access = { roles: ['admin', 'manager'], scopes: ['write'] };
const read: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const tags = ['outreach'];
const params = z.object({ id: z.string().uuid() });

/** Offers for long-standing customers: define, stock with codes, give, and see them redeemed. */
export function offerRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/offers',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'Offers, newest first, with codes free, given and redeemed',
          response: { 200: z.object({ data: z.array(offerView) }) },
        },
      },
      async () => ({ data: await listOffers(ctx) }),
    );

    app.get(
      '/api/v1/offers/:id',
      {
        config: { access: read },
        schema: { tags, summary: 'One offer', params, response: { 200: offerView } },
      },
      async (req) => getOffer(ctx, req.params.id),
    );

    app.post(
      '/api/v1/offers',
      {
        config: { access: manage },
        schema: {
          tags,
          summary: 'Create an offer targeted by tenure and value, with pooled or generated codes',
          body: offerInput,
          response: { 201: offerView },
        },
      },
      async (req, reply) => {
        const offer = await createOffer(ctx, req.body, staffIdOf(req) ?? null);
        await recordAudit(ctx.db, req, {
          action: 'offer.create',
          target: offer.id,
          details: { name: offer.name },
        });
        return reply.status(201).send(offer);
      },
    );

    app.post(
      '/api/v1/offers/:id/archive',
      {
        config: { access: manage },
        schema: {
          tags,
          summary: 'End an offer: no more codes are given',
          params,
          response: { 200: offerView },
        },
      },
      async (req) => {
        const offer = await archiveOffer(ctx, req.params.id);
        await recordAudit(ctx.db, req, { action: 'offer.archive', target: offer.id });
        return offer;
      },
    );

    app.post(
      '/api/v1/offers/:id/codes',
      {
        config: { access: manage },
        // 5,000 codes of up to 64 characters.
        bodyLimit: 512 * 1024,
        schema: {
          tags,
          summary: "Add codes to a pool offer's stock (codes known to any offer are skipped and counted)",
          params,
          body: z.object({ codes: z.array(offerCode).min(1).max(5000) }),
          response: { 200: z.object({ added: z.number(), alreadyKnown: z.number() }) },
        },
      },
      async (req) => {
        const r = await addOfferCodes(ctx, req.params.id, req.body.codes);
        await recordAudit(ctx.db, req, { action: 'offer.codes.add', target: req.params.id, details: r });
        return r;
      },
    );

    app.post(
      '/api/v1/offers/:id/assign',
      {
        config: { access: manage },
        schema: {
          tags,
          summary: 'Give the offer to customers: each eligible one gets their code, the others say why not',
          description:
            'Giving again returns the same code. Eligibility: the offer is active and not past its end, ' +
            'the customer has been one for at least `minTenureDays` and has spent at least `minSpendMinor` ' +
            'in its currency. The code goes on the timeline; a purchase carrying it (property `coupon`, ' +
            '`code`, `discountCode`, `promoCode`…) redeems it.',
          params,
          body: z.object({ customerIds: z.array(z.string().uuid()).min(1).max(1000) }),
          response: { 200: z.object({ data: z.array(assignmentView) }) },
        },
      },
      async (req) => {
        const data = await assignOffer(ctx, req.params.id, req.body.customerIds);
        for (const a of data.filter((x) => x.assigned))
          await recordAudit(ctx.db, req, {
            action: 'offer.give',
            customerId: a.customerId,
            target: req.params.id,
          });
        return { data };
      },
    );
  };
}
