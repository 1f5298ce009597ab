import { Alert, Divider, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useStaffById } from '../../api/staff.ts';
import type { Customer360, Interaction } from '../../api/types.ts';
import { formatDate, formatDays, formatMoney, formatRelative, humanize } from '../../ui/format.ts';
import { IconHeart } from '../../ui/icons.tsx';
import { FlagOpportunity } from '../opportunities/flag-opportunity.tsx';
import { CONTACT_KINDS, useLatest } from './api.ts';
import { ContactDetails } from './contact-details.tsx';
import { InteractionIcon, sentimentLabel } from './interaction-view.tsx';
import { OpenPromises } from './promises.tsx';
import { SendGift } from './send-gift.tsx';

const firstName = (name: string | null) => name?.split(/\s+/)[0] ?? 'them';

function Latest({
  title,
  item,
  empty,
}: {
  title: string;
  item: Interaction | null | undefined;
  empty: string;
}) {
  const staffById = useStaffById();
  const sentiment = item ? sentimentLabel(item.sentiment) : null;
  const outcome = item && typeof item.properties.outcome === 'string' ? item.properties.outcome : null;
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {title}
      </Text>
      {item === undefined ? (
        <Skeleton h={44} mt={4} />
      ) : item ? (
        <Group align="flex-start" wrap="nowrap" gap="sm" mt={4}>
          <InteractionIcon interaction={item} />
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600}>
              {humanize(item.kind)}
              {item.subject ? `: ${item.subject}` : ''}
            </Text>
            <Text size="sm" c="dimmed">
              {formatRelative(item.occurredAt)} ({formatDate(item.occurredAt)})
              {item.amount ? ` · ${formatMoney(item.amount.minor, item.amount.currency)}` : ''}
              {item.staffId ? ` · ${staffById.get(item.staffId)?.name ?? 'a colleague'}` : ''}
            </Text>
            {(sentiment || outcome) && (
              <Text size="sm">
                How it went: <strong>{sentiment?.label ?? humanize(outcome ?? '')}</strong>
              </Text>
            )}
            {item.body && (
              <Text size="sm" className="clamp-3" c="dimmed">
                {item.body}
              </Text>
            )}
          </div>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      )}
    </div>
  );
}

/**
 * What a rep needs on a call, in the order of the call: the last purchase and conversation
 * (and how it went), promises still open, the details to confirm, and a reminder to thank them.
 */
export function CallGuide({ customer: c }: { customer: Customer360 }) {
  const lastPurchase = useLatest(c.id, ['purchase']);
  const lastContact = useLatest(c.id, CONTACT_KINDS);
  const purchase = lastPurchase.data;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="call-guide-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="call-guide-heading">
          Call guide
        </Title>
        <Latest
          title="Last purchase"
          item={lastPurchase.isError ? null : purchase}
          empty="No purchases yet."
        />
        <Latest
          title="Last conversation"
          item={lastContact.isError ? null : lastContact.data}
          empty="Nobody has talked with them yet: introduce yourself."
        />
        {/* A sale found on this conversation is flagged on it, so the purchase credits it. */}
        {lastContact.data && (
          <FlagOpportunity
            customerId={c.id}
            interactionId={lastContact.data.id}
            defaultCurrency={purchase?.amount?.currency}
          />
        )}
        <OpenPromises customerId={c.id} />
        <Divider />
        <ContactDetails customer={c} />
        <Divider />
        <Alert color="green" variant="light" icon={<IconHeart />} title="Say thank you" role="note">
          Thank {firstName(c.name)} for being a customer for {formatDays(c.aggregates.tenureDays)}
          {purchase ? `, and for their purchase ${formatRelative(purchase.occurredAt)}` : ''}.
        </Alert>
        <SendGift customerId={c.id} from={{ kind: 'call', ref: `call-guide:${c.id}` }} />
      </Stack>
    </Paper>
  );
}
