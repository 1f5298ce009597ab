import type { Ctx } from '../../kernel/context.ts';
import { type NewInteraction, recordInteractions } from './record-interactions.ts';
import { describeIssues, type EventInput, eventInput } from './schemas.ts';

export type IngestReport = {
  accepted: number;
  duplicates: number;
  rejected: { index: number; sourceId?: string; reason: string }[];
  customersCreated: number;
};

export function toNewInteraction(e: EventInput): NewInteraction {
  return {
    customer: e.customerId
      ? { id: e.customerId }
      : { source: e.idSource, externalId: e.externalId as string, traits: e.traits },
    source: e.source,
    sourceId: e.sourceId,
    channel: e.channel,
    kind: e.kind,
    direction: e.direction,
    occurredAt: e.occurredAt,
    staffId: e.staffId,
    amountMinor: e.amount?.minor,
    currency: e.amount?.currency,
    sentiment: e.sentiment,
    subject: e.subject,
    body: e.body,
    properties: e.properties,
  };
}

/** The batch API: validates each event on its own, records the valid ones, reports the rest. */
export async function ingestEvents(ctx: Pick<Ctx, 'db' | 'queue'>, raw: unknown[]): Promise<IngestReport> {
  const rejected: IngestReport['rejected'] = [];
  const valid: { index: number; item: NewInteraction }[] = [];
  raw.forEach((r, index) => {
    const parsed = eventInput.safeParse(r);
    if (parsed.success) valid.push({ index, item: toNewInteraction(parsed.data) });
    else rejected.push({ index, sourceId: sourceIdOf(r), reason: describeIssues(parsed.error) });
  });
  const result = await recordInteractions(
    ctx,
    valid.map((v) => v.item),
  );
  result.outcomes.forEach((o, i) => {
    const v = valid[i];
    if (o.status === 'rejected' && v)
      rejected.push({ index: v.index, sourceId: v.item.sourceId, reason: o.reason });
  });
  rejected.sort((a, b) => a.index - b.index);
  return {
    accepted: result.accepted,
    duplicates: result.duplicates,
    rejected,
    customersCreated: result.customersCreated,
  };
}

function sourceIdOf(r: unknown): string | undefined {
  if (r && typeof r === 'object' && 'sourceId' in r && typeof r.sourceId === 'string')
    return r.sourceId.slice(0, 200);
  return undefined;
}
